package org.spineoutcomes.streams.strata;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.Topics;
import org.spineoutcomes.schemas.state.MetricAggregate;
import org.spineoutcomes.schemas.state.OutcomeDelta;
import org.spineoutcomes.schemas.state.OutcomeFacts;
import org.spineoutcomes.schemas.state.PatientCells;
import org.spineoutcomes.streams.metrics.Metric;
import org.spineoutcomes.streams.metrics.MetricCatalogue;

/**
 * Keyed by stratum ("dimension/value"): adds a procedure's new facts and subtracts its old ones, so the
 * aggregates always equal a recomputation over the surviving procedures. Changed strata are marked dirty in
 * a store (so a crash between update and emission loses nothing) and their comparisons are recomputed and
 * emitted, keyed "dimension/value/metric", on a wall-clock schedule; an emptied stratum emits tombstones.
 */
public final class StratumAggregator implements Processor<String, OutcomeDelta, String, OutcomeComparison> {

  private final String aggregatesStore;
  private final String patientsStore;
  private final String dirtyStore;
  private final Duration emitInterval;
  private final ComparisonCalculator calculator;
  private final Clock clock;
  private ProcessorContext<String, OutcomeComparison> context;
  private KeyValueStore<String, MetricAggregate> aggregates;
  private KeyValueStore<String, PatientCells> patients;
  private KeyValueStore<String, Long> dirty;

  public StratumAggregator(String aggregatesStore, String patientsStore, String dirtyStore,
      Duration emitInterval, ComparisonCalculator calculator, Clock clock) {
    this.aggregatesStore = aggregatesStore;
    this.patientsStore = patientsStore;
    this.dirtyStore = dirtyStore;
    this.emitInterval = emitInterval;
    this.calculator = calculator;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, OutcomeComparison> context) {
    this.context = context;
    this.aggregates = context.getStateStore(aggregatesStore);
    this.patients = context.getStateStore(patientsStore);
    this.dirty = context.getStateStore(dirtyStore);
    context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> emitDirty());
  }

  @Override
  public void process(Record<String, OutcomeDelta> record) {
    String stratum = record.key();
    OutcomeDelta delta = record.value();
    Map<String, MetricAggregate> touched = new HashMap<>();
    if (delta.getBefore() != null) {
      apply(stratum, delta.getBefore(), -1, touched);
    }
    if (delta.getAfter() != null) {
      apply(stratum, delta.getAfter(), +1, touched);
    }
    for (Map.Entry<String, MetricAggregate> e : touched.entrySet()) {
      if (Cells.isEmpty(e.getValue())) {
        aggregates.delete(e.getKey());
      } else {
        aggregates.put(e.getKey(), e.getValue());
      }
    }
    dirty.put(stratum, record.timestamp());
  }

  private void apply(String stratum, OutcomeFacts facts, int sign, Map<String, MetricAggregate> touched) {
    for (Map.Entry<String, Integer> e : facts.getContinuous().entrySet()) {
      MetricAggregate agg = load(stratum, e.getKey(), touched);
      Cells.addContinuous(agg, facts.getCaseMix(), facts.getApproach(), e.getValue(), sign);
      countPatient(stratum, e.getKey(), facts, sign);
    }
    for (Map.Entry<String, Boolean> e : facts.getBinary().entrySet()) {
      MetricAggregate agg = load(stratum, e.getKey(), touched);
      Cells.addBinary(agg, facts.getCaseMix(), facts.getApproach(), e.getValue(), sign);
      countPatient(stratum, e.getKey(), facts, sign);
    }
  }

  private MetricAggregate load(String stratum, String metric, Map<String, MetricAggregate> touched) {
    return touched.computeIfAbsent(stratum + "/" + metric, key -> {
      MetricAggregate agg = aggregates.get(key);
      return agg != null ? Cells.mutableCopy(agg) : new MetricAggregate(new ArrayList<>());
    });
  }

  /** Keeps, per stratum, metric and patient, how many of the patient's procedures sit in each case-mix cell. */
  private void countPatient(String stratum, String metric, OutcomeFacts facts, int sign) {
    String key = stratum + "/" + metric + "/" + facts.getPatientPseudonym();
    PatientCells cells = patients.get(key);
    Map<String, Integer> counts = cells == null ? new HashMap<>() : new HashMap<>(cells.getCells());
    int c = counts.getOrDefault(facts.getCaseMix(), 0) + sign;
    if (c < 0) {
      throw new IllegalStateException("patient count below zero for " + stratum + "/" + metric);
    }
    if (c == 0) {
      counts.remove(facts.getCaseMix());
    } else {
      counts.put(facts.getCaseMix(), c);
    }
    if (counts.isEmpty()) {
      patients.delete(key);
    } else {
      patients.put(key, new PatientCells(counts));
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
    boolean empty = true;
    List<KeyValue<String, MetricAggregate>> present = new ArrayList<>();
    for (Metric metric : MetricCatalogue.ALL) {
      MetricAggregate agg = aggregates.get(stratum + "/" + metric.id());
      present.add(KeyValue.pair(metric.id(), agg));
      empty &= agg == null;
    }
    for (KeyValue<String, MetricAggregate> m : present) {
      String key = Topics.comparisonKey(dimension, value, m.key);
      if (empty) {
        context.forward(new Record<>(key, null, now));
        continue;
      }
      Metric metric = MetricCatalogue.byId(m.key);
      MetricAggregate agg = m.value != null ? m.value : new MetricAggregate(new ArrayList<>());
      OutcomeComparison comparison = calculator.compare(dimension, value, metric, agg,
          included -> distinctPatients(stratum, metric.id(), included), now);
      context.forward(new Record<>(key, comparison, now));
    }
  }

  /** Distinct patients with at least one counted procedure in the given case-mix cells. */
  private int distinctPatients(String stratum, String metric, java.util.Set<String> includedCells) {
    int distinct = 0;
    try (KeyValueIterator<String, PatientCells> it =
        patients.prefixScan(stratum + "/" + metric + "/", Serdes.String().serializer())) {
      while (it.hasNext()) {
        PatientCells cells = it.next().value;
        for (String cell : cells.getCells().keySet()) {
          if (includedCells.contains(cell)) {
            distinct++;
            break;
          }
        }
      }
    }
    return distinct;
  }
}
