package org.spineoutcomes.streams.monitoring;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Bytes;
import org.spineoutcomes.schemas.state.ScoredCase;

/**
 * The decoded cases of the providers charted most recently, each in its store's key order (the keys' UTF-8 bytes,
 * as a prefix scan returns them), kept in step with every change the monitor writes to its store. Live, a
 * provider's charts are replayed every interval in which it changed; without this each replay read and decoded
 * all its cases from the store again (8% of the stream thread at 2,000 events/s). Bounded by the number of cases
 * held; the providers charted least recently are dropped first. One per task, rebuilt empty whenever the task is
 * (re)initialised, so it never outlives the store it mirrors.
 */
final class CaseCache {

  private final int capacity;
  private int size;
  private final LinkedHashMap<String, TreeMap<Bytes, ScoredCase>> byProvider = new LinkedHashMap<>(16, 0.75f, true);

  /** @param capacity most cases held, over all providers */
  CaseCache(int capacity) {
    this.capacity = capacity;
  }

  /**
   * The provider's cases in key order: from the cache, or read with `scan` (key, case pairs in key order) and kept
   * if they take at most half the capacity.
   */
  Collection<ScoredCase> casesOf(String provider, Supplier<Iterator<Map.Entry<String, ScoredCase>>> scan) {
    TreeMap<Bytes, ScoredCase> cached = byProvider.get(provider);
    if (cached != null) {
      return cached.values();
    }
    List<Map.Entry<String, ScoredCase>> read = new ArrayList<>();
    scan.get().forEachRemaining(read::add);
    if (read.size() <= capacity / 2) {
      TreeMap<Bytes, ScoredCase> held = new TreeMap<>();
      read.forEach(e -> held.put(key(e.getKey()), e.getValue()));
      byProvider.put(provider, held);
      size += held.size();
      evict();
    }
    return read.stream().map(Map.Entry::getValue).toList();
  }

  /** A case the monitor wrote to its store. */
  void put(String provider, String caseKey, ScoredCase scored) {
    TreeMap<Bytes, ScoredCase> cached = byProvider.get(provider);
    if (cached != null && cached.put(key(caseKey), scored) == null) {
      size++;
      evict();
    }
  }

  /** A case the monitor deleted from its store. */
  void remove(String provider, String caseKey) {
    TreeMap<Bytes, ScoredCase> cached = byProvider.get(provider);
    if (cached != null && cached.remove(key(caseKey)) != null) {
      size--;
    }
  }

  int size() {
    return size;
  }

  boolean holds(String provider) {
    return byProvider.containsKey(provider);
  }

  private void evict() {
    Iterator<TreeMap<Bytes, ScoredCase>> eldest = byProvider.values().iterator();
    while (size > capacity && eldest.hasNext()) {
      size -= eldest.next().size();
      eldest.remove();
    }
  }

  private static Bytes key(String caseKey) {
    return Bytes.wrap(caseKey.getBytes(StandardCharsets.UTF_8));
  }
}
