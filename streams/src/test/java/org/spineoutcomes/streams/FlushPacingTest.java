package org.spineoutcomes.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FlushPacingTest {

  @Test
  void flushesEveryIntervalWhileKeepingUp() {
    FlushPacing pacing = new FlushPacing(Duration.ofSeconds(1), 0);
    for (long now = 1000; now <= 5000; now += 1000) {
      pacing.saw(now - 300);
      assertThat(pacing.due(now)).as("at %d", now).isTrue();
    }
    assertThat(pacing.due(6000)).as("idle").isTrue();
  }

  @Test
  void flushesAtMostEveryTenIntervalsWhileBehindAndAtOnceWhenCaughtUp() {
    long t0 = 1_700_000_000_000L;
    FlushPacing pacing = new FlushPacing(Duration.ofSeconds(1), t0);
    int flushes = 0;
    for (long now = t0 + 1000; now <= t0 + 30_000; now += 1000) {
      pacing.saw(now - 3_600_000); // an hour-old backlog keeps arriving
      if (pacing.due(now)) {
        flushes++;
        assertThat((now - t0) % 10_000).as("flushed at %d", now - t0).isZero();
      }
    }
    assertThat(flushes).isEqualTo(3);
    pacing.saw(t0 + 25_000);
    assertThat(pacing.due(t0 + 31_000)).as("still behind, 1 s after the last flush").isFalse();
    assertThat(pacing.due(t0 + 32_000)).as("nothing new arrived: caught up").isTrue();
  }
}
