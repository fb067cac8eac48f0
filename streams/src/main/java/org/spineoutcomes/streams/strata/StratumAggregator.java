package org.spineoutcomes.streams.strata;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import org.spineoutcomes.schemas.state.ArmCell;
import org.spineoutcomes.schemas.state.CaseMixCell;
import org.spineoutcomes.schemas.state.MetricAggregate;
import org.spineoutcomes.schemas.state.OutcomeDelta;
import org.spineoutcomes.schemas.state.OutcomeFacts;
import org.spineoutcomes.schemas.state.PatientCells;
import org.spineoutcomes.schemas.state.PerformedDays;
import org.spineoutcomes.schemas.state.SharedPatients;
import org.spineoutcomes.streams.metrics.Metric;
import org.spineoutcomes.streams.metrics.MetricCatalogue;

/**
 * Keyed by stratum ("dimension/value"): subtracts a procedure's old facts and adds its new ones, metric by
 * metric and only where they differ, so the aggregates always equal a recomputation over the surviving
 * procedures. State is kept per case-mix cell ("dimension/value/metric/caseMix") so an update touches a few
 * small values. Changed strata are marked dirty in a store (so a crash between update and emission loses
 * nothing) and their comparisons are recomputed and emitted, keyed "dimension/value/metric", on a wall-clock
 * schedule; an emptied stratum emits tombstones.
 */
public final class StratumAggregator implements Processor<String, OutcomeDelta, String, OutcomeComparison> {

  private final String cellsStore;
  private final String patientsStore;
  private final String sharedStore;
  private final String dirtyStore;
  private final String performedDaysStore;
  private final Duration emitInterval;
  private final ComparisonCalculator calculator;
  private final Clock clock;
  private ProcessorContext<String, OutcomeComparison> context;
  private KeyValueStore<String, CaseMixCell> cells;
  private KeyValueStore<String, PatientCells> patients;
  private KeyValueStore<String, SharedPatients> shared;
  private KeyValueStore<String, Long> dirty;
  private KeyValueStore<String, PerformedDays> performedDays;

  public StratumAggregator(String cellsStore, String patientsStore, String sharedStore, String performedDaysStore,
      String dirtyStore, Duration emitInterval, ComparisonCalculator calculator, Clock clock) {
    this.cellsStore = cellsStore;
    this.patientsStore = patientsStore;
    this.sharedStore = sharedStore;
    this.dirtyStore = dirtyStore;
    this.performedDaysStore = performedDaysStore;
    this.emitInterval = emitInterval;
    this.calculator = calculator;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, OutcomeComparison> context) {
    this.context = context;
    this.cells = context.getStateStore(cellsStore);
    this.patients = context.getStateStore(patientsStore);
    this.shared = context.getStateStore(sharedStore);
    this.dirty = context.getStateStore(dirtyStore);
    this.performedDays = context.getStateStore(performedDaysStore);
    context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> emitDirty());
  }

  @Override
  public void process(Record<String, OutcomeDelta> record) {
    String stratum = record.key();
    OutcomeFacts before = record.value().getBefore();
    OutcomeFacts after = record.value().getAfter();
    // Same cell, approach and patient: only metrics whose value changed need touching.
    boolean sameFrame = before != null && after != null
        && before.getCaseMix().equals(after.getCaseMix())
        && before.getApproach() == after.getApproach()
        && before.getPatientPseudonym().equals(after.getPatientPseudonym());
    Map<String, CaseMixCell> touched = new HashMap<>();
    for (Metric metric : MetricCatalogue.ALL) {
      Object oldValue = valueOf(before, metric);
      Object newValue = valueOf(after, metric);
      if (sameFrame && Objects.equals(oldValue, newValue)) {
        continue;
      }
      String metricKey = stratum + "/" + metric.id();
      if (oldValue != null) {
        update(load(metricKey, before.getCaseMix(), touched), before, oldValue, -1);
      }
      if (newValue != null) {
        update(load(metricKey, after.getCaseMix(), touched), after, newValue, +1);
      }
      if (!sameFrame || (oldValue == null) != (newValue == null)) {
        if (oldValue != null) {
          countPatient(metricKey, before, -1, touched);
        }
        if (newValue != null) {
          countPatient(metricKey, after, +1, touched);
        }
      }
    }
    if (!(sameFrame && before.getPerformedDay() == after.getPerformedDay())) {
      countPerformed(stratum, before, after);
    }
    for (Map.Entry<String, CaseMixCell> e : touched.entrySet()) {
      if (Cells.isEmpty(e.getValue())) {
        cells.delete(e.getKey());
      } else {
        cells.put(e.getKey(), e.getValue());
      }
    }
    if (!touched.isEmpty()) {
      dirty.put(stratum, record.timestamp());
    }
  }

  /** Keeps the stratum's procedures per approach and day of surgery, from which follow-ups come due. */
  private void countPerformed(String stratum, OutcomeFacts before, OutcomeFacts after) {
    PerformedDays stored = performedDays.get(stratum);
    PerformedDays days = stored == null ? new PerformedDays(Cells.emptyArm(), Cells.emptyArm())
        : new PerformedDays(Cells.mutable(stored.getOpen()), Cells.mutable(stored.getMicroscopic()));
    if (before != null) {
      Cells.addToHistogram(arm(days, before), before.getPerformedDay(), -1, stratum);
    }
    if (after != null) {
      Cells.addToHistogram(arm(days, after), after.getPerformedDay(), +1, stratum);
    }
    if (days.getOpen().getN() == 0 && days.getMicroscopic().getN() == 0) {
      performedDays.delete(stratum);
    } else {
      performedDays.put(stratum, days);
    }
  }

  private static ArmCell arm(PerformedDays days, OutcomeFacts facts) {
    return facts.getApproach() == Approach.OPEN ? days.getOpen() : days.getMicroscopic();
  }

  private static Object valueOf(OutcomeFacts facts, Metric metric) {
    if (facts == null) {
      return null;
    }
    return metric.continuous() ? facts.getContinuous().get(metric.id()) : facts.getBinary().get(metric.id());
  }

  private static void update(CaseMixCell cell, OutcomeFacts facts, Object value, int sign) {
    if (value instanceof Integer v) {
      Cells.addContinuous(cell, facts.getApproach(), v, sign);
    } else {
      Cells.addBinary(cell, facts.getApproach(), (Boolean) value, sign);
    }
  }

  private CaseMixCell load(String metricKey, String caseMix, Map<String, CaseMixCell> touched) {
    return touched.computeIfAbsent(metricKey + "/" + caseMix, key -> {
      CaseMixCell cell = cells.get(key);
      return cell != null ? Cells.mutableCopy(cell) : Cells.empty(caseMix);
    });
  }

  /**
   * Keeps, per stratum, metric and patient, how many of the patient's procedures sit in each case-mix cell; a
   * cell's distinct-patient count moves when a patient enters or leaves it, and patients spanning two or more
   * cells are listed in the shared-patients store so distinct counts over several cells stay exact.
   */
  private void countPatient(String metricKey, OutcomeFacts facts, int sign, Map<String, CaseMixCell> touched) {
    String patient = facts.getPatientPseudonym();
    String key = metricKey + "/" + patient;
    PatientCells stored = patients.get(key);
    Map<String, Integer> counts = stored == null ? new HashMap<>() : new HashMap<>(stored.getCells());
    int cellsBefore = counts.size();
    int c = counts.getOrDefault(facts.getCaseMix(), 0) + sign;
    if (c < 0) {
      throw new IllegalStateException("patient count below zero in " + metricKey);
    }
    if (c == 0) {
      counts.remove(facts.getCaseMix());
    } else {
      counts.put(facts.getCaseMix(), c);
    }
    if (c == 0 || (c == 1 && sign > 0)) {
      CaseMixCell cell = load(metricKey, facts.getCaseMix(), touched);
      cell.setPatients(cell.getPatients() + sign);
    }
    if (counts.isEmpty()) {
      patients.delete(key);
    } else {
      patients.put(key, new PatientCells(counts));
    }
    if (cellsBefore >= 2 || counts.size() >= 2) {
      SharedPatients s = shared.get(metricKey);
      Map<String, List<String>> map = s == null ? new HashMap<>() : new HashMap<>(s.getCells());
      if (counts.size() >= 2) {
        map.put(patient, new ArrayList<>(counts.keySet()));
      } else {
        map.remove(patient);
      }
      if (map.isEmpty()) {
        shared.delete(metricKey);
      } else {
        shared.put(metricKey, new SharedPatients(map));
      }
    }
  }

  private void emitDirty() {
    List<String> strata = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = dirty.all()) {
      it.forEachRemaining(kv -> strata.add(kv.key));
    }
    long now = clock.millis();
    for (String stratum : strata) {
      emit(stratum, now);
      dirty.delete(stratum);
    }
  }

  private void emit(String stratum, long now) {
    int slash = stratum.indexOf('/');
    String dimension = stratum.substring(0, slash);
    String value = stratum.substring(slash + 1);
    Map<Metric, List<CaseMixCell>> byMetric = new HashMap<>();
    boolean empty = true;
    for (Metric metric : MetricCatalogue.ALL) {
      List<CaseMixCell> list = new ArrayList<>();
      try (KeyValueIterator<String, CaseMixCell> it =
          cells.prefixScan(stratum + "/" + metric.id() + "/", Serdes.String().serializer())) {
        it.forEachRemaining(kv -> list.add(kv.value));
      }
      byMetric.put(metric, list);
      empty &= list.isEmpty();
    }
    PerformedDays days = performedDays.get(stratum);
    int today = (int) LocalDate.now(clock.withZone(ZoneOffset.UTC)).toEpochDay();
    for (Metric metric : MetricCatalogue.ALL) {
      String key = Topics.comparisonKey(dimension, value, metric.id());
      if (empty) {
        context.forward(new Record<>(key, null, now));
        continue;
      }
      List<CaseMixCell> metricCells = byMetric.get(metric);
      String metricKey = stratum + "/" + metric.id();
      ToLongFunction<Approach> due = metric.dueAt() == null || days == null ? null : approach -> Cells.countAtMost(
          approach == Approach.OPEN ? days.getOpen() : days.getMicroscopic(),
          today - MetricCatalogue.DUE_DAYS.get(metric.dueAt()));
      OutcomeComparison comparison = calculator.compare(dimension, value, metric, new MetricAggregate(metricCells),
          included -> distinctPatients(metricKey, metricCells, included), due, now);
      context.forward(new Record<>(key, comparison, now));
    }
  }

  /** Distinct patients with a counted procedure in any of the included cells, without scanning patients. */
  private int distinctPatients(String metricKey, List<CaseMixCell> metricCells, Set<String> included) {
    int sum = 0;
    for (CaseMixCell cell : metricCells) {
      if (included.contains(cell.getCaseMix())) {
        sum += cell.getPatients();
      }
    }
    SharedPatients s = shared.get(metricKey);
    if (s != null) {
      for (List<String> patientCells : s.getCells().values()) {
        Set<String> in = new HashSet<>(patientCells);
        in.retainAll(included);
        sum -= Math.max(0, in.size() - 1);
      }
    }
    return sum;
  }
}
