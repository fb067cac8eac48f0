package org.spineoutcomes.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.spineoutcomes.schemas.DeadLetter;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.RejectionReason;

/**
 * What the dashboard knows: the latest value per key of the compacted sink topics, and counts. It only ever
 * holds aggregates: comparisons (which carry no patient-level data), the reason of each dead letter (never
 * its line, field or detail) and record counts of the input topics. A null value (a tombstone) removes the
 * key, as compaction would. Every change raises {@link #version()} and tells the listeners.
 */
public final class DashboardState {

  /** How far the reader has got with one sink topic. */
  public record TopicProgress(boolean present, int partitions, long recordsRead, boolean caughtUp) {}

  private final Clock clock;
  private final Instant startedAt;
  private final Map<String, OutcomeComparison> comparisons = new ConcurrentHashMap<>();
  private final Map<String, RejectionReason> deadLetterReasons = new ConcurrentHashMap<>();
  private final Map<String, TopicProgress> progress = new ConcurrentHashMap<>();
  private volatile Map<String, Long> inputRecords = Map.of();
  private final AtomicLong version = new AtomicLong();
  private volatile Instant lastChange;
  private volatile String problem;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public DashboardState() {
    this(Clock.systemUTC());
  }

  public DashboardState(Clock clock) {
    this.clock = clock;
    this.startedAt = clock.instant();
  }

  /** The latest comparison for key "dimension/value/metric"; null (a tombstone) removes it. */
  public void putComparison(String key, OutcomeComparison comparison) {
    if (comparison == null) {
      if (comparisons.remove(key) != null) {
        changed();
      }
    } else {
      comparisons.put(key, comparison);
      changed();
    }
  }

  /** The latest dead letter for key "source:position": only its reason is kept; null removes it. */
  public void putDeadLetter(String key, DeadLetter letter) {
    RejectionReason before = letter == null ? deadLetterReasons.remove(key)
        : deadLetterReasons.put(key, letter.getReason());
    if (letter == null ? before != null : before != letter.getReason()) {
      changed();
    }
  }

  /** Records on each input topic (accepted events), by topic name; a topic that does not exist is left out. */
  public void setInputRecords(Map<String, Long> recordsByTopic) {
    Map<String, Long> copy = Map.copyOf(recordsByTopic);
    if (!copy.equals(inputRecords)) {
      inputRecords = copy;
      changed();
    }
  }

  /** The reader's progress on a sink topic. */
  public void setProgress(String topic, TopicProgress p) {
    TopicProgress before = progress.put(topic, p);
    if (before == null || before.caughtUp() != p.caughtUp() || before.present() != p.present()) {
      changed();
    }
  }

  /** What keeps the reader from following the topics (Kafka away, say), or null when all is well. */
  public void setProblem(String description) {
    if (!java.util.Objects.equals(problem, description)) {
      problem = description;
      changed();
    }
  }

  public String problem() {
    return problem;
  }

  public Map<String, TopicProgress> progress() {
    return new TreeMap<>(progress);
  }

  /** True once every sink topic that exists has been read up to where it ended when the reader started. */
  public boolean caughtUp() {
    return !progress.isEmpty() && progress.values().stream().allMatch(p -> !p.present() || p.caughtUp());
  }

  public Optional<OutcomeComparison> comparison(String key) {
    return Optional.ofNullable(comparisons.get(key));
  }

  /** A sorted snapshot of the latest comparison per key. */
  public Map<String, OutcomeComparison> comparisons() {
    return new TreeMap<>(comparisons);
  }

  /** Dead letters on the topic by reason, every reason listed (zero where none). */
  public Map<RejectionReason, Long> deadLettersByReason() {
    Map<RejectionReason, Long> counts = new EnumMap<>(RejectionReason.class);
    for (RejectionReason r : RejectionReason.values()) {
      counts.put(r, 0L);
    }
    deadLetterReasons.values().forEach(r -> counts.merge(r, 1L, Long::sum));
    return counts;
  }

  public long deadLettersTotal() {
    return deadLetterReasons.size();
  }

  public Map<String, Long> inputRecords() {
    return new LinkedHashMap<>(inputRecords);
  }

  public long version() {
    return version.get();
  }

  public Instant startedAt() {
    return startedAt;
  }

  /** When the state last changed, or null if it never has. */
  public Instant lastChange() {
    return lastChange;
  }

  /** Called (on the reader's thread) after every change; keep it quick. */
  public void addListener(Runnable listener) {
    listeners.add(listener);
  }

  private void changed() {
    lastChange = clock.instant();
    version.incrementAndGet();
    listeners.forEach(Runnable::run);
  }
}
