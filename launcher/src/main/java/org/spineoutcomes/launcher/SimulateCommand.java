package org.spineoutcomes.launcher;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.spineoutcomes.ingest.contract.Pseudonymizer;
import org.spineoutcomes.ingest.publish.EventPublisher;
import org.spineoutcomes.ingest.simulator.Simulator;
import org.spineoutcomes.launcher.config.PipelineConfig;
import org.spineoutcomes.launcher.kafka.TopicSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Synthetic hospitals: publish a simulated feed to a cluster, or write it to a JSON-lines file. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Generate synthetic hospitals' events: publish them to a cluster, or write them to a file.")
public final class SimulateCommand implements Callable<Integer> {

  @Mixin
  SpineOutcomes.ClusterOptions cluster = new SpineOutcomes.ClusterOptions();

  @Mixin
  SimulationOptions simulation = new SimulationOptions();

  @Option(names = "--output", paramLabel = "FILE",
      description = "Write the events as JSON lines to this file instead of publishing them.")
  Path output;

  @Option(names = "--duration", defaultValue = "PT0S", paramLabel = "DURATION",
      description = "Spread publication over this long (ISO-8601; default as fast as possible).")
  Duration duration;

  @Override
  public Integer call() throws Exception {
    if (output != null) {
      long n = Simulator.writeJsonLines(simulation.config(), output);
      System.err.printf("Wrote %,d events to %s%n", n, output);
      return 0;
    }
    PipelineConfig config = cluster.load();
    if (!config.has(PipelineConfig.BOOTSTRAP_SERVERS)) {
      throw new IllegalArgumentException("simulate publishes to a cluster: give --bootstrap-servers (or "
          + "SPINE_BOOTSTRAP_SERVERS), or --output FILE to write the events to a file; 'demo' runs everything in-process");
    }
    var kafka = config.kafka(config.get(PipelineConfig.BOOTSTRAP_SERVERS));
    TopicSetup.checkReachable(kafka);
    TopicSetup.createTopics(kafka, config.partitions(), (short) -1);
    SimulatedFeed feed = new SimulatedFeed(simulation.config());
    try (EventPublisher publisher = new EventPublisher(kafka, new Pseudonymizer(config.pseudonymSecret()),
        Clock.systemUTC())) {
      feed.publish(publisher, duration);
      System.err.println(publisher.summary().describe());
    }
    return 0;
  }
}
