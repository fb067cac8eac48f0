package org.spineoutcomes.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The feed is produced lazily and holds only the procedures still in follow-up. */
class SimulatorMemoryTest {

  @Test
  void generatesOverAHundredThousandEventsWithoutHoldingThem() {
    SimulatorConfig config = SimulatorConfig.builder().seed(3).procedures(16_000).proceduresPerDay(8).build();
    Iterator<SimulatedEvent> it = new Simulator(config).iterator();
    Simulator.Feed feed = (Simulator.Feed) it;
    long events = 0;
    long chars = 0;
    while (it.hasNext()) {
      chars += it.next().json().length(); // consumed and dropped
      events++;
    }
    assertThat(events).isGreaterThan(100_000);
    assertThat(chars).isGreaterThan(events * 150);
    assertThat(feed.inMemory()).isZero();
    // about proceduresPerDay x 450 days at most, far fewer than all 16,000 procedures
    assertThat(feed.peakInMemory()).isPositive().isLessThan(8 * 520);
  }

  @Test
  void theStreamIsLazy() {
    AtomicLong created = new AtomicLong();
    Simulator simulator = new Simulator(SimulatorConfig.builder().procedures(1_000_000).build(),
        t -> created.incrementAndGet());
    assertThat(simulator.stream().limit(50).count()).isEqualTo(50);
    assertThat(created.get()).isLessThan(200); // a few days' procedures, not a million
  }
}
