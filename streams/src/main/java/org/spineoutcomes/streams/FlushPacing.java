package org.spineoutcomes.streams;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a stage's scheduled flush runs: every interval while the stage keeps up, and once every
 * {@link #BACKLOG_PERIOD} (on the wall clock's multiples of that period) while it works through a backlog: records
 * keep coming and even the newest was first appended more than that period ago. A backfill then crosses each
 * repartition in far fewer, larger batches. Live, a record reaches the later stages a few commit and flush
 * intervals after its append, well inside the period, so updates still go out every interval. Results are the
 * same whenever the flushes happen.
 *
 * <p>Stages forward what they flush with the timestamp of the newest input it reflects, so the next stage sees
 * the same backlog.
 */
public final class FlushPacing {

  private static final Logger log = LoggerFactory.getLogger(FlushPacing.class);

  /** While behind, flush at most this often (or every interval, if that is longer), whatever the interval. */
  public static final Duration BACKLOG_PERIOD = Duration.ofSeconds(30);

  /**
   * A flush starts at least this many times its last duration after that one started, so no stage spends more
   * than a quarter of its thread on flushing: when flushes grow long (live, a large stratum's comparisons every
   * interval) the stages stretch their intervals and keep up, instead of falling behind together.
   */
  static final int BUSY_FACTOR = 4;

  private final long periodMs;
  /** Timestamp of the newest record seen since the last punctuation; -1 if none. */
  private long newestSincePunctuation = -1;
  private long lastFlush;
  /** No flush before this (wall clock ms), after a long one. */
  private long notBefore;

  private final String stage;
  private boolean lastBehind;

  /** @param stage what is flushed, for the debug log of each flush */
  public FlushPacing(String stage, Duration interval, long now) {
    this.stage = stage;
    this.periodMs = Math.max(BACKLOG_PERIOD.toMillis(), interval.toMillis());
    this.lastFlush = now;
  }

  /** Notes a processed record's timestamp (its first append time, carried along the stages). */
  public void saw(long timestamp) {
    newestSincePunctuation = Math.max(newestSincePunctuation, timestamp);
  }

  /** Called at each punctuation: whether to flush now. */
  public boolean due(long now) {
    long period = periodMs;
    boolean behind = newestSincePunctuation >= 0 && now - newestSincePunctuation > period;
    lastBehind = behind;
    newestSincePunctuation = -1;
    // Aligned to the wall clock, so every task of every instance flushes in the same interval: the next stage
    // then applies all their changes before one commit, and writes each changed value once.
    if (behind ? now / period == lastFlush / period : now < notBefore) {
      return false;
    }
    lastFlush = now;
    return true;
  }

  /** Reports how long the flush that `due(now)` allowed took. */
  public void flushed(long now, long tookNanos) {
    notBefore = now + BUSY_FACTOR * tookNanos / 1_000_000;
    if (log.isDebugEnabled()) {
      log.debug("{} flushed in {} ms{}; next no sooner than {} ms from now", stage, tookNanos / 1_000_000,
          lastBehind ? " (behind)" : "", BUSY_FACTOR * tookNanos / 1_000_000);
    }
  }

  /** Runs `flush` if it is due, and notes how long it took. */
  public void maybeFlush(long now, Runnable flush) {
    if (due(now)) {
      long start = System.nanoTime();
      flush.run();
      flushed(now, System.nanoTime() - start);
    }
  }
}
