package org.spineoutcomes.streams.strata;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.state.ArmDelta;
import org.spineoutcomes.schemas.state.CellDelta;
import org.spineoutcomes.schemas.state.MetricDelta;
import org.spineoutcomes.schemas.state.StratumDelta;
import org.spineoutcomes.streams.EmitThrottle;
import org.spineoutcomes.streams.InputBacklog;
import org.spineoutcomes.streams.StateSerdes;
import org.spineoutcomes.streams.metrics.MetricCatalogue;

/**
 * Live, the strata stage punctuates four times per emit interval: a change to a stratum quiet for an interval goes
 * out at the next tick, while a stratum that keeps changing is recomputed at most once per interval.
 */
class StratumAggregatorThrottleTest {

  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final long T0 = 1_700_000_000_000L;

  private final MockProcessorContext<String, OutcomeComparison> context = new MockProcessorContext<>();
  private final StratumAggregator aggregator;

  StratumAggregatorThrottleTest() {
    for (KeyValueStore<String, ?> store : List.of(
        store("cells", StateSerdes.STRATUM_METRIC), store("shared", StateSerdes.SHARED_PATIENT),
        store("days", StateSerdes.PERFORMED_DAYS), store("dirty", Serdes.Long()))) {
      store.init(context.getStateStoreContext(), store);
      context.addStateStore(store);
    }
    context.setCurrentSystemTimeMs(T0);
    aggregator = new StratumAggregator("cells", "shared", "days", "dirty", INTERVAL, new ComparisonCalculator(),
        Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC), new InputBacklog());
    aggregator.init(context);
  }

  @Test
  void aQuietStratumGoesOutAtTheNextTickABusyOneOncePerInterval() {
    assertThat(context.scheduledPunctuators().get(0).getInterval()).isEqualTo(EmitThrottle.tick(INTERVAL));
    change("condition/SPINAL_STENOSIS", 300);
    assertThat(tick(T0 + 250)).containsExactly("condition/SPINAL_STENOSIS");

    change("condition/SPINAL_STENOSIS", 350); // busy: changed again a tick later
    assertThat(tick(T0 + 500)).isEmpty();
    change("hospital/H01", 200); // quiet: goes out at once, whatever the busy stratum waits for
    assertThat(tick(T0 + 750)).containsExactly("hospital/H01");
    assertThat(tick(T0 + 1_000)).isEmpty();
    assertThat(tick(T0 + 1_250)).as("an interval after it last went out").containsExactly("condition/SPINAL_STENOSIS");
    assertThat(tick(T0 + 1_500)).as("nothing changed since").isEmpty();
  }

  private void change(String stratum, int bloodLossMl) {
    ArmDelta one = new ArmDelta(List.of(bloodLossMl), List.of(1L), 0L, 1L);
    ArmDelta none = new ArmDelta(List.of(), List.of(), 0L, 0L);
    MetricDelta metric = new MetricDelta("blood_loss_ml", List.of(new CellDelta("cell", one, none, 1)), Map.of());
    aggregator.process(new Record<>(stratum, new StratumDelta(List.of(metric), none, none), T0));
  }

  /** Runs the punctuation at `now`; the strata whose comparisons went out. */
  private TreeSet<String> tick(long now) {
    context.scheduledPunctuators().get(0).getPunctuator().punctuate(now);
    TreeSet<String> strata = new TreeSet<>();
    context.forwarded().forEach(f -> {
      String key = f.record().key();
      strata.add(key.substring(0, key.lastIndexOf('/')));
    });
    assertThat(context.forwarded()).hasSize(strata.size() * MetricCatalogue.ALL.size());
    context.resetForwards();
    return strata;
  }

  private static <V> KeyValueStore<String, V> store(String name, org.apache.kafka.common.serialization.Serde<V> serde) {
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
        .withLoggingDisabled().build();
  }
}
