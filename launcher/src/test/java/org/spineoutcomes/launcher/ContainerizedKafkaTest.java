package org.spineoutcomes.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.spineoutcomes.launcher.config.PipelineConfig;
import org.spineoutcomes.launcher.kafka.ComparisonsReader;
import org.spineoutcomes.launcher.kafka.Pipeline;
import org.spineoutcomes.schemas.ArmFigures;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.Topics;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The acceptance data set through the real pipeline against a real, separately running Kafka: the official
 * apache/kafka image (the one docker-compose.yml uses) in a container, reached only through bootstrap.servers,
 * as the streams/ingest commands reach a cluster. Same path as {@link AcceptanceReplayTest}, which uses the
 * in-process broker; this one checks a headline figure and the number of comparisons.
 *
 * <p>Skipped, with the reason in the report, where no Docker engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerizedKafkaTest {

  static final String KAFKA_IMAGE = "apache/kafka:4.1.0";
  private static final String SECRET = "acceptance-test";
  /** Relative tolerance for the figures, as a percentage: 1e-9 relative. */
  private static final double RTOL_PERCENT = 1e-9 * 100;

  @Container
  static final KafkaContainer KAFKA = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));

  /** The streams application's state, fresh for each run (the container is fresh too). */
  @TempDir
  static Path stateDir;

  private static final ObjectMapper JSON = new ObjectMapper();
  private Path dir;
  private Pipeline pipeline;
  private Map<String, OutcomeComparison> comparisons;

  @BeforeAll
  void replayAgainstContainer() throws Exception {
    dir = AcceptanceFeed.dir();
    PipelineConfig config = PipelineConfig.load(null, Map.of(), Map.of(
        PipelineConfig.BOOTSTRAP_SERVERS, KAFKA.getBootstrapServers(),
        PipelineConfig.EMIT_INTERVAL_MS, "300",
        PipelineConfig.PSEUDONYM_SECRET, SECRET,
        StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()));
    pipeline = Pipeline.start(config);
    assertThat(pipeline.embedded()).as("the pipeline must use the container, not an embedded broker").isFalse();
    AcceptanceFeed.publish(pipeline, SECRET);
    pipeline.awaitSettled(Duration.ofMinutes(3));
    comparisons = ComparisonsReader.readAll(pipeline.kafka());
  }

  @AfterAll
  void stop() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void publishesOneComparisonPerStratumAndMetric() {
    assertThat(comparisons).hasSize(1015);
  }

  @Test
  void overallBloodLossMatchesR() throws Exception {
    JsonNode expected = StreamSupport.stream(
            JSON.readTree(dir.resolve("expected-comparisons.json").toFile()).spliterator(), false)
        .filter(e -> "overall".equals(e.get("dimension").asText()) && "all".equals(e.get("value").asText())
            && "blood_loss_ml".equals(e.get("metric").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("overall/all/blood_loss_ml missing from expected-comparisons.json"));
    String key = Topics.comparisonKey("overall", "all", "blood_loss_ml");
    OutcomeComparison actual = comparisons.get(key);
    assertThat(actual).as(key).isNotNull();

    arm(key + " open", expected.get("open"), actual.getOpen());
    arm(key + " microscopic", expected.get("microscopic"), actual.getMicroscopic());
    assertThat(actual.getDifference()).as(key + " difference")
        .isCloseTo(expected.get("difference").asDouble(), withinPercentage(RTOL_PERCENT));
    assertThat(actual.getPValue()).as(key + " pValue")
        .isCloseTo(expected.get("pValue").asDouble(), withinPercentage(RTOL_PERCENT));
  }

  private static void arm(String where, JsonNode expected, ArmFigures actual) {
    assertThat(actual).as(where).isNotNull();
    assertThat(actual.getN()).as(where + ".n").isEqualTo(expected.get("n").asInt());
    assertThat(actual.getMean()).as(where + ".mean")
        .isCloseTo(expected.get("mean").asDouble(), withinPercentage(RTOL_PERCENT));
  }
}
