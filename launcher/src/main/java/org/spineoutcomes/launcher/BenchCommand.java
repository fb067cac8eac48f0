package org.spineoutcomes.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.spineoutcomes.launcher.bench.Benchmark;
import org.spineoutcomes.launcher.config.PipelineConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Measures ingest, streams, latency and footprint against Kafka's own ceilings in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Benchmark the pipeline on a simulated history: ingest, streams, latency and footprint, each "
        + "beside the ceiling Kafka reaches in the same run; the final comparisons are checked against a batch "
        + "recomputation. Prints a table and writes a JSON report."})
public final class BenchCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Mixin
  SpineOutcomes.ClusterOptions cluster = new SpineOutcomes.ClusterOptions();

  @Option(names = "--procedures", defaultValue = "100000", paramLabel = "N",
      description = "Procedures in the simulated history, follow-ups in proportion (default ${DEFAULT-VALUE}).")
  long procedures;

  @Option(names = "--sweep", split = ",", paramLabel = "N,N,...",
      description = "Run these sizes one after another instead of --procedures (latency only at the largest).")
  List<Long> sweep;

  @Option(names = "--seed", defaultValue = "20261124", description = "Simulator seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--data-dir", defaultValue = "bench-data", paramLabel = "DIR",
      description = "Where the generated histories are kept and reused (default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--report", paramLabel = "FILE",
      description = "The JSON report (default DIR/bench-report.json).")
  Path report;

  @Option(names = "--latency-rate", defaultValue = "2000", paramLabel = "EVENTS/S",
      description = "Offered load of the latency phase (default ${DEFAULT-VALUE}); 0 skips it.")
  int latencyRate;

  @Option(names = "--latency-duration", defaultValue = "PT60S", paramLabel = "DURATION",
      description = "How long the latency phase offers load (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration latencyDuration;

  @Option(names = "--no-restore", description = "Skip the restore-from-changelog measurement.")
  boolean noRestore;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    PipelineConfig config = cluster.load();
    List<Long> sizes = sweep == null || sweep.isEmpty() ? List.of(procedures) : sweep;
    if (sizes.stream().anyMatch(n -> n < 10)) {
      throw new IllegalArgumentException("--procedures and --sweep sizes must be at least 10");
    }
    long largest = sizes.stream().mapToLong(Long::longValue).max().orElseThrow();
    Benchmark benchmark = new Benchmark(config, out);
    List<Benchmark.Result> results = new ArrayList<>();
    for (long n : sizes) {
      boolean latency = n == largest;
      results.add(benchmark.run(new Benchmark.Settings(n, seed, dataDir, latency ? latencyRate : 0,
          latencyDuration, !noRestore)));
    }
    printTable(out, results);
    Path file = report != null ? report : dataDir.resolve("bench-report.json");
    Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writeValue(file.toFile(), toJson(config, results));
    out.printf("%nReport written to %s%n", file);
    return 0;
  }

  private static void printTable(PrintStream out, List<Benchmark.Result> results) {
    out.println();
    // local MB: the state directory on disk; changelog MB: bytes the broker holds for the changelogs, which
    // count every update until compaction runs, so they measure write volume more than state size
    out.printf("%12s %10s | %10s %10s %5s | %10s %10s %5s | %8s %8s %8s | %8s %8s %9s %13s %8s%n", "procedures",
        "events", "ingest/s", "producer/s", "ratio", "streams/s", "passthr/s", "ratio", "p50 ms", "p99 ms",
        "max ms", "heap MB", "RSS MB", "local MB", "changelog MB", "restore");
    for (Benchmark.Result r : results) {
      out.printf("%,12d %,10d | %,10.0f %,10.0f %5.2f | %,10.0f %,10.0f %5.2f | %8s %8s %8s | %,8.0f %,8.0f %,9.1f %,13.1f %8s%n",
          r.procedures(), r.events(), r.ingestPerSecond(), r.rawProducerPerSecond(), r.ingestRatio(),
          r.streamsPerSecond(), r.passThroughPerSecond(), r.streamsRatio(),
          r.latency() == null ? "-" : String.format("%.0f", r.latency().p50Ms()),
          r.latency() == null ? "-" : String.format("%.0f", r.latency().p99Ms()),
          r.latency() == null ? "-" : String.format("%.0f", r.latency().maxMs()),
          r.peakHeapBytes() / 1048576.0, r.peakRssBytes() / 1048576.0, r.stateBytes() / 1048576.0,
          r.changelogBytes() / 1048576.0,
          r.restoreSeconds() < 0 ? "-" : String.format("%.1f s", r.restoreSeconds()));
    }
    out.println("All final comparisons equal a batch recomputation over the same input.");
  }

  private static ObjectNode toJson(PipelineConfig config, List<Benchmark.Result> results) {
    ObjectNode root = JSON.createObjectNode();
    root.put("generatedAt", Instant.now().toString());
    root.put("java", System.getProperty("java.version"));
    root.put("processors", Runtime.getRuntime().availableProcessors());
    root.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    root.put("partitions", config.partitions());
    root.put("emitIntervalMs", config.emitInterval().toMillis());
    ArrayNode runs = root.putArray("runs");
    for (Benchmark.Result r : results) {
      ObjectNode n = JSON.valueToTree(r);
      n.put("ingestRatio", r.ingestRatio());
      n.put("streamsRatio", r.streamsRatio());
      runs.add(n);
    }
    return root;
  }
}
