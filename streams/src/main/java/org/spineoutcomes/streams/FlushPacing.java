package org.spineoutcomes.streams;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a stage's scheduled flush runs: every interval while the stage keeps up, and once every
 * {@link #BACKLOG_PERIOD} (on the wall clock's multiples of that period) while it works through a backlog: records
 * keep coming and either even the newest was first appended more than that period ago, or more than
 * {@link #BACKLOG_RECORDS} records wait to be read ({@link InputBacklog}; a backfill loaded faster than the
 * streams read it is fresh when they start on it). A backfill then crosses each
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

  /**
   * Punctuations per interval of the stages aligned to the wall clock (patients, and procedures just before them):
   * one tick sets how close to its moment each flush falls, so they share it.
   */
  public static final int ALIGNING_TICKS = 20;

  /**
   * More records than this waiting to be read is a backlog, however recent. Live, the instance reads what arrives
   * within a poll or two; even the bench's 2,000 events/s, more than this machine keeps up with live, left at most
   * about 22,000 records waiting between input and repartitions.
   */
  public static final long BACKLOG_RECORDS = 50_000;

  private final long periodMs;
  /** Timestamp of the newest record seen since the last punctuation; -1 if none. */
  private long newestSincePunctuation = -1;
  private long lastFlush;
  /** No flush before this (wall clock ms), after a long one. */
  private long notBefore;

  private final String stage;
  /** Records waiting to be read, at a wall-clock time. */
  private final LongUnaryOperator unread;
  /** Live flushes only in a new wall-clock period of this length (0: at every punctuation). */
  private long alignLiveMs;
  /** Live periods start this long before the wall clock's multiples of alignLiveMs. */
  private long leadMs;
  private boolean lastBehind;
  /** The last flush left work for the next punctuation. */
  private boolean unfinished;

  /** A stage that only tells a backlog by the age of its records (tests). */
  public FlushPacing(String stage, Duration interval, long now) {
    this(stage, interval, now, at -> 0);
  }

  /**
   * @param stage what is flushed, for the debug log of each flush
   * @param unread records waiting to be read at a wall-clock time ({@link InputBacklog#records})
   */
  public FlushPacing(String stage, Duration interval, long now, LongUnaryOperator unread) {
    this.stage = stage;
    this.unread = unread;
    this.periodMs = Math.max(BACKLOG_PERIOD.toMillis(), interval.toMillis());
    this.lastFlush = now;
  }

  /**
   * Live too, flushes only at the first punctuation of each wall-clock period of `interval` (the stage punctuates
   * more often than that): every task of the stage then flushes within a punctuation of the same moment, so the
   * next stage applies all their changes before one commit and writes each changed value to its changelog once,
   * not once per task.
   */
  public FlushPacing alignedLive(Duration interval) {
    return alignedLive(interval, Duration.ZERO);
  }

  /**
   * Like {@link #alignedLive(Duration)}, with periods starting `lead` before the wall clock's multiples of
   * `interval`: a stage that feeds an aligned one flushes (and commits) just before it, so what it sent is readable
   * when the next stage flushes, instead of waiting a whole interval for the one after.
   */
  public FlushPacing alignedLive(Duration interval, Duration lead) {
    this.alignLiveMs = interval.toMillis();
    this.leadMs = lead.toMillis();
    return this;
  }

  /** A punctuation period of `perInterval` ticks per interval, in whole milliseconds (at least the interval's one). */
  public static Duration tick(Duration interval, int perInterval) {
    Duration tick = interval.dividedBy(perInterval);
    return tick.toMillis() == 0 ? interval : tick; // punctuations are scheduled in whole milliseconds
  }

  /** Notes a processed record's timestamp (its first append time, carried along the stages). */
  public void saw(long timestamp) {
    newestSincePunctuation = Math.max(newestSincePunctuation, timestamp);
  }

  /** Called at each punctuation: whether to flush now. */
  public boolean due(long now) {
    long period = periodMs;
    // Waiting records count even in an interval without input: a stage fed in bursts by the stage before it (its
    // input crosses a repartition only at commits) would otherwise flush between the bursts.
    boolean behind = newestSincePunctuation >= 0 && now - newestSincePunctuation > period
        || unread.applyAsLong(now) > BACKLOG_RECORDS;
    lastBehind = behind;
    newestSincePunctuation = -1;
    if (unfinished) {
      lastFlush = now;
      return true;
    }
    // Aligned to the wall clock, so every task of every instance flushes in the same interval: the next stage
    // then applies all their changes before one commit, and writes each changed value once.
    if (behind ? now / period == lastFlush / period
        : now < notBefore || alignLiveMs > 0 && (now + leadMs) / alignLiveMs == (lastFlush + leadMs) / alignLiveMs) {
      return false;
    }
    lastFlush = now;
    return true;
  }

  /** Whether the last punctuation found the stage working through a backlog (false before the first). */
  public boolean behind() {
    return lastBehind;
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
    maybeFlushInSlices(now, () -> {
      flush.run();
      return true;
    });
  }

  /**
   * Runs one slice of a flush if it is due: `flush` does a bounded part of the work and says whether it finished.
   * What is left is flushed from the next punctuation on, whatever the period, so a backlog's large flush never
   * holds one transaction (or the heap) for long.
   */
  public void maybeFlushInSlices(long now, BooleanSupplier flush) {
    if (due(now)) {
      long start = System.nanoTime();
      unfinished = !flush.getAsBoolean();
      flushed(now, System.nanoTime() - start);
    }
  }
}
