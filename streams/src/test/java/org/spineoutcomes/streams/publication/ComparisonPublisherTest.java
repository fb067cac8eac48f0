package org.spineoutcomes.streams.publication;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.schemas.ArmFigures;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.Topics;
import org.spineoutcomes.schemas.state.ComparisonUpdate;

/**
 * The publisher re-publishes only what changed in a group; whatever the order of changes, restarts included, what it
 * has published must be the rule applied to the whole of each group's current analysis.
 */
class ComparisonPublisherTest {

  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final List<String> DIMENSIONS = List.of("hospital", "quarter", "overall");
  private static final List<String> VALUES = List.of("A", "B", "C", "D", "E");

  private final MockProcessorContext<String, OutcomeComparison> context = new MockProcessorContext<>();
  private final Map<String, OutcomeComparison> analysisNow = new TreeMap<>();
  private final Map<String, OutcomeComparison> seen = new TreeMap<>();
  private ComparisonPublisher publisher;
  private long now = 1_700_000_000_000L;

  @Test
  void whatWasPublishedIsAlwaysTheRuleOverEachWholeGroup() {
    for (KeyValueStore<String, ?> store : List.of(store("analysis", Topics.COMPARISON_SERDE),
        store("published", Topics.COMPARISON_SERDE), store("dirty", Serdes.Long()))) {
      store.init(context.getStateStoreContext(), store);
      context.addStateStore(store);
    }
    start();
    Random random = new Random(17);
    int restarts = 0;
    int suppressionsSeen = 0;
    for (int round = 0; round < 300; round++) {
      int changes = 1 + random.nextInt(6);
      for (int i = 0; i < changes; i++) {
        String dimension = DIMENSIONS.get(random.nextInt(DIMENSIONS.size()));
        String value = dimension.equals("overall") ? "all" : VALUES.get(random.nextInt(VALUES.size()));
        String key = Topics.comparisonKey(dimension, value, "blood_loss_ml");
        OutcomeComparison c = random.nextInt(8) == 0 ? null
            : comparison(dimension, value, random.nextInt(40), random.nextInt(40));
        publisher.process(new Record<>(ComparisonPublisher.groupOf(key), new ComparisonUpdate(key, c), now));
        if (c == null) {
          analysisNow.remove(key);
        } else {
          analysisNow.put(key, c);
        }
      }
      if (random.nextInt(25) == 0) {
        start(); // a restart: the stores remain, nothing held in memory
        restarts++;
      }
      now += INTERVAL.toMillis();
      context.scheduledPunctuators().get(context.scheduledPunctuators().size() - 1).getPunctuator().punctuate(now);
      context.forwarded().forEach(f -> {
        if (f.record().value() == null) {
          seen.remove(f.record().key());
        } else {
          seen.put(f.record().key(), f.record().value());
        }
      });
      context.resetForwards();

      Map<String, Map<String, OutcomeComparison>> groups = new TreeMap<>();
      analysisNow.forEach((k, c) -> groups.computeIfAbsent(ComparisonPublisher.groupOf(k), g -> new TreeMap<>()).put(k, c));
      Map<String, OutcomeComparison> expected = new TreeMap<>();
      groups.values().forEach(g -> expected.putAll(PublicationRule.publish(g)));
      assertThat(seen).as("round %d", round).isEqualTo(expected);
      suppressionsSeen += (int) groups.values().stream()
          .filter(g -> !PublicationRule.complementary(arms(g)).isEmpty()).count();
    }
    assertThat(restarts).isGreaterThan(3);
    assertThat(suppressionsSeen).as("complementary suppression came and went").isGreaterThan(50);
  }

  private void start() {
    publisher = new ComparisonPublisher("analysis", "published", "dirty", INTERVAL);
    publisher.init(context);
  }

  private static Map<String, PublicationRule.Arms> arms(Map<String, OutcomeComparison> group) {
    Map<String, PublicationRule.Arms> out = new TreeMap<>();
    group.forEach((k, c) -> out.put(k, PublicationRule.Arms.of(c)));
    return out;
  }

  /** A comparison with each arm suppressed below 11, as the analysis topic holds it. */
  private static OutcomeComparison comparison(String dimension, String value, int nOpen, int nMicro) {
    OutcomeComparison c = PublicationRuleTest.continuous(dimension, value, nOpen, 300, nMicro, 80);
    if (nOpen < 11) {
      c.setOpen(ArmFigures.newBuilder().setSuppressed(true).build());
    }
    if (nMicro < 11) {
      c.setMicroscopic(ArmFigures.newBuilder().setSuppressed(true).build());
    }
    c.setSuppressed(nOpen < 11 || nMicro < 11);
    return c;
  }

  private static <V> KeyValueStore<String, V> store(String name, org.apache.kafka.common.serialization.Serde<V> serde) {
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
        .withLoggingDisabled().build();
  }
}
