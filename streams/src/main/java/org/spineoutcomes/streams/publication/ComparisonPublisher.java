package org.spineoutcomes.streams.publication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.state.ComparisonUpdate;
import org.spineoutcomes.streams.EmitThrottle;

/**
 * Keyed by "dimension/metric": holds the latest analysis comparison of every stratum of that dimension and
 * metric, and re-applies the {@link PublicationRule} to the groups that changed (at ticks a quarter of the emit
 * interval apart, each group at most once per interval: {@link EmitThrottle}), forwarding
 * (keyed "dimension/value/metric") the published comparisons that changed, and a tombstone for a stratum that is
 * gone. Complementary suppression needs the whole group at once, hence the key.
 *
 * <p>The rule decides a group's extra suppression from each stratum's arms alone (suppressed, n). So for each group
 * published since the task started the publisher holds those arms ({@link PublicationRule.Arms}), kept in step with
 * the analysis store, and the extra arms it last suppressed: the group is then published again from the strata that
 * changed, and those whose extra suppression changed, instead of reading and decoding every comparison of the group
 * (live, every second, twice: the analysis and what was published). A group not held (the first time after the task
 * starts) is read whole from the stores.
 */
public final class ComparisonPublisher implements Processor<String, ComparisonUpdate, String, OutcomeComparison> {

  private final String analysisStore;
  private final String publishedStore;
  private final String dirtyStore;
  private final Duration emitInterval;
  private ProcessorContext<String, OutcomeComparison> context;
  private KeyValueStore<String, OutcomeComparison> analysis;
  private KeyValueStore<String, OutcomeComparison> published;
  private KeyValueStore<String, Long> dirty;
  private EmitThrottle throttle;
  /** The groups published since the task started; rebuilt empty whenever the task is (re)initialised. */
  private Map<String, Held> held;

  /** What the publisher holds of one group between publications. */
  private static final class Held {
    /** Every analysis comparison's arms, by key. */
    final Map<String, PublicationRule.Arms> arms = new HashMap<>();
    /** The extra arms the rule suppressed when the group was last published. */
    Set<PublicationRule.Arm> extra = Set.of();
    /** The analysis comparisons changed since then, by key (null: removed). */
    final Map<String, OutcomeComparison> changed = new HashMap<>();
  }

  public ComparisonPublisher(String analysisStore, String publishedStore, String dirtyStore, Duration emitInterval) {
    this.analysisStore = analysisStore;
    this.publishedStore = publishedStore;
    this.dirtyStore = dirtyStore;
    this.emitInterval = emitInterval;
  }

  /** The group of a comparison key "dimension/value/metric": "dimension/metric" (values may hold a '/'). */
  public static String groupOf(String comparisonKey) {
    return comparisonKey.substring(0, comparisonKey.indexOf('/')) + comparisonKey.substring(
        comparisonKey.lastIndexOf('/'));
  }

  @Override
  public void init(ProcessorContext<String, OutcomeComparison> context) {
    this.context = context;
    this.analysis = context.getStateStore(analysisStore);
    this.published = context.getStateStore(publishedStore);
    this.dirty = context.getStateStore(dirtyStore);
    this.throttle = new EmitThrottle(emitInterval);
    this.held = new HashMap<>();
    context.schedule(EmitThrottle.tick(emitInterval), PunctuationType.WALL_CLOCK_TIME, now -> {
      if (publishDirty(now) > 0) {
        context.commit(); // so readers see these now, not at the next commit interval
      }
    });
  }

  @Override
  public void process(Record<String, ComparisonUpdate> record) {
    ComparisonUpdate update = record.value();
    if (update == null) {
      return;
    }
    String storeKey = record.key() + "|" + update.getKey();
    OutcomeComparison comparison = update.getComparison();
    if (comparison == null) {
      analysis.delete(storeKey);
    } else {
      analysis.put(storeKey, comparison);
    }
    Held group = held.get(record.key());
    if (group != null) {
      if (comparison == null) {
        group.arms.remove(update.getKey());
      } else {
        group.arms.put(update.getKey(), PublicationRule.Arms.of(comparison));
      }
      group.changed.put(update.getKey(), comparison);
    }
    dirty.put(record.key(), record.timestamp());
  }

  /** Re-applies the rule to the changed groups due at this tick; returns how many. */
  private int publishDirty(long now) {
    List<String> groups = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = dirty.all()) {
      it.forEachRemaining(kv -> {
        if (throttle.ready(kv.key, now)) {
          groups.add(kv.key);
        }
      });
    }
    for (String group : groups) {
      throttle.emitted(group, now);
      Held h = held.get(group);
      if (h == null) {
        held.put(group, publishWhole(group, now));
      } else {
        publishChanged(group, h, now);
      }
      dirty.delete(group);
    }
    return groups.size();
  }

  /**
   * Reads the group's analysis and what was last published from the stores, publishes what differs, and returns
   * what to hold of the group from now on.
   */
  private Held publishWhole(String group, long now) {
    String prefix = group + "|";
    Map<String, OutcomeComparison> current = new TreeMap<>();
    try (KeyValueIterator<String, OutcomeComparison> it = analysis.prefixScan(prefix, Serdes.String().serializer())) {
      it.forEachRemaining(kv -> current.put(kv.key.substring(prefix.length()), kv.value));
    }
    Held h = new Held();
    current.forEach((key, c) -> h.arms.put(key, PublicationRule.Arms.of(c)));
    h.extra = PublicationRule.complementary(h.arms);
    Map<String, OutcomeComparison> before = new LinkedHashMap<>();
    try (KeyValueIterator<String, OutcomeComparison> it = published.prefixScan(prefix,
        Serdes.String().serializer())) {
      it.forEachRemaining(kv -> before.put(kv.key.substring(prefix.length()), kv.value));
    }
    for (String key : before.keySet()) {
      if (!current.containsKey(key)) {
        published.delete(prefix + key);
        context.forward(new Record<>(key, null, now));
      }
    }
    current.forEach((key, c) -> {
      OutcomeComparison wanted = PublicationRule.publish(key, c, h.extra);
      if (!wanted.equals(before.get(key))) {
        published.put(prefix + key, wanted);
        context.forward(new Record<>(key, wanted, now));
      }
    });
    return h;
  }

  /**
   * Publishes again the strata whose analysis changed since the group was last published, and those whose extra
   * suppression the change starts or ends; the rest stand as published.
   */
  private void publishChanged(String group, Held h, long now) {
    String prefix = group + "|";
    Set<PublicationRule.Arm> extra = PublicationRule.complementary(h.arms);
    Set<String> keys = new TreeSet<>(h.changed.keySet());
    for (PublicationRule.Arm arm : extra) {
      if (!h.extra.contains(arm)) {
        keys.add(arm.key());
      }
    }
    for (PublicationRule.Arm arm : h.extra) {
      if (!extra.contains(arm)) {
        keys.add(arm.key());
      }
    }
    for (String key : keys) {
      OutcomeComparison c = h.changed.containsKey(key) ? h.changed.get(key) : analysis.get(prefix + key);
      if (c == null) {
        published.delete(prefix + key);
        context.forward(new Record<>(key, null, now));
      } else {
        OutcomeComparison wanted = PublicationRule.publish(key, c, extra);
        published.put(prefix + key, wanted);
        context.forward(new Record<>(key, wanted, now));
      }
    }
    h.extra = extra;
    h.changed.clear();
  }
}
