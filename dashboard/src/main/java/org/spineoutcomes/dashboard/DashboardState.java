package org.spineoutcomes.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.CusumChart;
import org.spineoutcomes.schemas.DeadLetter;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.ProviderPerformance;
import org.spineoutcomes.schemas.ProviderType;
import org.spineoutcomes.schemas.QualityAlert;
import org.spineoutcomes.schemas.RejectionReason;
import org.spineoutcomes.schemas.Topics;

/**
 * What the dashboard knows: the latest value per key of the compacted sink topics, and counts. It only ever
 * holds aggregates: comparisons (which carry no patient-level data), the reason of each dead letter (never
 * its line, field or detail), record counts of the input topics, each provider's performance (aggregate
 * figures and chart points, no case) and each quality alert without the procedure ids it lists for case review
 * (only how many it lists). A null value (a tombstone) removes the key, as compaction would. Every change raises
 * {@link #version()} and tells the listeners.
 */
public final class DashboardState {

  /** How far the reader has got with one sink topic. */
  public record TopicProgress(boolean present, int partitions, long recordsRead, boolean caughtUp) {}

  /**
   * A quality alert as the dashboard keeps it: everything of the record but the procedure ids of the cases it
   * lists for case review, of which only the number is kept ({@code casesForReview}).
   */
  public record Alert(ProviderType providerType, String providerId, Approach approach, CusumChart chart,
      LocalDate signalledOn, double value, double limit, double oddsRatio, int casesSinceReset,
      int observedSinceReset, double expectedSinceReset, int casesForReview, Instant computedAt) {

    /** Newest signal first; ties by the time computed (newest first), then by provider and chart. */
    public static final Comparator<Alert> NEWEST_FIRST = Comparator.comparing(Alert::signalledOn).reversed()
        .thenComparing(Alert::computedAt, Comparator.reverseOrder())
        .thenComparing(Alert::providerKey).thenComparing(Alert::chart);

    static Alert of(QualityAlert a) {
      return new Alert(a.getProviderType(), a.getProviderId(), a.getApproach(), a.getChart(), a.getSignalledOn(),
          a.getValue(), a.getLimit(), a.getOddsRatio(), a.getCasesSinceReset(), a.getObservedSinceReset(),
          a.getExpectedSinceReset(), a.getLastProcedureIds() == null ? 0 : a.getLastProcedureIds().size(),
          a.getComputedAt());
    }

    /** The provider-performance key of the provider that signalled: "hospital/H01" or "surgeon/H01-S01/OPEN". */
    public String providerKey() {
      return DashboardState.providerKey(providerType, providerId, approach);
    }
  }

  /** The provider-performance key of a provider: "hospital/H01", or "surgeon/H01-S01/OPEN". */
  public static String providerKey(ProviderType type, String id, Approach approach) {
    return Topics.providerKey(type, id, approach);
  }

  private final Clock clock;
  private final Instant startedAt;
  private final Map<String, OutcomeComparison> comparisons = new ConcurrentHashMap<>();
  private final Map<String, RejectionReason> deadLetterReasons = new ConcurrentHashMap<>();
  private final Map<String, TopicProgress> progress = new ConcurrentHashMap<>();
  private final Map<String, ProviderPerformance> performance = new ConcurrentHashMap<>();
  /** Alerts by a digest of their key: the key names the signalling case's procedure id, which is not kept. */
  private final Map<String, Alert> alerts = new ConcurrentHashMap<>();
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

  /**
   * The latest performance of a provider, key "hospital/H01" or "surgeon/H01-S01/OPEN"; null (a tombstone: the
   * provider has no scored case left) removes it. Kept as published: the record holds aggregates only.
   */
  public void putProviderPerformance(String key, ProviderPerformance p) {
    if (p == null) {
      if (performance.remove(key) != null) {
        changed();
      }
    } else {
      performance.put(key, p);
      changed();
    }
  }

  /**
   * The latest quality alert for key "provider/chart/procedureId"; null (a tombstone: a correction undid the
   * signal) withdraws it. Neither the key nor the alert's procedure ids are kept, only their number.
   */
  public void putQualityAlert(String key, QualityAlert alert) {
    String id = digest(key);
    if (alert == null) {
      if (alerts.remove(id) != null) {
        changed();
      }
    } else {
      alerts.put(id, Alert.of(alert));
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

  /** A sorted snapshot of the latest performance per provider key. */
  public Map<String, ProviderPerformance> providerPerformance() {
    return new TreeMap<>(performance);
  }

  public Optional<ProviderPerformance> providerPerformance(String key) {
    return Optional.ofNullable(performance.get(key));
  }

  /** The alerts on the topic, newest signal first. */
  public List<Alert> alerts() {
    List<Alert> list = new ArrayList<>(alerts.values());
    list.sort(Alert.NEWEST_FIRST);
    return list;
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

  private static String digest(String key) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(String.valueOf(key).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  private void changed() {
    lastChange = clock.instant();
    version.incrementAndGet();
    listeners.forEach(Runnable::run);
  }
}
