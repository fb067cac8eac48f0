package org.spineoutcomes.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.ingest.contract.Pseudonymizer;
import org.spineoutcomes.ingest.publish.EventPublisher;
import org.spineoutcomes.ingest.simulator.SimulatedEvent;
import org.spineoutcomes.ingest.simulator.Simulator;
import org.spineoutcomes.ingest.simulator.SimulatorConfig;
import org.spineoutcomes.launcher.config.PipelineConfig;
import org.spineoutcomes.launcher.kafka.Pipeline;
import org.spineoutcomes.launcher.riskmodel.RiskModelFitter;
import org.spineoutcomes.schemas.ProviderPerformance;
import org.spineoutcomes.schemas.ProviderType;
import org.spineoutcomes.schemas.QualityAlert;
import org.spineoutcomes.schemas.Topics;

/**
 * Provider monitoring through the real pipeline on an embedded broker: the risk model is fitted from the
 * streams' outcome records, published, picked up by the streams, and every provider is re-scored with it.
 */
class ProviderMonitoringTest {

  @Test
  void fittedModelScoresEveryProviderAndFlagsTheDeterioratingSurgeon() throws Exception {
    PipelineConfig config = PipelineConfig.load(null, Map.of(),
        Map.of(PipelineConfig.EMIT_INTERVAL_MS, "300", PipelineConfig.PSEUDONYM_SECRET, "monitoring-test"));
    SimulatorConfig simulation = SimulatorConfig.builder().seed(20261124).procedures(2500)
        .deterioratingSurgeon("H01-S01", LocalDate.of(2025, 1, 20), 3.0).build();
    try (Pipeline pipeline = Pipeline.start(config)) {
      try (EventPublisher publisher = new EventPublisher(pipeline.kafka(), new Pseudonymizer("monitoring-test"),
          Clock.systemUTC())) {
        long position = 0;
        for (SimulatedEvent e : new Simulator(simulation)) {
          publisher.publish("simulator", ++position, e.json());
        }
        publisher.flush();
      }
      pipeline.awaitSettled(Duration.ofMinutes(4));

      RiskModelFitter.Fit fit = RiskModelFitter.fit(pipeline.kafka(), "spine-outcomes", Instant.now());
      assertThat(fit.model().getN()).isGreaterThan(1500);
      assertThat(fit.model().getCStatistic()).isBetween(0.6, 0.95);
      RiskModelFitter.publish(pipeline.kafka(), fit.model());

      Map<String, ProviderPerformance> performance = awaitScoredWith(pipeline, fit.model().getFittedAt());
      int cases = 0;
      int observed = 0;
      double expected = 0;
      for (ProviderPerformance p : performance.values()) {
        if (p.getProviderType() == ProviderType.HOSPITAL) {
          assertThat(p.getSuppressed()).isFalse();
          cases += p.getCases();
          observed += p.getObserved();
          expected += p.getExpected();
          assertThat(p.getOeCiLow()).isLessThanOrEqualTo(p.getOe());
          assertThat(p.getOeCiHigh()).isGreaterThanOrEqualTo(p.getOe());
          assertThat(p.getFunnel998Low()).isLessThan(p.getFunnel95Low());
        }
      }
      // every scored case is one hospital's; a logistic fit with an intercept predicts as many events as observed
      assertThat(cases).isEqualTo(fit.model().getN());
      assertThat(observed).isEqualTo(fit.model().getEvents());
      assertThat(expected).isCloseTo(observed, within(1e-6 * observed));

      Map<String, QualityAlert> alerts = new HashMap<>();
      for (TopicDump.Entry e : TopicDump.read(pipeline.kafka(), Topics.QUALITY_ALERTS.name())) {
        String key = Topics.STRING.deserializer().deserialize(null, e.key());
        if (e.value() == null) {
          alerts.remove(key);
        } else {
          alerts.put(key, Topics.QUALITY_ALERT_SERDE.decode(e.value()));
        }
      }
      assertThat(alerts.values()).anyMatch(a -> a.getProviderId().equals("H01-S01")
          && a.getChart() == org.spineoutcomes.schemas.CusumChart.UPPER
          && !a.getSignalledOn().isBefore(LocalDate.of(2025, 1, 20)));
    }
  }

  private static Map<String, ProviderPerformance> awaitScoredWith(Pipeline pipeline, Instant fittedAt)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      Map<String, ProviderPerformance> latest = new HashMap<>();
      for (TopicDump.Entry e : TopicDump.read(pipeline.kafka(), Topics.PROVIDER_PERFORMANCE.name())) {
        String key = Topics.STRING.deserializer().deserialize(null, e.key());
        if (e.value() == null) {
          latest.remove(key);
        } else {
          latest.put(key, Topics.PROVIDER_PERFORMANCE_SERDE.decode(e.value()));
        }
      }
      boolean allScored = !latest.isEmpty() && latest.values().stream()
          .allMatch(p -> p.getSuppressed() || fittedAt.equals(p.getModelFittedAt()));
      if (allScored) {
        return latest;
      }
      assertThat(System.nanoTime()).as("providers re-scored with the new model within 90 s").isLessThan(deadline);
      Thread.sleep(500);
    }
  }
}
