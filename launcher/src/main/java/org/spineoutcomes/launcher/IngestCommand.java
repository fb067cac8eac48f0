package org.spineoutcomes.launcher;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.spineoutcomes.ingest.contract.Pseudonymizer;
import org.spineoutcomes.ingest.publish.EventPublisher;
import org.spineoutcomes.launcher.config.PipelineConfig;
import org.spineoutcomes.launcher.kafka.TopicSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Validates a JSON-lines file (or standard input) and publishes it to a cluster's input topics. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Validate JSON-lines events, pseudonymise patients and publish Avro to the input topics; "
        + "rejected lines go to the dead-letter topic.")
public final class IngestCommand implements Callable<Integer> {

  @Mixin
  SpineOutcomes.ClusterOptions cluster = new SpineOutcomes.ClusterOptions();

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "JSON-lines file; '-' for stdin.")
  String input;

  @Override
  public Integer call() throws Exception {
    PipelineConfig config = cluster.load();
    if (!config.has(PipelineConfig.BOOTSTRAP_SERVERS)) {
      throw new IllegalArgumentException("ingest publishes to a cluster: give --bootstrap-servers "
          + "(or SPINE_BOOTSTRAP_SERVERS); to run everything in-process use 'replay'");
    }
    if (!config.hasPseudonymSecret()) {
      throw new IllegalArgumentException("ingest needs the pseudonym secret shared by every ingest of this "
          + "deployment: set pseudonym.secret in --config or SPINE_PSEUDONYM_SECRET");
    }
    var kafka = config.kafka(config.get(PipelineConfig.BOOTSTRAP_SERVERS));
    TopicSetup.checkReachable(kafka);
    TopicSetup.createTopics(kafka, config.partitions(), (short) -1);
    String source = "-".equals(input) ? "stdin" : Path.of(input).getFileName().toString();
    try (BufferedReader reader = "-".equals(input)
            ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
            : ReplayCommand.openFile(Path.of(input));
        EventPublisher publisher = new EventPublisher(kafka, new Pseudonymizer(config.pseudonymSecret()),
            Clock.systemUTC())) {
      Progress progress = new Progress(System.err, "ingest");
      long position = publisher.publishLines(source, reader, progress::update);
      publisher.flush();
      progress.done(position);
      System.err.println(publisher.summary().describe());
    }
    return 0;
  }
}
