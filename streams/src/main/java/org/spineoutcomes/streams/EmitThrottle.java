package org.spineoutcomes.streams;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * At most one emission per key (a stratum, a publication group) per emit interval, checked at ticks several times
 * an interval: a change to a key that has been quiet for an interval goes out at the next tick, a quarter of an
 * interval later at most, while a key that changes all the time is still recomputed once per interval, no more.
 * Live latency is then set by the tick, and the cost of recomputation by the interval.
 */
public final class EmitThrottle {

  /** Ticks per emit interval. */
  public static final int TICKS_PER_INTERVAL = 4;
  /** Keys remembered before those last emitted an interval or more ago are forgotten (they are ready anyway). */
  private static final int PRUNE_ABOVE = 4_096;

  private final long intervalMs;
  private final long slackMs;
  private final Map<String, Long> lastEmitted = new HashMap<>();

  public EmitThrottle(Duration interval) {
    this.intervalMs = interval.toMillis();
    // a tick fires at or a little after its time: one that comes early by a fraction of a tick still counts
    this.slackMs = tick(interval).toMillis() / 2;
  }

  /** How often the stage's punctuation runs. */
  public static Duration tick(Duration interval) {
    return FlushPacing.tick(interval, TICKS_PER_INTERVAL);
  }

  /** Whether the key may be emitted at `now` (wall clock ms). */
  public boolean ready(String key, long now) {
    Long at = lastEmitted.get(key);
    return at == null || now - at >= intervalMs - slackMs;
  }

  /** Notes that the key was emitted at `now`. */
  public void emitted(String key, long now) {
    lastEmitted.put(key, now);
    if (lastEmitted.size() > PRUNE_ABOVE) {
      lastEmitted.values().removeIf(at -> now - at >= intervalMs);
    }
  }
}
