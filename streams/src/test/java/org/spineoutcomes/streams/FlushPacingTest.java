package org.spineoutcomes.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FlushPacingTest {

  @Test
  void flushesEveryIntervalWhileKeepingUp() {
    FlushPacing pacing = new FlushPacing("test", Duration.ofSeconds(1), 0);
    for (long now = 1000; now <= 5000; now += 1000) {
      pacing.saw(now - 300);
      assertThat(pacing.due(now)).as("at %d", now).isTrue();
    }
    assertThat(pacing.due(6000)).as("idle").isTrue();
  }

  /** Tasks started at different moments, punctuating every 50 ms, all flush in the first 50 ms of each second. */
  @Test
  void alignedLiveFlushesFallInTheSameMomentForEveryTask() {
    long t0 = 1_700_000_000_000L;
    for (long start : new long[] {t0 + 3, t0 + 517, t0 + 964}) {
      FlushPacing pacing = new FlushPacing("test", Duration.ofMillis(50), start).alignedLive(Duration.ofSeconds(1));
      int flushes = 0;
      for (long now = start + 50; now < t0 + 10_000; now += 50) {
        pacing.saw(now - 200);
        if (pacing.due(now)) {
          flushes++;
          assertThat(now % 1000).as("flushed at %d", now - t0).isLessThan(50);
        }
      }
      assertThat(flushes).as("once a second").isBetween(9, 10);
    }
  }

  /** With a lead, every task flushes in the first 50 ms from 150 ms before each second: before the aligned stage. */
  @Test
  void aLeadMovesTheAlignedFlushesBeforeEachSecond() {
    long t0 = 1_700_000_000_000L;
    for (long start : new long[] {t0 + 3, t0 + 517, t0 + 871, t0 + 964}) {
      FlushPacing pacing = new FlushPacing("test", Duration.ofMillis(50), start)
          .alignedLive(Duration.ofSeconds(1), Duration.ofMillis(150));
      int flushes = 0;
      for (long now = start + 50; now < t0 + 10_000; now += 50) {
        pacing.saw(now - 200);
        if (pacing.due(now)) {
          flushes++;
          assertThat(now % 1000).as("flushed at %d", now - t0).isBetween(850L, 899L);
        }
      }
      assertThat(flushes).as("once a second").isBetween(9, 10);
    }
  }

  @Test
  void aLongFlushStretchesTheIntervalSoFlushingTakesAtMostAQuarterOfTheTime() {
    long t0 = 1_700_000_000_000L;
    FlushPacing pacing = new FlushPacing("test", Duration.ofSeconds(1), t0);
    assertThat(pacing.due(t0 + 1000)).isTrue();
    pacing.flushed(t0 + 1000, 2_500_000_000L); // 2.5 s
    for (long now = t0 + 2000; now < t0 + 11_000; now += 1000) {
      pacing.saw(now - 500);
      assertThat(pacing.due(now)).as("at %d", now - t0).isFalse();
    }
    assertThat(pacing.due(t0 + 11_000)).isTrue();
    pacing.flushed(t0 + 11_000, 100_000_000L);
    assertThat(pacing.due(t0 + 12_000)).as("short again").isTrue();
  }

  /** Three stages, each a commit and a flush behind the one before: seconds old on arrival, and not a backlog. */
  @Test
  void thePipelinesOwnDelaysAreNotABacklog() {
    long t0 = 1_700_000_000_000L;
    FlushPacing pacing = new FlushPacing("test", Duration.ofSeconds(1), t0);
    for (long now = t0 + 1000; now <= t0 + 120_000; now += 1000) {
      pacing.saw(now - 6_000);
      assertThat(pacing.due(now)).as("at %d", now - t0).isTrue();
    }
  }

  @Test
  void flushesAtMostEveryFewIntervalsWhileBehindAndAtOnceWhenCaughtUp() {
    long every = FlushPacing.BACKLOG_PERIOD.toMillis();
    long t0 = every * 56_000_000L + 400; // every task flushes on the wall clock's multiples of the period
    FlushPacing pacing = new FlushPacing("test", Duration.ofSeconds(1), t0);
    int flushes = 0;
    long end = t0 + 3 * every;
    for (long now = t0 + 1000; now <= end; now += 1000) {
      pacing.saw(now - 3_600_000); // an hour-old backlog keeps arriving
      if (pacing.due(now)) {
        flushes++;
        assertThat(now % every).as("flushed at %d", now - t0).isLessThan(1000);
      }
    }
    assertThat(flushes).isEqualTo(3);
    pacing.saw(end - 2 * every);
    assertThat(pacing.due(end + 1000)).as("still behind, 1 s after the last flush").isFalse();
    assertThat(pacing.due(end + 2000)).as("nothing new arrived: caught up").isTrue();
  }

  /** A short interval (for live latency) does not shorten the backlog period: a backfill still flushes rarely. */
  @Test
  void aShortIntervalKeepsTheBacklogPeriod() {
    long every = FlushPacing.BACKLOG_PERIOD.toMillis();
    long t0 = every * 56_000_000L + 100;
    FlushPacing live = new FlushPacing("test", Duration.ofMillis(250), t0);
    FlushPacing behind = new FlushPacing("test", Duration.ofMillis(250), t0);
    int liveFlushes = 0;
    int behindFlushes = 0;
    for (long now = t0 + 250; now <= t0 + 2 * every; now += 250) {
      live.saw(now - 900);
      behind.saw(now - 3_600_000);
      liveFlushes += live.due(now) ? 1 : 0;
      behindFlushes += behind.due(now) ? 1 : 0;
    }
    assertThat(liveFlushes).isEqualTo((int) (2 * every / 250));
    assertThat(behindFlushes).isEqualTo(2);
  }

  /** A backfill loaded just before the streams start is fresh, but its waiting records make it a backlog. */
  @Test
  void manyRecordsWaitingAreABacklogHoweverFresh() {
    long every = FlushPacing.BACKLOG_PERIOD.toMillis();
    long t0 = every * 56_000_000L + 400;
    long[] waiting = {500_000};
    FlushPacing pacing = new FlushPacing("test", Duration.ofSeconds(1), t0, at -> waiting[0]);
    int flushes = 0;
    for (long now = t0 + 1000; now <= t0 + 2 * every; now += 1000) {
      if ((now - t0) % 3000 == 0) { // in bursts, as a stage behind a repartition reads
        pacing.saw(now - 2_000);
      }
      flushes += pacing.due(now) ? 1 : 0;
    }
    assertThat(flushes).as("flushes while %d records wait", waiting[0]).isEqualTo(2);
    waiting[0] = FlushPacing.BACKLOG_RECORDS;
    long now = t0 + 2 * every + 1000;
    pacing.saw(now - 2_000);
    assertThat(pacing.due(now)).as("as few as live input leaves waiting").isTrue();
  }

  /** A backlog's flush done in slices resumes at the next punctuation, not at the next period. */
  @Test
  void anUnfinishedFlushResumesAtTheNextPunctuation() {
    long every = FlushPacing.BACKLOG_PERIOD.toMillis();
    long t0 = every * 56_000_000L + 400;
    FlushPacing pacing = new FlushPacing("test", Duration.ofSeconds(1), t0, at -> 10 * FlushPacing.BACKLOG_RECORDS);
    int[] left = {3};
    java.util.List<Long> slices = new java.util.ArrayList<>();
    for (long now = t0 + 1000; now <= t0 + every + 10_000; now += 1000) {
      long at = now;
      pacing.maybeFlushInSlices(now, () -> {
        slices.add(at - t0);
        return --left[0] <= 0;
      });
    }
    assertThat(slices).as("the boundary's flush, then the rest at once").hasSize(3);
    assertThat(slices.get(1) - slices.get(0)).isEqualTo(1000);
    assertThat(slices.get(2) - slices.get(1)).isEqualTo(1000);
  }
}
