package org.spineoutcomes.launcher;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spineoutcomes.ingest.contract.Pseudonymizer;
import org.spineoutcomes.ingest.publish.EventPublisher;
import org.spineoutcomes.launcher.config.PipelineConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.spineoutcomes.dashboard.ComparisonJson;
import org.spineoutcomes.launcher.kafka.ComparisonsReader;
import org.spineoutcomes.launcher.kafka.Pipeline;
import org.spineoutcomes.schemas.OutcomeComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the whole pipeline over a JSON-lines file and writes the settled comparisons, one JSON object a line. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Replay a JSON-lines event file through the real pipeline and write the final comparisons.")
public final class ReplayCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin
  SpineOutcomes.ClusterOptions cluster = new SpineOutcomes.ClusterOptions();

  @Option(names = "--input", required = true, paramLabel = "FILE",
      description = "JSON-lines events in the public contract; '-' reads standard input.")
  String input;

  @Option(names = "--output", required = true, paramLabel = "FILE",
      description = "Where to write the comparisons (JSON lines, sorted by dimension/value/metric); '-' for stdout.")
  String output;

  @Option(names = "--timeout", defaultValue = "PT10M", paramLabel = "DURATION",
      description = "Give up if the pipeline has not settled this long after the last event (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    PrintStream err = System.err;
    BufferedReader reader = openInput();
    PipelineConfig config = cluster.load();
    if (!config.hasPseudonymSecret()) {
      err.println("note: no pseudonym.secret configured (SPINE_PSEUDONYM_SECRET); using the demo secret");
    }
    long start = System.nanoTime();
    try (reader; Pipeline pipeline = Pipeline.start(config)) {
      err.printf("Kafka at %s (%s); topics ready, streams started%n", pipeline.bootstrapServers(),
          pipeline.embedded() ? "embedded broker" : "external cluster");
      String source = "-".equals(input) ? "stdin" : Path.of(input).getFileName().toString();
      try (EventPublisher publisher = new EventPublisher(pipeline.kafka(),
          new Pseudonymizer(config.pseudonymSecret()), Clock.systemUTC())) {
        Progress progress = new Progress(err, "ingest");
        long position = publisher.publishLines(source, reader, progress::update);
        publisher.flush();
        progress.done(position);
        err.println(publisher.summary().describe());
      }
      err.println("Waiting for the pipeline to reflect every event ...");
      pipeline.awaitSettled(timeout, err::println);
      Map<String, OutcomeComparison> comparisons = ComparisonsReader.readAll(pipeline.kafka());
      writeOutput(comparisons);
      err.printf("Wrote %,d comparisons to %s in %.1f s%n", comparisons.size(), output,
          (System.nanoTime() - start) / 1e9);
    }
    return 0;
  }

  private BufferedReader openInput() {
    if ("-".equals(input)) {
      return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }
    return openFile(Path.of(input));
  }

  static BufferedReader openFile(Path path) {
    if (!Files.isReadable(path) || Files.isDirectory(path)) {
      throw new IllegalArgumentException("Cannot read input file " + path.toAbsolutePath()
          + ": it does not exist or is not a readable file (give a JSON-lines file, or '-' for standard input)");
    }
    try {
      return Files.newBufferedReader(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot open input file " + path + ": " + e.getMessage(), e);
    }
  }

  private void writeOutput(Map<String, OutcomeComparison> comparisons) throws IOException {
    boolean stdout = "-".equals(output);
    Writer writer = stdout ? new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8)
        : Files.newBufferedWriter(Path.of(output), StandardCharsets.UTF_8);
    try (BufferedWriter w = new BufferedWriter(writer)) {
      for (OutcomeComparison c : comparisons.values()) {
        w.write(JSON.writeValueAsString(ComparisonJson.plain(c)));
        w.newLine();
      }
    }
  }
}
