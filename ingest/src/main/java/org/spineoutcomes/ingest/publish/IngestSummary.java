package org.spineoutcomes.ingest.publish;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.spineoutcomes.schemas.RejectionReason;

/** Running counts of one ingest: lines read, events published per type, lines rejected per reason. */
public final class IngestSummary {

  private final AtomicLong lines = new AtomicLong();
  private final AtomicLong blank = new AtomicLong();
  private final AtomicLong procedures = new AtomicLong();
  private final AtomicLong followUps = new AtomicLong();
  private final AtomicLong withdrawals = new AtomicLong();
  private final Map<RejectionReason, AtomicLong> rejected = new EnumMap<>(RejectionReason.class);

  public IngestSummary() {
    for (RejectionReason r : RejectionReason.values()) {
      rejected.put(r, new AtomicLong());
    }
  }

  void line() {
    lines.incrementAndGet();
  }

  /** A blank line: read (counted in {@link #lines()}) but neither an event nor a rejection. */
  void blankLine() {
    lines.incrementAndGet();
    blank.incrementAndGet();
  }

  public long blank() {
    return blank.get();
  }

  void procedure() {
    procedures.incrementAndGet();
  }

  void followUp() {
    followUps.incrementAndGet();
  }

  void withdrawal() {
    withdrawals.incrementAndGet();
  }

  void reject(RejectionReason reason) {
    rejected.get(reason).incrementAndGet();
  }

  public long lines() {
    return lines.get();
  }

  public long accepted() {
    return procedures.get() + followUps.get() + withdrawals.get();
  }

  public long procedures() {
    return procedures.get();
  }

  public long followUps() {
    return followUps.get();
  }

  public long withdrawals() {
    return withdrawals.get();
  }

  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(AtomicLong::get).sum();
  }

  public long rejected(RejectionReason reason) {
    return rejected.get(reason).get();
  }

  /** A few lines for a person: what was read, published and dead-lettered, by reason. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("lines read %,d; published %,d (procedures %,d, follow-ups %,d, consent withdrawals %,d);"
        + " dead-lettered %,d", lines(), accepted(), procedures(), followUps(), withdrawals(), rejectedTotal()));
    if (blank() > 0) {
      sb.append(String.format("; blank lines skipped %,d", blank()));
    }
    for (Map.Entry<RejectionReason, AtomicLong> e : rejected.entrySet()) {
      if (e.getValue().get() > 0) {
        sb.append(String.format("%n  %-14s %,d", e.getKey().name().toLowerCase(), e.getValue().get()));
      }
    }
    return sb.toString();
  }
}
