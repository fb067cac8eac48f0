package org.spineoutcomes.ingest.simulator;

import java.util.Arrays;

/**
 * A binary min-heap of the cases due within one day, keyed by a primitive {@code long} (second of the day in the
 * high bits, procedure index in the low 46 bits), so that sifting touches only one contiguous array.
 */
final class DayHeap {

  private static final int INDEX_BITS = 46;

  private long[] keys = new long[1024];
  private SimCase[] values = new SimCase[1024];
  private int size;

  /** The key of {@code c}'s next emission relative to {@code dayStart} (epoch second of 00:00 of the day). */
  static long key(SimCase c, long dayStart) {
    long second = c.nextAt() - dayStart;
    if (second < 0 || second >= 1L << 17 || c.index >= 1L << INDEX_BITS) {
      throw new IllegalStateException("case " + c.index + " is not due on the day starting at " + dayStart);
    }
    return second << INDEX_BITS | c.index;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  void add(long key, SimCase value) {
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      long pk = keys[parent];
      if (pk <= key) {
        break;
      }
      keys[i] = pk;
      values[i] = values[parent];
      i = parent;
    }
    keys[i] = key;
    values[i] = value;
  }

  /** Removes and returns the case with the smallest key. */
  SimCase poll() {
    SimCase top = values[0];
    int n = --size;
    long key = keys[n];
    SimCase value = values[n];
    values[n] = null;
    if (n > 0) {
      int i = 0;
      int half = n >>> 1;
      while (i < half) {
        int child = 2 * i + 1;
        long ck = keys[child];
        int right = child + 1;
        if (right < n && keys[right] < ck) {
          child = right;
          ck = keys[right];
        }
        if (key <= ck) {
          break;
        }
        keys[i] = ck;
        values[i] = values[child];
        i = child;
      }
      keys[i] = key;
      values[i] = value;
    }
    return top;
  }
}
