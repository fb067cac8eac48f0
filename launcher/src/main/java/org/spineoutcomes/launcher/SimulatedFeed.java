package org.spineoutcomes.launcher;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import org.spineoutcomes.ingest.publish.EventPublisher;
import org.spineoutcomes.ingest.simulator.SimulatedEvent;
import org.spineoutcomes.ingest.simulator.Simulator;
import org.spineoutcomes.ingest.simulator.SimulatorConfig;

/** Publishes a simulated feed through the same validation as real input, paced to last about a given duration. */
final class SimulatedFeed {

  private final SimulatorConfig config;
  private final AtomicLong published = new AtomicLong();
  private volatile long expected;

  SimulatedFeed(SimulatorConfig config) {
    this.config = config;
  }

  /** Counts the feed's events first (cheap: the simulator is fast and deterministic) so progress has a total. */
  long count() {
    long n = 0;
    for (Iterator<SimulatedEvent> it = new Simulator(config).iterator(); it.hasNext(); it.next()) {
      n++;
    }
    expected = n;
    return n;
  }

  long published() {
    return published.get();
  }

  long expected() {
    return expected;
  }

  /** Publishes every event; with a positive duration, spreads them evenly over it. */
  void publish(EventPublisher publisher, Duration duration) throws InterruptedException {
    long total = expected > 0 ? expected : count();
    long start = System.nanoTime();
    double nanosPerEvent = duration.isZero() ? 0 : (double) duration.toNanos() / total;
    long position = 0;
    for (SimulatedEvent e : new Simulator(config)) {
      position++;
      publisher.publish("simulator", position, e.json());
      published.set(position);
      long due = start + (long) (position * nanosPerEvent);
      long wait = due - System.nanoTime();
      if (wait > 2_000_000) {
        Thread.sleep(wait / 1_000_000);
      }
    }
    publisher.flush();
  }
}
