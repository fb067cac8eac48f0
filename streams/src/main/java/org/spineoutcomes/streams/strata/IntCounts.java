package org.spineoutcomes.streams.strata;

import java.util.Arrays;
import java.util.List;

/**
 * Signed counts by int value without boxing, for the patient stage's combiner, which adds and subtracts millions of
 * values per backfill flush (a HashMap of Integer to Long spent most of that time boxing). Open addressing with
 * linear probing; entries are never removed: a count back at zero stays, and is skipped when read.
 *
 * <p>Most instances hold one value: at a registry's size a flush slice touches thousands of case-mix cells of
 * hospitals and quarters once each. The first value is therefore kept in fields, and the table is allocated only
 * for a second one (about 48 bytes against 184).
 */
final class IntCounts {

  private static final int FIRST_CAPACITY = 8;

  private boolean hasSole;
  private int soleKey;
  private long soleCount;
  private int[] keys;
  private long[] counts;
  private boolean[] used;
  private int size;
  private int nonZero;

  void add(int key, long delta) {
    if (keys == null) {
      if (!hasSole || soleKey == key) {
        long before = soleCount;
        hasSole = true;
        soleKey = key;
        soleCount = before + delta;
        nonZero = soleCount != 0 ? 1 : 0;
        return;
      }
      keys = new int[FIRST_CAPACITY];
      counts = new long[FIRST_CAPACITY];
      used = new boolean[FIRST_CAPACITY];
      nonZero = 0;
      insert(soleKey, soleCount);
    }
    insert(key, delta);
  }

  private void insert(int key, long delta) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (used[i]) {
      if (keys[i] == key) {
        long before = counts[i];
        long after = before + delta;
        counts[i] = after;
        nonZero += (after != 0 ? 1 : 0) - (before != 0 ? 1 : 0);
        return;
      }
      i = (i + 1) & mask;
    }
    used[i] = true;
    keys[i] = key;
    counts[i] = delta;
    size++;
    nonZero += delta != 0 ? 1 : 0;
    if (2 * size > keys.length) {
      grow();
    }
  }

  /** About how many bytes of heap this holds: the object, and its three arrays once it holds two values. */
  long estimatedBytes() {
    return keys == null ? 48 : 48 + 3 * 16 + 13L * keys.length;
  }

  /** Whether every count is zero. */
  boolean isZero() {
    return nonZero == 0;
  }

  /** The values with a non-zero count, ascending, and their counts (same order) appended to the given lists. */
  void sortedNonZero(List<Integer> values, List<Long> countsOut) {
    if (keys == null) {
      if (soleCount != 0) {
        values.add(soleKey);
        countsOut.add(soleCount);
      }
      return;
    }
    int[] present = new int[nonZero];
    int n = 0;
    for (int i = 0; i < keys.length; i++) {
      if (used[i] && counts[i] != 0) {
        present[n++] = keys[i];
      }
    }
    Arrays.sort(present);
    for (int v : present) {
      values.add(v);
      countsOut.add(get(v));
    }
  }

  long get(int key) {
    if (keys == null) {
      return hasSole && soleKey == key ? soleCount : 0;
    }
    int mask = keys.length - 1;
    for (int i = slot(key, mask); used[i]; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return counts[i];
      }
    }
    return 0;
  }

  private static int slot(int key, int mask) {
    int h = key * 0x9E3779B9; // Fibonacci hashing spreads runs of nearby values
    return (h ^ (h >>> 16)) & mask;
  }

  private void grow() {
    int[] oldKeys = keys;
    long[] oldCounts = counts;
    boolean[] oldUsed = used;
    keys = new int[oldKeys.length * 2];
    counts = new long[oldKeys.length * 2];
    used = new boolean[oldKeys.length * 2];
    size = 0;
    nonZero = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldUsed[i]) {
        insert(oldKeys[i], oldCounts[i]);
      }
    }
  }
}
