package org.spineoutcomes.streams.strata;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import org.spineoutcomes.streams.metrics.Metric;
import org.spineoutcomes.streams.metrics.MetricCatalogue;

/**
 * Live, the strata stage punctuates four times per emit interval: a change to a stratum quiet for an interval goes
 * out at the next tick, while a stratum that keeps changing is recomputed at most once per interval. A stratum sends
 * every metric's comparison the first time, then only those of the metrics whose figures may have changed.
 */
class StratumAggregatorThrottleTest {

  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final long T0 = 1_700_000_000_000L;

  private final MockProcessorContext<String, OutcomeComparison> context = new MockProcessorContext<>();
  private final StratumAggregator aggregator;
  private final MutableClock clock = new MutableClock(T0);

  StratumAggregatorThrottleTest() {
    for (KeyValueStore<String, ?> store : List.of(
        store("cells", StateSerdes.STRATUM_METRIC), store("shared", StateSerdes.SHARED_PATIENT),
        store("days", StateSerdes.PERFORMED_DAYS), store("dirty", Serdes.Long()))) {
      store.init(context.getStateStoreContext(), store);
      context.addStateStore(store);
    }
    context.setCurrentSystemTimeMs(T0);
    aggregator = new StratumAggregator("cells", "shared", "days", "dirty", INTERVAL, new ComparisonCalculator(),
        clock, new InputBacklog());
    aggregator.init(context);
  }

  @Test
  void aQuietStratumGoesOutAtTheNextTickABusyOneOncePerInterval() {
    assertThat(context.scheduledPunctuators().get(0).getInterval()).isEqualTo(EmitThrottle.tick(INTERVAL));
    change("condition/SPINAL_STENOSIS", 300);
    assertThat(tick(T0 + 250).keySet()).containsExactly("condition/SPINAL_STENOSIS");

    change("condition/SPINAL_STENOSIS", 350); // busy: changed again a tick later
    assertThat(tick(T0 + 500)).isEmpty();
    change("hospital/H01", 200); // quiet: goes out at once, whatever the busy stratum waits for
    assertThat(tick(T0 + 750).keySet()).containsExactly("hospital/H01");
    assertThat(tick(T0 + 1_000)).isEmpty();
    assertThat(tick(T0 + 1_250).keySet()).as("an interval after it last went out")
        .containsExactly("condition/SPINAL_STENOSIS");
    assertThat(tick(T0 + 1_500)).as("nothing changed since").isEmpty();
  }

  @Test
  void aStratumSendsEveryMetricFirstThenTheChangedOnes() {
    String stratum = "hospital/H01";
    change(stratum, 300);
    assertThat(tick(T0 + 250).get(stratum)).as("first time: every metric").isEqualTo(ALL);

    change(stratum, 310);
    assertThat(tick(T0 + 1_250).get(stratum)).containsExactly("blood_loss_ml");

    change(stratum, 320, 20_000); // a procedure counted on a day: completeness of every metric due at a visit
    TreeSet<String> dueOrChanged = new TreeSet<>(DUE);
    dueOrChanged.add("blood_loss_ml");
    assertThat(tick(T0 + 2_250).get(stratum)).isEqualTo(dueOrChanged);

    clock.millis = T0 + 86_400_000L; // a new day: visits come due without any change
    change(stratum, 330);
    assertThat(tick(T0 + 86_400_000L + 250).get(stratum)).isEqualTo(dueOrChanged);

    aggregator.init(context); // as after a restart or rebalance: nothing is known of what went out before
    change(stratum, 340);
    assertThat(tick(T0 + 86_400_000L + 1_500).get(stratum)).isEqualTo(ALL);
  }

  private static final TreeSet<String> ALL = new TreeSet<>(
      MetricCatalogue.ALL.stream().map(Metric::id).toList());
  private static final TreeSet<String> DUE = new TreeSet<>(
      MetricCatalogue.ALL.stream().filter(m -> m.dueAt() != null).map(Metric::id).toList());

  private void change(String stratum, int bloodLossMl) {
    change(stratum, bloodLossMl, -1);
  }

  /** One procedure added to the stratum's blood loss; with a day of surgery (≥ 0), to its procedures per day too. */
  private void change(String stratum, int bloodLossMl, int performedDay) {
    ArmDelta one = new ArmDelta(List.of(bloodLossMl), List.of(1L), 0L, 1L);
    ArmDelta none = new ArmDelta(List.of(), List.of(), 0L, 0L);
    ArmDelta day = performedDay < 0 ? none : new ArmDelta(List.of(performedDay), List.of(1L), 0L, 1L);
    MetricDelta metric = new MetricDelta("blood_loss_ml", List.of(new CellDelta("cell", one, none, 1)), Map.of());
    aggregator.process(new Record<>(stratum, new StratumDelta(List.of(metric), day, none), T0));
  }

  /** Runs the punctuation at `now`; by stratum, the metrics whose comparisons went out. */
  private TreeMap<String, TreeSet<String>> tick(long now) {
    context.scheduledPunctuators().get(0).getPunctuator().punctuate(now);
    TreeMap<String, TreeSet<String>> out = new TreeMap<>();
    context.forwarded().forEach(f -> {
      String key = f.record().key();
      int slash = key.lastIndexOf('/');
      assertThat(out.computeIfAbsent(key.substring(0, slash), k -> new TreeSet<>()).add(key.substring(slash + 1)))
          .as("each comparison once").isTrue();
    });
    context.resetForwards();
    return out;
  }

  /** A wall clock the test moves. */
  private static final class MutableClock extends Clock {
    long millis;

    MutableClock(long millis) {
      this.millis = millis;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }
  }

  private static <V> KeyValueStore<String, V> store(String name, org.apache.kafka.common.serialization.Serde<V> serde) {
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
        .withLoggingDisabled().build();
  }
}
