package org.spineoutcomes.streams.monitoring;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many cases the provider stage's caches ({@link CaseCache}) may hold together, over every task of one instance
 * (and its stream threads). Providers fall to tasks by the hash of their key, so a few large hospitals can give one
 * task several times the cases of another: with one budget, a task holds what the others leave, where a bound per
 * task left a large provider of a crowded task read from its store at every interval.
 */
public final class CaseBudget {

  /**
   * Cases an instance holds: at about 250 bytes each (mostly the key), some 65 MB; every provider of a
   * 100,000-procedure history, and a stable share of a larger one.
   */
  public static final long PER_INSTANCE = 262_144;

  private final AtomicLong left;

  public CaseBudget(long cases) {
    this.left = new AtomicLong(cases);
  }

  /** Takes room for `cases` if there is that much left; whether it did. */
  boolean take(long cases) {
    long now;
    do {
      now = left.get();
      if (now < cases) {
        return false;
      }
    } while (!left.compareAndSet(now, now - cases));
    return true;
  }

  /** Gives back room a cache no longer uses. */
  void give(long cases) {
    left.addAndGet(cases);
  }

  /** Room left (tests). */
  long left() {
    return left.get();
  }
}
