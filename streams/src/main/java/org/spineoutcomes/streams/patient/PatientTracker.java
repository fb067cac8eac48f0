package org.spineoutcomes.streams.patient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.spineoutcomes.schemas.state.OutcomeDelta;
import org.spineoutcomes.schemas.state.OutcomeFacts;
import org.spineoutcomes.schemas.state.PatientEvent;
import org.spineoutcomes.schemas.state.PatientState;
import org.spineoutcomes.schemas.state.StratumDelta;
import org.spineoutcomes.streams.FlushPacing;
import org.spineoutcomes.streams.strata.StratumChanges;

/**
 * Keyed by patient pseudonym: holds the current facts of each of the patient's procedures and whether consent
 * was withdrawn (a withdrawal retracts every procedure and blocks any that arrive later).
 *
 * <p>Changes are not forwarded per event. A changed patient keeps the facts the aggregates still reflect and is
 * marked in the dirty-patients store; every flush interval the changes of all dirty patients are combined into
 * one {@link StratumDelta} per stratum (keyed "dimension/value") plus one {@link OutcomeDelta} per changed
 * procedure (keyed by procedureId, for provider monitoring). Both stores are changelogged and committed with
 * the input offsets, so a crash before a flush loses nothing: the restored dirty patients are flushed later.
 */
public final class PatientTracker implements Processor<String, PatientEvent, String, SpecificRecord> {

  private final String storeName;
  private final String dirtyStoreName;
  private final Duration flushInterval;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, PatientState> patients;
  private KeyValueStore<String, Long> dirty;
  private FlushPacing pacing;

  public PatientTracker(String storeName, String dirtyStoreName, Duration flushInterval) {
    this.storeName = storeName;
    this.dirtyStoreName = dirtyStoreName;
    this.flushInterval = flushInterval;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.patients = context.getStateStore(storeName);
    this.dirty = context.getStateStore(dirtyStoreName);
    this.pacing = new FlushPacing(flushInterval, context.currentSystemTimeMs());
    context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, now -> pacing.maybeFlush(now, this::flush));
  }

  @Override
  public void process(Record<String, PatientEvent> record) {
    PatientEvent event = record.value();
    if (event == null) {
      return;
    }
    pacing.saw(record.timestamp());
    String patient = record.key();
    PatientState state = patients.get(patient);
    if (state == null) {
      state = PatientState.newBuilder().build();
    }
    if (state.getWithdrawn()) {
      return;
    }
    List<OutcomeFacts> current = new ArrayList<>(state.getProcedures());
    if (event.getWithdrawal() != null) {
      current.clear();
      state.setWithdrawn(true);
    } else {
      OutcomeFacts before = null;
      for (int i = 0; i < current.size(); i++) {
        if (current.get(i).getProcedureId().equals(event.getProcedureId())) {
          before = current.remove(i);
          break;
        }
      }
      OutcomeFacts after = event.getFacts();
      if (Objects.equals(before, after)) {
        return;
      }
      if (after != null) {
        current.add(after);
      }
    }
    if (state.getReflected() == null) {
      state.setReflected(new ArrayList<>(state.getProcedures()));
    }
    state.setProcedures(current);
    patients.put(patient, state);
    dirty.put(patient, record.timestamp());
  }

  /**
   * Forwards the combined change of every dirty patient, stamped with the newest change's timestamp, then marks
   * what the aggregates now reflect.
   */
  private void flush() {
    List<String> keys = new ArrayList<>();
    long newest = -1;
    try (KeyValueIterator<String, Long> it = dirty.all()) {
      while (it.hasNext()) {
        KeyValue<String, Long> kv = it.next();
        keys.add(kv.key);
        newest = Math.max(newest, kv.value);
      }
    }
    if (keys.isEmpty()) {
      return;
    }
    long stamp = newest;
    StratumChanges strata = new StratumChanges();
    List<OutcomeDelta> procedures = new ArrayList<>();
    for (String patient : keys) {
      PatientState state = patients.get(patient);
      if (state != null && state.getReflected() != null) {
        strata.patientChanged(patient, state.getReflected(), state.getProcedures());
        procedureChanges(state.getReflected(), state.getProcedures(), procedures);
        state.setReflected(null);
        if (!state.getWithdrawn() && state.getProcedures().isEmpty()) {
          patients.delete(patient);
        } else {
          patients.put(patient, state);
        }
      }
      dirty.delete(patient);
    }
    strata.drain().forEach((stratum, deltas) -> deltas.forEach(
        delta -> context.forward(new Record<>(stratum, delta, stamp))));
    // Retractions first: a procedure moved to another patient must leave before it is added again.
    procedures.sort(java.util.Comparator.comparing(d -> d.getAfter() != null));
    for (OutcomeDelta delta : procedures) {
      String procedureId = (delta.getAfter() != null ? delta.getAfter() : delta.getBefore()).getProcedureId();
      context.forward(new Record<>(procedureId, delta, stamp));
    }
  }

  private static void procedureChanges(List<OutcomeFacts> reflected, List<OutcomeFacts> current,
      List<OutcomeDelta> out) {
    Map<String, OutcomeDelta> changes = new LinkedHashMap<>();
    for (OutcomeFacts f : reflected) {
      changes.put(f.getProcedureId(), new OutcomeDelta(f, null));
    }
    for (OutcomeFacts f : current) {
      OutcomeDelta d = changes.get(f.getProcedureId());
      if (d == null) {
        changes.put(f.getProcedureId(), new OutcomeDelta(null, f));
      } else if (f.equals(d.getBefore())) {
        changes.remove(f.getProcedureId());
      } else {
        d.setAfter(f);
      }
    }
    out.addAll(changes.values());
  }
}
