package org.spineoutcomes.streams.publication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * (keyed "dimension/value/metric") only the published comparisons that differ from what was last published, and
 * a tombstone for a stratum that is gone. Complementary suppression needs the whole group at once, hence the key.
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
    if (update.getComparison() == null) {
      analysis.delete(storeKey);
    } else {
      analysis.put(storeKey, update.getComparison());
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
      String prefix = group + "|";
      Map<String, OutcomeComparison> current = new TreeMap<>();
      try (KeyValueIterator<String, OutcomeComparison> it = analysis.prefixScan(prefix, Serdes.String().serializer())) {
        it.forEachRemaining(kv -> current.put(kv.key.substring(prefix.length()), kv.value));
      }
      Map<String, OutcomeComparison> wanted = PublicationRule.publish(current);
      Map<String, OutcomeComparison> before = new LinkedHashMap<>();
      try (KeyValueIterator<String, OutcomeComparison> it = published.prefixScan(prefix,
          Serdes.String().serializer())) {
        it.forEachRemaining(kv -> before.put(kv.key.substring(prefix.length()), kv.value));
      }
      for (String key : before.keySet()) {
        if (!wanted.containsKey(key)) {
          published.delete(prefix + key);
          context.forward(new Record<>(key, null, now));
        }
      }
      wanted.forEach((key, comparison) -> {
        String storeKey = prefix + key;
        if (!comparison.equals(before.get(key))) {
          published.put(storeKey, comparison);
          context.forward(new Record<>(key, comparison, now));
        }
      });
      dirty.delete(group);
    }
    return groups.size();
  }
}
