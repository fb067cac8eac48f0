package org.spineoutcomes.streams.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** What the store beneath holds is what a commit would include: pending changes reach it at flushCache only. */
class WriteBehindStoreTest {

  /** A store whose values weigh 100 bytes each, holding `capacity` of them. */
  private static WriteBehindStore<String> store(int capacity) {
    KeyValueStore<String, String> inner = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("s"),
        Serdes.String(), Serdes.String()).withLoggingDisabled().withCachingDisabled().build();
    WriteBehindStore<String> store = new WriteBehindStore<>(inner, 100L * capacity, v -> 100);
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    return store;
  }

  @Test
  void changesReachTheStoreBeneathWhenTheTaskCommits() {
    WriteBehindStore<String> store = store(100);
    store.put("a", "1");
    store.put("a", "2");
    assertThat(store.get("a")).isEqualTo("2");
    assertThat(store.wrapped().get("a")).isNull();
    store.flushCache();
    assertThat(store.wrapped().get("a")).isEqualTo("2");

    store.delete("a");
    assertThat(store.get("a")).isNull();
    assertThat(store.wrapped().get("a")).isEqualTo("2");
    store.flushCache();
    assertThat(store.wrapped().get("a")).isNull();
    assertThat(store.get("a")).isNull();
  }

  @Test
  void anAbortedTransactionForgetsWhatWasNotCommitted() {
    WriteBehindStore<String> store = store(100);
    store.put("a", "committed");
    store.flushCache();
    store.put("a", "uncommitted");
    store.put("b", "uncommitted");
    store.clearCache();
    assertThat(store.get("a")).isEqualTo("committed");
    assertThat(store.get("b")).isNull();
    store.flushCache();
    assertThat(store.wrapped().get("b")).isNull();
  }

  @Test
  void aValueLeavingTheBoundedCacheIsWrittenFirst() {
    WriteBehindStore<String> store = store(2);
    store.put("a", "1");
    store.put("b", "2");
    store.get("a"); // b is now the least recently used
    store.put("c", "3");
    assertThat(store.wrapped().get("b")).isEqualTo("2");
    assertThat(store.wrapped().get("a")).isNull();
    assertThat(store.get("b")).isEqualTo("2");
    store.flushCache();
    assertThat(store.wrapped().get("a")).isEqualTo("1");
    assertThat(store.wrapped().get("c")).isEqualTo("3");
  }

  @Test
  void scansSeePendingChanges() {
    WriteBehindStore<String> store = store(100);
    store.put("x/1", "gone");
    store.flushCache();
    store.delete("x/1");
    store.put("x/2", "new");
    store.put("y/1", "other");
    assertThat(keys(store.prefixScan("x/", Serdes.String().serializer()))).containsExactly("x/2");
    assertThat(keys(store.all())).containsExactly("x/2", "y/1");
  }

  private static List<String> keys(KeyValueIterator<String, String> it) {
    List<String> keys = new ArrayList<>();
    try (it) {
      it.forEachRemaining((KeyValue<String, String> kv) -> keys.add(kv.key));
    }
    return keys;
  }
}
