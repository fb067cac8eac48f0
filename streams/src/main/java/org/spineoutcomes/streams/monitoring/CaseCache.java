package org.spineoutcomes.streams.monitoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.spineoutcomes.schemas.RiskModel;
import org.spineoutcomes.schemas.state.ScoredCase;

/**
 * What replaying a provider's charts needs of each of its cases (day, procedure, outcome and the risk the current
 * model predicts), for the providers charted since the task started, each in its store's key order, kept in step
 * with every change the monitor writes to its store. Live, a provider's charts are replayed every interval in which
 * it changed; without this each replay read, decoded and re-scored all its cases (8% of the stream thread at 2,000
 * events/s). One per task, rebuilt empty whenever the task is (re)initialised, so it never outlives the store it
 * mirrors, and emptied when the risk model changes.
 *
 * <p>Bounded by the number of cases held, from a budget all tasks of the instance share ({@link CaseBudget}): a
 * provider is taken in only while there is room, and dropped when its growth finds none. Nothing else is evicted, so
 * a history larger than the budget keeps a stable share of its providers held rather than evicting each one just
 * before it is needed again. {@link #release} gives the room back when the task closes.
 */
final class CaseCache {

  /** The order of the UTF-8 bytes of the keys (the store's order): code point order, not Java's UTF-16 order. */
  static final Comparator<String> STORE_ORDER = (a, b) -> {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return Integer.compare(codePointRank(x), codePointRank(y));
      }
    }
    return Integer.compare(a.length(), b.length());
  };

  /** One case as the charts use it. */
  record Charted(String procedureId, int performedDay, double risk, boolean complication) {}

  private final CaseBudget budget;
  private int size;
  private final Map<String, Sorted> byProvider = new HashMap<>();
  private RiskModel model;

  /** @param budget the room for cases, shared with the other tasks' caches */
  CaseCache(CaseBudget budget) {
    this.budget = budget;
  }

  /** Scores cases with this model from now on; a different model than before empties the cache. */
  void useModel(RiskModel current) {
    if (!Objects.equals(current, model)) {
      model = current;
      release();
    }
  }

  /**
   * The provider's cases in key order: held, or read with `scan` (key, case pairs in key order) and taken in if
   * there is room.
   */
  List<Charted> casesOf(String provider, Supplier<Iterator<Map.Entry<String, ScoredCase>>> scan) {
    Sorted held = byProvider.get(provider);
    if (held != null) {
      return held.cases();
    }
    List<Map.Entry<String, ScoredCase>> read = new ArrayList<>();
    scan.get().forEachRemaining(read::add);
    List<Charted> cases = new ArrayList<>(read.size());
    read.forEach(e -> cases.add(charted(e.getValue())));
    if (budget.take(read.size())) {
      Sorted taken = new Sorted(read.size());
      for (int i = 0; i < read.size(); i++) {
        taken.put(read.get(i).getKey(), cases.get(i));
      }
      byProvider.put(provider, taken);
      size += taken.size;
      budget.give(read.size() - taken.size); // none, as a store's keys are distinct
    }
    return cases;
  }

  /** A case the monitor wrote to its store. */
  void put(String provider, String caseKey, ScoredCase scored) {
    Sorted held = byProvider.get(provider);
    if (held != null && held.put(caseKey, charted(scored))) {
      if (budget.take(1)) {
        size++;
      } else { // no room to grow: the provider is read from the store until there is room for all of it
        size -= held.size - 1;
        budget.give(held.size - 1);
        byProvider.remove(provider);
      }
    }
  }

  /** A case the monitor deleted from its store. */
  void remove(String provider, String caseKey) {
    Sorted held = byProvider.get(provider);
    if (held != null && held.remove(caseKey)) {
      size--;
      budget.give(1);
    }
  }

  int size() {
    return size;
  }

  /** Drops every provider and gives their room back to the budget. */
  void release() {
    budget.give(size);
    byProvider.clear();
    size = 0;
  }

  boolean holds(String provider) {
    return byProvider.containsKey(provider);
  }

  private Charted charted(ScoredCase c) {
    double risk = model == null ? Double.NaN : RiskModelTerms.predict(model, c.getCovariates());
    return new Charted(c.getProcedureId(), c.getPerformedDay(), risk, c.getComplication());
  }

  /**
   * One provider's cases in key order, as two parallel arrays: a replay reads them in sequence (walking a tree of
   * every provider's cases each interval took a tenth of the stream thread at 2,000 events/s), and a live change
   * inserts or removes one, usually near the end.
   */
  private static final class Sorted {
    private String[] keys;
    private Charted[] cases;
    private int size;

    Sorted(int capacity) {
      keys = new String[Math.max(16, capacity)];
      cases = new Charted[keys.length];
    }

    /** Whether the key is new. */
    boolean put(String key, Charted c) {
      int i = find(key);
      if (i >= 0) {
        cases[i] = c;
        return false;
      }
      i = -i - 1;
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, 2 * size);
        cases = Arrays.copyOf(cases, 2 * size);
      }
      System.arraycopy(keys, i, keys, i + 1, size - i);
      System.arraycopy(cases, i, cases, i + 1, size - i);
      keys[i] = key;
      cases[i] = c;
      size++;
      return true;
    }

    /** Whether the key was there. */
    boolean remove(String key) {
      int i = find(key);
      if (i < 0) {
        return false;
      }
      System.arraycopy(keys, i + 1, keys, i, size - i - 1);
      System.arraycopy(cases, i + 1, cases, i, size - i - 1);
      size--;
      keys[size] = null;
      cases[size] = null;
      return true;
    }

    List<Charted> cases() {
      return Collections.unmodifiableList(Arrays.asList(cases).subList(0, size));
    }

    /** The key's index, or -(insertion point) - 1; appending in order costs one comparison. */
    private int find(String key) {
      if (size == 0 || STORE_ORDER.compare(keys[size - 1], key) < 0) {
        return -size - 1;
      }
      return Arrays.binarySearch(keys, 0, size, key, STORE_ORDER);
    }
  }

  /** Surrogates (the UTF-16 halves of code points above U+FFFF) rank above every other char, as in UTF-8. */
  private static int codePointRank(char c) {
    return c >= 0xD800 && c <= 0xDFFF ? c + 0x10000 : c;
  }
}
