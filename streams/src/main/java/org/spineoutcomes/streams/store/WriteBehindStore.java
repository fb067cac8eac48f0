package org.spineoutcomes.streams.store;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store that keeps recently used values decoded and writes changed ones to the store beneath (RocksDB
 * and its changelog) only when the task commits, or when they leave the bounded cache. A value updated many times
 * between commits is then encoded once, and a value read back soon after it was written is not decoded at all;
 * Kafka's own record cache keeps bytes, so it saves neither.
 *
 * <p>Exactly-once holds because Kafka Streams flushes every store's cache ({@code flushCache}) before it commits
 * a task's transaction, and drops uncommitted cache contents ({@code clearCache}, {@code close}) when it aborts
 * one. That hook is Kafka's internal {@link WrappedStateStore}, so this class is tied to the Kafka version the
 * build pins. Range and prefix scans write pending changes first, then read the store beneath.
 *
 * <p>Values are handed out as they are cached: a processor that changes one must put it back, as it must with
 * any store. Only the stream thread may use it (no interactive queries).
 */
public final class WriteBehindStore<V> extends WrappedStateStore<KeyValueStore<String, V>, String, V>
    implements KeyValueStore<String, V> {

  private static final Object DELETED = new Object();
  private static final int DELETED_WEIGHT = 64;

  private final long budgetBytes;
  private final ToIntFunction<V> weigher;
  /** Decoded values in access order, with their estimated size; DELETED marks a delete. */
  private final LinkedHashMap<String, Cached> cache = new LinkedHashMap<>(16, 0.75f, true);
  private final Set<String> pending = new HashSet<>();
  private long weight;

  private record Cached(Object value, int weight) {}

  WriteBehindStore(KeyValueStore<String, V> inner, long budgetBytes, ToIntFunction<V> weigher) {
    super(inner);
    this.budgetBytes = budgetBytes;
    this.weigher = weigher;
  }

  /**
   * Wraps a store builder. `budgetBytes` bounds the decoded values kept per task, as estimated by `weigher` (the
   * heap a decoded value takes, roughly); the least recently used leave first.
   */
  public static <V> StoreBuilder<KeyValueStore<String, V>> wrap(StoreBuilder<KeyValueStore<String, V>> inner,
      long budgetBytes, ToIntFunction<V> weigher) {
    return new Builder<>(inner, budgetBytes, weigher);
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    forget();
    super.init(context, root);
  }

  @Override
  @SuppressWarnings("unchecked")
  public V get(String key) {
    Cached cached = cache.get(key);
    if (cached != null) {
      return cached.value() == DELETED ? null : (V) cached.value();
    }
    V value = wrapped().get(key);
    if (value != null) {
      cache(key, value);
      evict();
    }
    return value;
  }

  @Override
  public void put(String key, V value) {
    cache(key, value);
    pending.add(key);
    evict();
  }

  private void cache(String key, V value) {
    Cached entry = value == null ? new Cached(DELETED, DELETED_WEIGHT) : new Cached(value, weigher.applyAsInt(value));
    Cached previous = cache.put(key, entry);
    weight += entry.weight() - (previous == null ? 0 : previous.weight());
  }

  /** Least recently used first, until the budget holds; a pending change is written before it leaves. */
  private void evict() {
    Iterator<Map.Entry<String, Cached>> it = cache.entrySet().iterator();
    while (weight > budgetBytes && cache.size() > 1 && it.hasNext()) {
      Map.Entry<String, Cached> eldest = it.next();
      if (pending.remove(eldest.getKey())) {
        write(eldest.getKey(), eldest.getValue().value());
      }
      weight -= eldest.getValue().weight();
      it.remove();
    }
  }

  @Override
  public V putIfAbsent(String key, V value) {
    V existing = get(key);
    if (existing == null) {
      put(key, value);
    }
    return existing;
  }

  @Override
  public void putAll(List<KeyValue<String, V>> entries) {
    entries.forEach(e -> put(e.key, e.value));
  }

  @Override
  public V delete(String key) {
    V existing = get(key);
    put(key, null);
    return existing;
  }

  @Override
  public KeyValueIterator<String, V> range(String from, String to) {
    writePending();
    return wrapped().range(from, to);
  }

  @Override
  public KeyValueIterator<String, V> reverseRange(String from, String to) {
    writePending();
    return wrapped().reverseRange(from, to);
  }

  @Override
  public KeyValueIterator<String, V> all() {
    writePending();
    return wrapped().all();
  }

  @Override
  public KeyValueIterator<String, V> reverseAll() {
    writePending();
    return wrapped().reverseAll();
  }

  @Override
  public <PS extends Serializer<P>, P> KeyValueIterator<String, V> prefixScan(P prefix, PS prefixKeySerializer) {
    writePending();
    return wrapped().prefixScan(prefix, prefixKeySerializer);
  }

  @Override
  public long approximateNumEntries() {
    return wrapped().approximateNumEntries() + pending.size();
  }

  /** Before a commit: every pending change goes to the store beneath, whose changelog the commit includes. */
  @Override
  public void flushCache() {
    writePending();
    super.flushCache();
  }

  /** An aborted transaction: what was not committed is forgotten, and reads go back to the committed state. */
  @Override
  public void clearCache() {
    forget();
    super.clearCache();
  }

  @Override
  public void close() {
    forget();
    super.close();
  }

  private void forget() {
    cache.clear();
    pending.clear();
    weight = 0;
  }

  private void writePending() {
    if (pending.isEmpty()) {
      return;
    }
    for (String key : pending) {
      write(key, cache.get(key).value());
    }
    pending.clear();
  }

  // A written delete stays cached as DELETED: the key is known to be absent.
  @SuppressWarnings("unchecked")
  private void write(String key, Object value) {
    if (value == DELETED) {
      wrapped().delete(key);
    } else {
      wrapped().put(key, (V) value);
    }
  }

  private static final class Builder<V> implements StoreBuilder<KeyValueStore<String, V>> {
    private final StoreBuilder<KeyValueStore<String, V>> inner;
    private final long budgetBytes;
    private final ToIntFunction<V> weigher;

    Builder(StoreBuilder<KeyValueStore<String, V>> inner, long budgetBytes, ToIntFunction<V> weigher) {
      this.inner = inner;
      this.budgetBytes = budgetBytes;
      this.weigher = weigher;
    }

    @Override
    public StoreBuilder<KeyValueStore<String, V>> withCachingEnabled() {
      inner.withCachingEnabled();
      return this;
    }

    @Override
    public StoreBuilder<KeyValueStore<String, V>> withCachingDisabled() {
      inner.withCachingDisabled();
      return this;
    }

    @Override
    public StoreBuilder<KeyValueStore<String, V>> withLoggingEnabled(Map<String, String> config) {
      inner.withLoggingEnabled(config);
      return this;
    }

    @Override
    public StoreBuilder<KeyValueStore<String, V>> withLoggingDisabled() {
      inner.withLoggingDisabled();
      return this;
    }

    @Override
    public KeyValueStore<String, V> build() {
      return new WriteBehindStore<>(inner.build(), budgetBytes, weigher);
    }

    @Override
    public Map<String, String> logConfig() {
      return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
      return inner.loggingEnabled();
    }

    @Override
    public String name() {
      return inner.name();
    }
  }
}
