package org.spineoutcomes.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineConfigTest {

  @Test
  void theEnvironmentOverridesTheDefaultsAndTheOverridesTheEnvironment() {
    PipelineConfig config = PipelineConfig.load(null, Map.of("SPINE_EMIT_INTERVAL_MS", "2000",
        "SPINE_TOPIC_PARTITIONS", "8"), Map.of(PipelineConfig.TOPIC_PARTITIONS, "2"));
    assertThat(config.emitInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.partitions()).isEqualTo(2);
  }

  @Test
  void anEmitIntervalTooShortToFlushOnIsRejectedWithWhatItMeans() {
    assertThatThrownBy(() -> PipelineConfig.load(null, Map.of(), Map.of(PipelineConfig.EMIT_INTERVAL_MS, "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("emit.interval.ms must be at least 100 (milliseconds, e.g. 1000 to publish changes every second), "
            + "got 1");
    assertThatThrownBy(() -> PipelineConfig.load(null, Map.of(), Map.of(PipelineConfig.TOPIC_PARTITIONS, "0")))
        .hasMessageStartingWith("topic.partitions must be at least 1");
    assertThatThrownBy(() -> PipelineConfig.load(null, Map.of(), Map.of(PipelineConfig.EMIT_INTERVAL_MS, "1s")))
        .hasMessageContaining("emit.interval.ms must be a whole number, got '1s'");
  }
}
