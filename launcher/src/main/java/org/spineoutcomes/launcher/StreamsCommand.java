package org.spineoutcomes.launcher;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.spineoutcomes.launcher.config.PipelineConfig;
import org.spineoutcomes.launcher.kafka.TopicSetup;
import org.spineoutcomes.streams.OutcomesStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs only the streams application against a cluster, until stopped (for deployments and docker-compose). */
@Command(name = "streams", mixinStandardHelpOptions = true,
    description = "Run the Kafka Streams application (events to outcome-comparisons) until interrupted.")
public final class StreamsCommand implements Callable<Integer> {

  @Mixin
  SpineOutcomes.ClusterOptions cluster = new SpineOutcomes.ClusterOptions();

  @Override
  public Integer call() throws Exception {
    PipelineConfig config = cluster.load();
    if (!config.has(PipelineConfig.BOOTSTRAP_SERVERS)) {
      throw new IllegalArgumentException("streams runs against a cluster: give --bootstrap-servers "
          + "(or SPINE_BOOTSTRAP_SERVERS); for a self-contained run use 'demo' or 'replay'");
    }
    var kafka = config.kafka(config.get(PipelineConfig.BOOTSTRAP_SERVERS));
    TopicSetup.checkReachable(kafka);
    TopicSetup.createTopics(kafka, config.partitions(), (short) -1);
    CountDownLatch stopped = new CountDownLatch(1);
    try (OutcomesStreams streams = new OutcomesStreams(kafka, config.emitInterval())) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "spine-outcomes-shutdown"));
      streams.start();
      System.err.println("Streams application running against " + kafka.get("bootstrap.servers")
          + "; Ctrl-C stops it.");
      stopped.await();
    }
    return 0;
  }
}
