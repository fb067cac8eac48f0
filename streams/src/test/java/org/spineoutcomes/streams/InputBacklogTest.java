package org.spineoutcomes.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class InputBacklogTest {

  private static final String GROUP = "consumer-fetch-manager-metrics";

  private final Map<MetricName, Metric> metrics = new HashMap<>();

  private void lag(String clientId, String topic, int partition, double value) {
    MetricName name = new MetricName("records-lag", GROUP, "",
        Map.of("client-id", clientId, "topic", topic, "partition", Integer.toString(partition)));
    metrics.put(name, new Metric() {
      @Override
      public MetricName metricName() {
        return name;
      }

      @Override
      public Object metricValue() {
        return value;
      }
    });
  }

  @Test
  void sumsTheMainConsumersLagAndIgnoresRestoreAndGlobalConsumers() {
    lag("app-1-StreamThread-1-consumer", "procedures", 0, 1200);
    lag("app-1-StreamThread-1-consumer", "procedures", 1, 800);
    lag("app-1-StreamThread-2-consumer", "app-by-patient-repartition", 3, 50);
    lag("app-1-StreamThread-1-consumer", "follow-ups", 2, Double.NaN); // not fetched yet
    lag("app-1-StreamThread-1-restore-consumer", "app-patient-procedures-changelog", 0, 90_000);
    lag("app-1-global-consumer", "risk-models", 0, 7);
    InputBacklog backlog = new InputBacklog();
    assertThat(backlog.records(0)).as("before the application runs").isZero();
    backlog.readFrom(() -> metrics);
    assertThat(backlog.records(10_000)).isEqualTo(2050);
  }

  @Test
  void readsTheMetricsAtMostEveryRefreshPeriod() {
    lag("app-1-StreamThread-1-consumer", "procedures", 0, 100);
    InputBacklog backlog = new InputBacklog();
    backlog.readFrom(() -> metrics);
    assertThat(backlog.records(10_000)).isEqualTo(100);
    lag("app-1-StreamThread-1-consumer", "procedures", 0, 30_000);
    assertThat(backlog.records(10_000 + InputBacklog.REFRESH_MS - 1)).isEqualTo(100);
    assertThat(backlog.records(10_000 + InputBacklog.REFRESH_MS)).isEqualTo(30_000);
  }
}
