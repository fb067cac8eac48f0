package org.spineoutcomes.streams;

import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Requests a commit soon after a stage forwards live input, at most every {@link #SPACING_MS}. Under exactly-once
 * the next stage reads a record only once its transaction commits, so live records would otherwise wait up to the
 * commit interval at every hop; a backfill's records are older than {@link #LIVE_MS} and keep to that interval,
 * where fewer, larger transactions are what makes it fast.
 */
public final class LiveCommits {

  /** Input appended less than this long ago is live. */
  static final long LIVE_MS = 2_000;
  /** At most one request per this many milliseconds: a few commits per second live, not one per record. */
  static final long SPACING_MS = 100;

  private long lastRequest = Long.MIN_VALUE / 2;

  /** Notes a forward of input with the given append timestamp. */
  public void forwarded(ProcessorContext<?, ?> context, long timestamp) {
    long now = context.currentSystemTimeMs();
    if (now - timestamp < LIVE_MS && now - lastRequest >= SPACING_MS) {
      context.commit();
      lastRequest = now;
    }
  }
}
