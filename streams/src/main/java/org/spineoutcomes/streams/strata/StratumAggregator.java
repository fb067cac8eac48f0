package org.spineoutcomes.streams.strata;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.Topics;
import org.spineoutcomes.schemas.state.CaseMixSums;
import org.spineoutcomes.schemas.state.CellDelta;
import org.spineoutcomes.schemas.state.MetricDelta;
import org.spineoutcomes.schemas.state.PerformedDays;
import org.spineoutcomes.schemas.state.SharedPatient;
import org.spineoutcomes.schemas.state.StratumDelta;
import org.spineoutcomes.schemas.state.StratumMetric;
import org.spineoutcomes.streams.EmitThrottle;
import org.spineoutcomes.streams.FlushPacing;
import org.spineoutcomes.streams.InputBacklog;
import org.spineoutcomes.streams.metrics.Metric;
import org.spineoutcomes.streams.metrics.MetricCatalogue;

/**
 * Keyed by stratum ("dimension/value"): applies the signed deltas the patient stage combined (many procedures'
 * old facts subtracted and new ones added), so the aggregates always equal a recomputation over the surviving
 * procedures. State is one value per metric ("dimension/value/metric"): each approach's whole distribution and
 * the integer sums of every case-mix cell, so a flush writes each changed metric once and a comparison reads one
 * value. Changed strata are marked dirty in a store (so a crash between update and emission loses
 * nothing) and their comparisons are recomputed and emitted, keyed "dimension/value/metric", on a wall-clock
 * schedule paced by {@link FlushPacing}: live, at ticks a quarter of the emit interval apart, each stratum at most
 * once per interval ({@link EmitThrottle}); an emptied stratum emits tombstones.
 */
public final class StratumAggregator implements Processor<String, StratumDelta, String, OutcomeComparison> {

  private final String cellsStore;
  private final String sharedStore;
  private final String dirtyStore;
  private final String performedDaysStore;
  private final Duration emitInterval;
  private final ComparisonCalculator calculator;
  private final Clock clock;
  private ProcessorContext<String, OutcomeComparison> context;
  private KeyValueStore<String, StratumMetric> cells;
  private KeyValueStore<String, SharedPatient> shared;
  private KeyValueStore<String, Long> dirty;
  private KeyValueStore<String, PerformedDays> performedDays;
  private final InputBacklog backlog;
  private FlushPacing pacing;
  private EmitThrottle throttle;
  /**
   * Per stratum read since the task started, by metric: how many patients are counted in each set of several
   * cells, kept in step with every write to the shared-patients store, so a comparison need not scan and decode a
   * large stratum's shared patients every interval. Rebuilt empty whenever the task is (re)initialised.
   */
  private Map<String, Map<String, Map<List<String>, Integer>>> sharedGroups;
  /**
   * Per stratum, the catalogue positions of the metrics whose comparison may have changed since the stratum last went
   * out: those a delta changed, and those due at a follow-up when the procedures per day changed.
   */
  private Map<String, BitSet> changedMetrics;
  /**
   * Per stratum, the day (UTC) its comparisons last went out since the task started. A stratum not here has every
   * metric recomputed (so a restart loses nothing); one last out on an earlier day has its due metrics recomputed,
   * since follow-up completeness depends on the day.
   */
  private Map<String, Integer> emittedOn;

  private static final List<Metric> METRICS = MetricCatalogue.ALL;
  private static final Map<String, Integer> METRIC_INDEX = new HashMap<>();
  private static final BitSet ALL_METRICS = new BitSet();
  private static final BitSet DUE_METRICS = new BitSet();

  static {
    for (int m = 0; m < METRICS.size(); m++) {
      METRIC_INDEX.put(METRICS.get(m).id(), m);
      ALL_METRICS.set(m);
      if (METRICS.get(m).dueAt() != null) {
        DUE_METRICS.set(m);
      }
    }
  }

  public StratumAggregator(String cellsStore, String sharedStore, String performedDaysStore,
      String dirtyStore, Duration emitInterval, ComparisonCalculator calculator, Clock clock, InputBacklog backlog) {
    this.cellsStore = cellsStore;
    this.sharedStore = sharedStore;
    this.dirtyStore = dirtyStore;
    this.performedDaysStore = performedDaysStore;
    this.emitInterval = emitInterval;
    this.calculator = calculator;
    this.clock = clock;
    this.backlog = backlog;
  }

  @Override
  public void init(ProcessorContext<String, OutcomeComparison> context) {
    this.context = context;
    this.cells = context.getStateStore(cellsStore);
    this.shared = context.getStateStore(sharedStore);
    this.dirty = context.getStateStore(dirtyStore);
    this.performedDays = context.getStateStore(performedDaysStore);
    this.sharedGroups = new HashMap<>();
    this.changedMetrics = new HashMap<>();
    this.emittedOn = new HashMap<>();
    Duration tick = EmitThrottle.tick(emitInterval);
    this.pacing = new FlushPacing("strata " + context.taskId(), tick, context.currentSystemTimeMs(),
        backlog::records);
    this.throttle = new EmitThrottle(emitInterval);
    context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, now -> pacing.maybeFlush(now, () -> {
      if (emitDirty(now) > 0) {
        context.commit(); // so the next stage reads these now, not at the next commit interval
      }
    }));
  }

  @Override
  public void process(Record<String, StratumDelta> record) {
    String stratum = record.key();
    StratumDelta delta = record.value();
    if (delta == null) {
      return;
    }
    pacing.saw(record.timestamp());
    Map<String, Map<String, List<String>>> sharedChanges = new HashMap<>();
    BitSet changed = changedMetrics.computeIfAbsent(stratum, k -> new BitSet());
    for (MetricDelta metric : delta.getMetrics()) {
      changed.set(METRIC_INDEX.get(metric.getMetric()));
      String metricKey = stratum + "/" + metric.getMetric();
      if (!metric.getCells().isEmpty()) {
        StratumMetric stored = cells.get(metricKey);
        StratumMetric aggregate = stored != null ? Cells.editable(stored) : Cells.emptyMetric();
        for (CellDelta change : metric.getCells()) {
          Cells.apply(aggregate, change, metricKey);
        }
        if (Cells.isEmpty(aggregate)) {
          cells.delete(metricKey);
        } else {
          cells.put(metricKey, aggregate);
        }
      }
      metric.getSharedPatients().forEach((patient, patientCells) ->
          sharedChanges.computeIfAbsent(patient, p -> new HashMap<>()).put(metric.getMetric(), patientCells));
    }
    // One entry per patient and stratum ("dimension/value/patient"), written once for all its metrics.
    sharedChanges.forEach((patient, byMetric) -> {
      String key = stratum + "/" + patient;
      SharedPatient stored = shared.get(key);
      Map<String, List<String>> cellsByMetric = stored == null ? new HashMap<>() : new HashMap<>(stored.getCellsByMetric());
      Map<String, Map<List<String>, Integer>> groups = sharedGroups.get(stratum);
      byMetric.forEach((metric, patientCells) -> {
        List<String> before = patientCells == null ? cellsByMetric.remove(metric) : cellsByMetric.put(metric, patientCells);
        if (groups != null) {
          count(groups, metric, before, -1);
          count(groups, metric, patientCells, +1);
        }
      });
      if (cellsByMetric.isEmpty()) {
        shared.delete(key);
      } else {
        shared.put(key, new SharedPatient(cellsByMetric));
      }
    });
    // A corrected surgery date within the stratum moves a count between days without changing n.
    if (!isZero(delta.getPerformedOpen()) || !isZero(delta.getPerformedMicroscopic())) {
      PerformedDays stored = performedDays.get(stratum);
      PerformedDays days = stored == null ? new PerformedDays(Cells.emptyArm(), Cells.emptyArm())
          : Cells.editable(stored);
      Cells.apply(days.getOpen(), delta.getPerformedOpen(), stratum);
      Cells.apply(days.getMicroscopic(), delta.getPerformedMicroscopic(), stratum);
      changed.or(DUE_METRICS);
      if (days.getOpen().getN() == 0 && days.getMicroscopic().getN() == 0) {
        performedDays.delete(stratum);
      } else {
        performedDays.put(stratum, days);
      }
    }
    dirty.put(stratum, record.timestamp());
  }

  /**
   * Live, a dirty stratum's comparisons go out at the first tick an interval or more after they last went out;
   * while working through a backlog, every dirty stratum's go out at each (paced) flush. Returns how many strata
   * went out.
   */
  private int emitDirty(long tickAt) {
    boolean throttled = !pacing.behind();
    List<String> strata = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = dirty.all()) {
      it.forEachRemaining(kv -> {
        if (!throttled || throttle.ready(kv.key, tickAt)) {
          strata.add(kv.key);
        }
      });
    }
    long now = clock.millis();
    for (String stratum : strata) {
      emit(stratum, now);
      dirty.delete(stratum);
      throttle.emitted(stratum, tickAt);
    }
    return strata.size();
  }

  /**
   * Sends the comparisons of the stratum's changed metrics (all of them the first time since the task started); an
   * emptied stratum sends a tombstone for every metric.
   */
  private void emit(String stratum, long now) {
    int slash = stratum.indexOf('/');
    String dimension = stratum.substring(0, slash);
    String value = Topics.idOfKeyPart(stratum.substring(slash + 1));
    int today = (int) LocalDate.now(clock.withZone(ZoneOffset.UTC)).toEpochDay();
    BitSet changed = changedMetrics.remove(stratum);
    Integer lastDay = emittedOn.get(stratum);
    BitSet metrics = (BitSet) (lastDay == null || changed == null ? ALL_METRICS : changed).clone();
    if (lastDay != null && lastDay != today) {
      metrics.or(DUE_METRICS);
    }
    PerformedDays days = performedDays.get(stratum);
    if (days == null && isEmpty(stratum)) {
      for (Metric metric : METRICS) {
        context.forward(new Record<>(Topics.comparisonKey(dimension, value, metric.id()), null, now));
      }
      emittedOn.remove(stratum);
      return;
    }
    Map<String, Map<List<String>, Integer>> sharedByMetric = sharedPatients(stratum);
    for (int m = metrics.nextSetBit(0); m >= 0; m = metrics.nextSetBit(m + 1)) {
      Metric metric = METRICS.get(m);
      StratumMetric stored = cells.get(stratum + "/" + metric.id());
      StratumMetric aggregate = stored != null ? stored : Cells.emptyMetric();
      ToLongFunction<Approach> due = metric.dueAt() == null || days == null ? null : approach -> Cells.countAtMost(
          approach == Approach.OPEN ? days.getOpen() : days.getMicroscopic(),
          today - MetricCatalogue.DUE_DAYS.get(metric.dueAt()));
      OutcomeComparison comparison = calculator.compare(dimension, value, metric, aggregate,
          included -> distinctPatients(aggregate.getCells(), sharedByMetric.getOrDefault(metric.id(), Map.of()),
              included),
          due, now);
      context.forward(new Record<>(Topics.comparisonKey(dimension, value, metric.id()), comparison, now));
    }
    emittedOn.put(stratum, today);
  }

  /** Whether no metric of the stratum holds a value. */
  private boolean isEmpty(String stratum) {
    for (Metric metric : METRICS) {
      if (cells.get(stratum + "/" + metric.id()) != null) {
        return false;
      }
    }
    return true;
  }

  /**
   * Distinct patients with a counted procedure in any of the included cells: the cells' counts, less the extra
   * times a patient in several of them was counted (`shared`: how many such patients hold each set of cells).
   */
  static int distinctPatients(List<CaseMixSums> metricCells, Map<List<String>, Integer> shared,
      Set<String> included) {
    int sum = 0;
    int cellsIncluded = 0;
    for (CaseMixSums cell : metricCells) {
      if (included.contains(cell.getCaseMix())) {
        sum += cell.getPatients();
        cellsIncluded++;
      }
    }
    // A shared patient's cells are cells of the metric (each counts the patient), so when every cell of the metric is
    // included (as in most large strata) all of a set's cells are: no lookup per cell of every set.
    boolean all = cellsIncluded == metricCells.size();
    for (Map.Entry<List<String>, Integer> e : shared.entrySet()) {
      int in = 0;
      if (all) {
        in = e.getKey().size();
      } else {
        for (String cell : e.getKey()) { // distinct cells, by construction
          if (included.contains(cell)) {
            in++;
          }
        }
      }
      sum -= e.getValue() * Math.max(0, in - 1);
    }
    return sum;
  }

  /**
   * For one stratum, by metric: how many patients are counted in each set of several cells. Patients sharing a set
   * are counted together, so a comparison's distinct-patient counts cost the number of distinct sets (tens), not
   * of shared patients (thousands in a large stratum).
   */
  private Map<String, Map<List<String>, Integer>> sharedPatients(String stratum) {
    Map<String, Map<List<String>, Integer>> cached = sharedGroups.get(stratum);
    if (cached != null) {
      return cached;
    }
    Map<String, Map<List<String>, Integer>> byMetric = new HashMap<>();
    try (KeyValueIterator<String, SharedPatient> it = shared.prefixScan(stratum + "/", Serdes.String().serializer())) {
      it.forEachRemaining(kv -> kv.value.getCellsByMetric().forEach((metric, patientCells) ->
          count(byMetric, metric, patientCells, +1)));
    }
    sharedGroups.put(stratum, byMetric);
    return byMetric;
  }

  private static void count(Map<String, Map<List<String>, Integer>> groups, String metric, List<String> cellSet,
      int change) {
    if (cellSet == null) {
      return;
    }
    Map<List<String>, Integer> sets = groups.computeIfAbsent(metric, m -> new HashMap<>());
    List<String> key = List.copyOf(cellSet);
    if (sets.merge(key, change, Integer::sum) == 0) {
      sets.remove(key);
      if (sets.isEmpty()) {
        groups.remove(metric);
      }
    }
  }

  private static boolean isZero(org.spineoutcomes.schemas.state.ArmDelta arm) {
    return arm.getN() == 0 && arm.getEvents() == 0 && arm.getValues().isEmpty();
  }
}
