package org.spineoutcomes.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.statistics.monitoring.RiskAdjustedCusum;

class OutcomesStreamsConfigTest {

  @Test
  void cusumDesignIsSteinersUnlessConfigured() {
    assertThat(OutcomesStreams.cusumSettings(new Properties())).isEqualTo(RiskAdjustedCusum.Settings.STEINER);
  }

  @Test
  void cusumDesignIsConfigurableAndKeptOutOfKafkasProperties() {
    Properties props = new Properties();
    props.put(OutcomesStreams.CUSUM_UPPER_ODDS_RATIO, "3");
    props.put(OutcomesStreams.CUSUM_UPPER_LIMIT, "5.5");
    props.put(OutcomesStreams.CUSUM_LOWER_LIMIT, "3");
    props.put("bootstrap.servers", "x:9092");
    RiskAdjustedCusum.Settings s = OutcomesStreams.cusumSettings(props);
    assertThat(s.upperOddsRatio()).isEqualTo(3.0);
    assertThat(s.upperLimit()).isEqualTo(5.5);
    assertThat(s.lowerOddsRatio()).isEqualTo(0.5);
    assertThat(s.lowerLimit()).isEqualTo(3.0);
    assertThat(props).containsOnlyKeys("bootstrap.servers");
  }

  @Test
  void aMistypedLimitSaysWhichProperty() {
    Properties props = new Properties();
    props.put(OutcomesStreams.CUSUM_UPPER_LIMIT, "high");
    assertThatThrownBy(() -> OutcomesStreams.cusumSettings(props)).hasMessageContaining("cusum.upper.limit");
  }

  @Test
  void transactionsMayOutlastALongBackfillFlushAndEveryDefaultCanBeOverridden() {
    Properties defaults = OutcomesStreams.properties(java.util.Map.of("bootstrap.servers", "x:9092"));
    assertThat(defaults.get("producer.transaction.timeout.ms")).isEqualTo(60_000);
    assertThat(defaults.get("commit.interval.ms")).isEqualTo(10_000);
    assertThat((int) defaults.get("producer.transaction.timeout.ms"))
        .as("a transaction holds at most a commit interval of input and one backlog flush")
        .isGreaterThan((int) defaults.get("commit.interval.ms") + (int) FlushPacing.BACKLOG_PERIOD.toMillis());
    assertThat(defaults.get("processing.guarantee")).isEqualTo("exactly_once_v2");
    Properties mine = OutcomesStreams.properties(java.util.Map.of("producer.transaction.timeout.ms", 20_000,
        "commit.interval.ms", 300));
    assertThat(mine.get("producer.transaction.timeout.ms")).isEqualTo(20_000);
    assertThat(mine.get("commit.interval.ms")).isEqualTo(300);
  }
}
