package org.spineoutcomes.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputBacklogTest {

  private final ConsumerLag consumers = new ConsumerLag();

  private void lag(String clientId, String topic, int partition, double value) {
    consumers.lag(clientId, topic, partition, value);
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
    backlog.readFrom(consumers::metrics);
    assertThat(backlog.records(10_000)).isEqualTo(2050);
  }

  @Test
  void readsTheMetricsAtMostEveryRefreshPeriod() {
    lag("app-1-StreamThread-1-consumer", "procedures", 0, 100);
    InputBacklog backlog = new InputBacklog();
    backlog.readFrom(consumers::metrics);
    assertThat(backlog.records(10_000)).isEqualTo(100);
    lag("app-1-StreamThread-1-consumer", "procedures", 0, 30_000);
    assertThat(backlog.records(10_000 + InputBacklog.REFRESH_MS - 1)).isEqualTo(100);
    assertThat(backlog.records(10_000 + InputBacklog.REFRESH_MS)).isEqualTo(30_000);
  }
}
