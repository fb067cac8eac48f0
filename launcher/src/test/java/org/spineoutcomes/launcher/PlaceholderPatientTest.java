package org.spineoutcomes.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spineoutcomes.ingest.contract.Pseudonymizer;
import org.spineoutcomes.ingest.publish.EventPublisher;
import org.spineoutcomes.launcher.bench.BatchRecomputation;
import org.spineoutcomes.launcher.bench.Benchmark;
import org.spineoutcomes.launcher.config.PipelineConfig;
import org.spineoutcomes.launcher.kafka.ComparisonsReader;
import org.spineoutcomes.launcher.kafka.Pipeline;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.Topics;

/**
 * A hospital that sends one placeholder patient id ("UNKNOWN") for thousands of procedures makes one pseudonym hold
 * them all, and that patient's stored state outgrows Kafka's default 1 MiB record. On the real broker, the pipeline
 * must count every one of them, as a batch recomputation does, and go on.
 */
class PlaceholderPatientTest {

  private static final int PROCEDURES = 6_000;
  private static final String SECRET = "placeholder-test";

  @Test
  void thousandsOfProceduresOfOnePseudonymAreCountedLikeAnyOthers(@TempDir Path dir) throws Exception {
    ObjectMapper json = new ObjectMapper();
    String template;
    try (var lines = Files.lines(AcceptanceFeed.dir().resolve("events.jsonl"), StandardCharsets.UTF_8)) {
      template = lines.filter(l -> l.contains("\"ProcedurePerformed\"")).findFirst().orElseThrow();
    }
    Path file = dir.resolve("placeholder.jsonl");
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < PROCEDURES; i++) {
        ObjectNode e = (ObjectNode) json.readTree(template);
        e.put("eventId", "placeholder-" + i);
        e.put("procedureId", "PH-" + i);
        e.put("patientId", "UNKNOWN");
        e.put("estimatedBloodLossMl", 50 + i % 700);
        out.write(json.writeValueAsString(e));
        out.newLine();
      }
    }
    PipelineConfig config = PipelineConfig.load(null, Map.of(),
        Map.of(PipelineConfig.EMIT_INTERVAL_MS, "300", PipelineConfig.PSEUDONYM_SECRET, SECRET));
    try (Pipeline pipeline = Pipeline.start(config)) {
      try (EventPublisher publisher = new EventPublisher(pipeline.kafka(), new Pseudonymizer(SECRET),
          Clock.systemUTC()); BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        publisher.publishLines("placeholder.jsonl", lines, 2, position -> { });
        publisher.flush();
        assertThat(publisher.summary().accepted()).isEqualTo(PROCEDURES);
      }
      pipeline.awaitSettled(Duration.ofMinutes(3));
      Map<String, OutcomeComparison> comparisons = ComparisonsReader.readAll(pipeline.kafka());
      OutcomeComparison overall = comparisons.get(Topics.comparisonKey("overall", "all", "blood_loss_ml"));
      assertThat(overall.getOpen().getN()).isEqualTo(PROCEDURES);
      Map<String, OutcomeComparison> batch = BatchRecomputation.compute(file, new Pseudonymizer(SECRET),
          Clock.systemUTC());
      assertThat(Benchmark.differences(batch, comparisons)).isEmpty();
    }
  }
}
