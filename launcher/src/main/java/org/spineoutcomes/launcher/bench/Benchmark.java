package org.spineoutcomes.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.spineoutcomes.dashboard.ComparisonJson;
import org.spineoutcomes.ingest.contract.Pseudonymizer;
import org.spineoutcomes.ingest.publish.EventPublisher;
import org.spineoutcomes.ingest.publish.IngestSummary;
import org.spineoutcomes.ingest.simulator.Simulator;
import org.spineoutcomes.ingest.simulator.SimulatorConfig;
import org.spineoutcomes.launcher.config.PipelineConfig;
import org.spineoutcomes.launcher.kafka.ComparisonsReader;
import org.spineoutcomes.launcher.kafka.Pipeline;
import org.spineoutcomes.launcher.kafka.TopicSetup;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.Topics;

/**
 * One benchmark run at one size: a simulated history written once to a file, then on a fresh pipeline the
 * ingest, the streams and (optionally) latency and footprint, each beside the ceiling Kafka reaches in the same
 * run, and a check that the settled comparisons equal a batch recomputation over the same file.
 */
public final class Benchmark {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one size measured; rates in events per second, durations in seconds, sizes in bytes. */
  public record Result(long procedures, long events, double ingestPerSecond, double rawProducerPerSecond,
      double streamsPerSecond, double passThroughPerSecond, LatencyProbe.Result latency, long peakHeapBytes,
      long peakRssBytes, long stateBytes, long changelogBytes, double restoreSeconds, int comparisons,
      boolean verified, Map<String, Long> appendedByTopic, Map<String, ThreadCpu.Use> cpuByPhase) {

    public double ingestRatio() {
      return ingestPerSecond / rawProducerPerSecond;
    }

    public double streamsRatio() {
      return streamsPerSecond / passThroughPerSecond;
    }
  }

  /** How a run is shaped. */
  public record Settings(long procedures, long seed, Path dataDir, int latencyRate, Duration latencyDuration,
      boolean footprint) {}

  private final PipelineConfig config;
  private final PrintStream out;

  public Benchmark(PipelineConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  public Result run(Settings settings) throws Exception {
    Path history = history(settings.dataDir(), settings.procedures(), settings.seed());
    Pseudonymizer pseudonymizer = new Pseudonymizer(config.pseudonymSecret());
    resetPeakHeap();
    out.printf("%n== %,d procedures (%s) ==%n", settings.procedures(), history);
    try (Pipeline pipeline = Pipeline.startWithoutStreams(config)) {
      Map<String, Object> kafka = pipeline.kafka();
      Map<String, ThreadCpu.Use> cpu = new LinkedHashMap<>();

      out.println("ingest: JSON lines -> validated, pseudonymised Avro on the input topics ...");
      ThreadCpu.Meter meter = ThreadCpu.start(pipeline.applicationId());
      long start = System.nanoTime();
      IngestSummary summary;
      try (EventPublisher publisher = new EventPublisher(kafka, pseudonymizer, Clock.systemUTC());
          BufferedReader reader = Files.newBufferedReader(history, StandardCharsets.UTF_8)) {
        long[] lastReport = {System.nanoTime()};
        publisher.publishLines(history.getFileName().toString(), reader, position -> {
          if (System.nanoTime() - lastReport[0] > 2_000_000_000L) {
            lastReport[0] = System.nanoTime();
            out.printf("  ingest: %,d lines%n", position);
          }
        });
        publisher.flush();
        summary = publisher.summary();
      }
      double ingestSeconds = (System.nanoTime() - start) / 1e9;
      long events = summary.accepted();
      double ingest = summary.lines() / ingestSeconds;
      out.printf("  %,d lines (%,d accepted) in %.1f s: %,.0f events/s%n", summary.lines(), events, ingestSeconds,
          ingest);
      report(cpu, "ingest", meter);

      out.println("ceiling: a raw producer sending as many pre-encoded records of the same sizes ...");
      double raw = Ceilings.rawProducer(kafka, events, config.partitions());
      out.printf("  %,.0f records/s%n", raw);

      Path ceilingState = Files.createTempDirectory("spine-bench-pass-through-");
      out.println("ceiling: a pass-through exactly_once_v2 Kafka Streams application over the same input ...");
      double passThrough;
      try {
        passThrough = Ceilings.passThroughStreams(kafka, pipeline.streamsConfig(), events, config.partitions(),
            ceilingState);
      } finally {
        deleteRecursively(ceilingState);
      }
      out.printf("  %,.0f records/s%n", passThrough);

      out.println("streams: the full topology from the pre-loaded input topics to settled outcome-comparisons ...");
      meter = ThreadCpu.start(pipeline.applicationId());
      start = System.nanoTime();
      pipeline.startStreams();
      long settled = pipeline.awaitSettled(Duration.ofHours(2), out::println);
      double streamsSeconds = (settled - start) / 1e9;
      double streams = events / streamsSeconds;
      out.printf("  %,d events in %.1f s: %,.0f events/s%n", events, streamsSeconds, streams);
      report(cpu, "streams", meter);
      Map<String, Long> appended = appendedByTopic(kafka, pipeline.applicationId());
      out.println("  offsets appended per topic (records, and a marker per partition and transaction):");
      appended.forEach((topic, n) -> out.printf("    %-58s %,12d%n", topic, n));

      // Checked against the batch recomputation at the end, in a JVM of its own (BatchCheck): the latency phase
      // adds probe events that the history file does not hold.
      Map<String, OutcomeComparison> actual = ComparisonsReader.readAll(kafka);

      LatencyProbe.Result latency = null;
      if (settings.latencyRate() > 0 && !settings.latencyDuration().isZero()) {
        out.printf("latency: %,d events/s for %d s, a probe every 100 ms ...%n", settings.latencyRate(),
            settings.latencyDuration().toSeconds());
        long needed = settings.latencyRate() * settings.latencyDuration().toSeconds() + 1000;
        Path background = background(settings.dataDir(), settings.seed() + 1, needed);
        meter = ThreadCpu.start(pipeline.applicationId());
        latency = LatencyProbe.run(kafka, pseudonymizer, background, settings.latencyRate(),
            settings.latencyDuration(), out, pipeline::backlog);
        out.printf("  %d/%d probes seen: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", latency.seen(),
            latency.probes(), latency.p50Ms(), latency.p99Ms(), latency.maxMs());
        report(cpu, "latency", meter);
        pipeline.awaitSettled(Duration.ofMinutes(10), out::println);
      }

      long peakHeap = peakHeap();
      long stateBytes = pipeline.stateDir() == null ? -1 : sizeOf(pipeline.stateDir());
      long changelogBytes = changelogBytes(kafka, pipeline.applicationId());
      double restoreSeconds = -1;
      if (settings.footprint() && pipeline.stateDir() != null) {
        out.println("restore: stop the streams, delete the local state, start again ...");
        pipeline.stopStreams();
        deleteContents(pipeline.stateDir());
        long restoreStart = System.nanoTime();
        pipeline.startStreams();
        long restored = pipeline.awaitSettled(Duration.ofHours(1), out::println);
        restoreSeconds = (restored - restoreStart) / 1e9;
        out.printf("  restored and settled in %.1f s%n", restoreSeconds);
      }
      pipeline.stopStreams();
      out.println("verify: the comparisons settled after the streams phase against a batch recomputation "
          + "(in a JVM of its own) ...");
      int checked = BatchCheck.inChildJvm(history, settings.procedures(), actual, config.pseudonymSecret(), out);
      return new Result(settings.procedures(), events, ingest, raw, streams, passThrough, latency, peakHeap,
          peakRss(), stateBytes, changelogBytes, restoreSeconds, checked, true, appended, cpu);
    }
  }

  private void report(Map<String, ThreadCpu.Use> cpu, String phase, ThreadCpu.Meter meter) {
    ThreadCpu.Use use = meter.stop();
    cpu.put(phase, use);
    out.println("  " + use.describe(Runtime.getRuntime().availableProcessors()));
  }

  /** The simulated history for this size and seed, generated on first use and reused. */
  static Path history(Path dataDir, long procedures, long seed) throws IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve("history-" + procedures + "-" + seed + ".jsonl");
    if (!Files.exists(file)) {
      Path tmp = dataDir.resolve(file.getFileName() + ".tmp");
      long n = Simulator.writeJsonLines(SimulatorConfig.builder().seed(seed).procedures(procedures).build(), tmp);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      System.err.printf("generated %,d events into %s%n", n, file);
    }
    return file;
  }

  private static Path background(Path dataDir, long seed, long events) throws IOException {
    long procedures = Math.max(100, events / 5);
    return history(dataDir, procedures, seed);
  }

  /** Keys whose comparison differs (all fields but computedAt), or that only one side has. */
  public static List<String> differences(Map<String, OutcomeComparison> expected, Map<String, OutcomeComparison> actual) {
    List<String> diff = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (String key : keys) {
      OutcomeComparison e = expected.get(key);
      OutcomeComparison a = actual.get(key);
      if (e == null || a == null || !comparable(e).equals(comparable(a))) {
        diff.add(key + (e == null ? " (only in the pipeline)" : a == null ? " (missing from the pipeline)" : ""));
      }
    }
    return diff;
  }

  private static JsonNode comparable(OutcomeComparison c) {
    var node = ComparisonJson.plain(c);
    node.remove("computedAt");
    return node;
  }

  private static void resetPeakHeap() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** Sum of the heap pools' peaks since the run began (an upper bound of the peak heap in use). */
  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** The process's peak resident set (VmHWM), or -1 where /proc is not available. */
  static long peakRss() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
      return lines.filter(l -> l.startsWith("VmHWM:"))
          .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
          .findFirst().orElse(-1L);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Offsets appended to each topic the streams write (internal topics and the outputs) since they were created:
   * where the pipeline's traffic goes.
   */
  static Map<String, Long> appendedByTopic(Map<String, Object> kafka, String applicationId) throws Exception {
    try (Admin admin = Admin.create(
        TopicSetup.adminConfig(kafka))) {
      List<String> topics = admin.listTopics().names().get().stream()
          .filter(t -> t.startsWith(applicationId + "-") || OUTPUTS.contains(t))
          .sorted().toList();
      Map<TopicPartition, OffsetSpec> request =
          new HashMap<>();
      admin.describeTopics(topics).allTopicNames().get().forEach((name, d) -> d.partitions().forEach(p ->
          request.put(new TopicPartition(name, p.partition()),
              OffsetSpec.latest())));
      Map<String, Long> appended = new TreeMap<>();
      admin.listOffsets(request).all().get().forEach((tp, info) ->
          appended.merge(tp.topic(), info.offset(), Long::sum));
      return appended;
    }
  }

  private static final Set<String> OUTPUTS = Set.of(Topics.OUTCOME_COMPARISONS.name(),
      Topics.PUBLISHED_COMPARISONS.name(), Topics.PROVIDER_PERFORMANCE.name(), Topics.QUALITY_ALERTS.name());

  /** Bytes the brokers hold for the application's changelog topics: the state, as it would be restored. */
  static long changelogBytes(Map<String, Object> kafka, String applicationId) throws Exception {
    try (Admin admin = Admin.create(
        TopicSetup.adminConfig(kafka))) {
      List<Integer> brokers = admin.describeCluster().nodes().get().stream()
          .map(Node::id).toList();
      long bytes = 0;
      for (var perBroker : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
        for (var dir : perBroker.values()) {
          for (var replica : dir.replicaInfos().entrySet()) {
            String topic = replica.getKey().topic();
            if (topic.startsWith(applicationId + "-") && topic.endsWith("-changelog")) {
              bytes += replica.getValue().size();
            }
          }
        }
      }
      return bytes;
    }
  }

  static long sizeOf(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void deleteContents(Path dir) throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      for (Path child : children.toList()) {
        deleteRecursively(child);
      }
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
