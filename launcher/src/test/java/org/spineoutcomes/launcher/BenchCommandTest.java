package org.spineoutcomes.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spineoutcomes.ingest.contract.Pseudonymizer;
import org.spineoutcomes.launcher.bench.BatchCheck;
import org.spineoutcomes.launcher.bench.BatchRecomputation;
import org.spineoutcomes.launcher.bench.Benchmark;
import org.spineoutcomes.launcher.config.PipelineConfig;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.Topics;

/**
 * The quick form of the benchmark, so it cannot rot: a tiny history through every phase on the embedded broker.
 * It asserts correctness only (the run verified its comparisons, the report holds every figure), never speed.
 */
class BenchCommandTest {

  @TempDir
  Path tmp;

  @Test
  void aTinyBenchmarkRunsEveryPhaseAndVerifiesItsComparisons() throws Exception {
    Path report = tmp.resolve("report.json");
    int code = SpineOutcomes.execute("bench", "--sweep", "150,300", "--data-dir", tmp.toString(), "--report",
        report.toString(), "--latency-rate", "100", "--latency-duration", "PT3S");
    assertThat(code).isEqualTo(0);
    JsonNode runs = new ObjectMapper().readTree(report.toFile()).get("runs");
    assertThat(runs).hasSize(2);
    for (JsonNode run : runs) {
      assertThat(run.get("verified").asBoolean()).isTrue();
      assertThat(run.get("comparisons").asInt()).isGreaterThan(100);
      assertThat(run.get("events").asLong()).isGreaterThan(run.get("procedures").asLong());
      for (String rate : new String[] {"ingestPerSecond", "rawProducerPerSecond", "streamsPerSecond",
          "passThroughPerSecond"}) {
        assertThat(run.get(rate).asDouble()).as(rate).isPositive();
      }
      assertThat(run.get("stateBytes").asLong()).isPositive();
      assertThat(run.get("changelogBytes").asLong()).isPositive();
      assertThat(run.get("restoreSeconds").asDouble()).isPositive();
      JsonNode appended = run.get("appendedByTopic");
      assertThat(appended.get("spine-outcomes-by-patient-repartition").asLong()).isGreaterThan(run.get("procedures")
          .asLong());
      assertThat(appended.get(Topics.OUTCOME_COMPARISONS.name()).asLong()).isGreaterThanOrEqualTo(
          run.get("comparisons").asLong());
    }
    JsonNode latency = runs.get(1).get("latency");
    assertThat(latency.get("probes").asLong()).isGreaterThan(10);
    assertThat(latency.get("seen").asLong()).isEqualTo(latency.get("probes").asLong());
    assertThat(latency.get("p99Ms").asDouble()).isGreaterThanOrEqualTo(latency.get("p50Ms").asDouble());
    assertThat(runs.get(0).get("latency").isNull()).isTrue();
    assertThat(tmp.resolve("history-300-20261124.jsonl")).exists();
  }

  /** The check the benchmark relies on must see a single changed figure, and a missing or extra key. */
  @Test
  void theBatchCheckCatchesAnyDifference() throws Exception {
    Path file = tmp.resolve("acceptance.jsonl");
    Files.copy(Path.of(System.getProperty("acceptance.dir"), "events.jsonl"), file);
    Map<String, OutcomeComparison> batch = BatchRecomputation.compute(file,
        new Pseudonymizer(PipelineConfig.DEMO_SECRET), Clock.systemUTC());
    assertThat(Benchmark.differences(batch, batch)).isEmpty();

    String key = Topics.comparisonKey("overall", "all", "blood_loss_ml");
    Map<String, OutcomeComparison> changed = new TreeMap<>(batch);
    OutcomeComparison c = OutcomeComparison.newBuilder(batch.get(key)).build();
    c.getOpen().setMean(c.getOpen().getMean() + 1e-12);
    changed.put(key, c);
    assertThat(Benchmark.differences(batch, changed)).containsExactly(key);

    Map<String, OutcomeComparison> missing = new TreeMap<>(batch);
    missing.remove(key);
    assertThat(Benchmark.differences(batch, missing)).containsExactly(key + " (missing from the pipeline)");

    // the same check in the JVM of its own that the benchmark runs it in
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(BatchCheck.inChildJvm(file, 100, batch, PipelineConfig.DEMO_SECRET, new PrintStream(out)))
        .isEqualTo(batch.size());
    assertThatThrownBy(() -> BatchCheck.inChildJvm(file, 100, changed, PipelineConfig.DEMO_SECRET,
        new PrintStream(out))).hasMessageContaining("differ").hasMessageContaining(key);
  }
}
