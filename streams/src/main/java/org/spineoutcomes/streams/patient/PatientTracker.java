package org.spineoutcomes.streams.patient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spineoutcomes.schemas.ConsentWithdrawn;
import org.spineoutcomes.schemas.state.OutcomeDelta;
import org.spineoutcomes.schemas.state.OutcomeFacts;
import org.spineoutcomes.schemas.state.PatientEvent;
import org.spineoutcomes.schemas.state.PatientState;
import org.spineoutcomes.schemas.state.StratumDelta;
import org.spineoutcomes.schemas.state.Withdrawal;
import org.spineoutcomes.streams.FlushPacing;
import org.spineoutcomes.streams.InputBacklog;
import org.spineoutcomes.streams.PendingChanges;
import org.spineoutcomes.streams.strata.StratumChanges;

/**
 * Keyed by patient pseudonym: holds the current facts of each of the patient's procedures and whether consent
 * was withdrawn (a withdrawal retracts every procedure and blocks any that arrive later).
 *
 * <p>Changes are not forwarded per event. A changed patient keeps the facts the aggregates still reflect (so it
 * needs no separate marker, nor a second changelog write per change); every flush interval the changes of all
 * such patients are combined into one {@link StratumDelta} per stratum (keyed "dimension/value") plus one
 * {@link OutcomeDelta} per changed procedure (keyed by procedureId, for provider monitoring). The store is
 * changelogged and committed with the input offsets, so a crash before a flush loses nothing: init finds the
 * patients still holding reflected facts and the next flush sends their changes.
 */
public final class PatientTracker implements Processor<String, PatientEvent, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(PatientTracker.class);
  private static final String STAGE = "patients";
  /**
   * Patients flushed at once at most (about 2 s of work here): a backfill's flush of hundreds of thousands of
   * patients goes out in slices, each committed, so no transaction runs for long.
   */
  static final int SLICE = 20_000;
  /**
   * A slice also ends once its combined changes hold about this much heap: at a registry's size each slice touches
   * most case-mix cells of every hospital, and what lives for a slice's seconds is promoted by the collector.
   */
  static final long SLICE_BYTES = 32L << 20;

  private final String storeName;
  private final long sliceBytes;
  private final Duration flushInterval;
  private final PendingChanges pending;
  private final InputBacklog backlog;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, PatientState> patients;
  /** Patients whose state holds reflected facts; the store is the truth, this is its index, rebuilt in init. */
  private final Set<String> dirty = new LinkedHashSet<>();
  /** The newest timestamp among the dirty patients' changes. */
  private long newest = -1;
  private FlushPacing pacing;

  public PatientTracker(String storeName, Duration flushInterval, PendingChanges pending, InputBacklog backlog) {
    this(storeName, flushInterval, pending, backlog, SLICE_BYTES);
  }

  PatientTracker(String storeName, Duration flushInterval, PendingChanges pending, InputBacklog backlog,
      long sliceBytes) {
    this.sliceBytes = sliceBytes;
    this.storeName = storeName;
    this.flushInterval = flushInterval;
    this.pending = pending;
    this.backlog = backlog;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.patients = context.getStateStore(storeName);
    // Punctuates often, flushes once per interval on the wall clock's multiples of it: all tasks at the same moment.
    Duration tick = FlushPacing.tick(flushInterval, FlushPacing.ALIGNING_TICKS);
    this.pacing = new FlushPacing("patients " + context.taskId(), tick, context.currentSystemTimeMs(),
        backlog::records).alignedLive(flushInterval);
    // After a restart or a restore, the changes not yet flushed are the states still holding reflected facts.
    dirty.clear();
    try (KeyValueIterator<String, PatientState> it = patients.all()) {
      it.forEachRemaining(kv -> {
        if (kv.value.getReflected() != null) {
          dirty.add(kv.key);
        }
      });
    }
    newest = dirty.isEmpty() ? -1 : Math.max(context.currentStreamTimeMs(), 0);
    pending.set(STAGE, context.taskId(), dirty.size());
    context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, now -> pacing.maybeFlushInSlices(now, () -> {
      boolean done = flush();
      context.commit(); // so the next stages read these now, not at the next commit interval
      return done;
    }));
  }

  /** A consent withdrawal as the patient stage receives it, beside the procedures' facts. */
  public static PatientEvent withdrawal(ConsentWithdrawn w) {
    return PatientEvent.newBuilder().setWithdrawal(new Withdrawal(w.getEventId(), w.getHospitalId(),
        w.getPatientPseudonym(), w.getWithdrawnAt().toEpochMilli())).build();
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
    if (dirty.add(patient)) {
      pending.set(STAGE, context.taskId(), dirty.size());
    }
    newest = Math.max(newest, record.timestamp());
  }

  /**
   * Forwards the combined change of up to {@link #SLICE} dirty patients (fewer if their changes reach
   * {@link #SLICE_BYTES}), stamped with the newest change's timestamp,
   * then marks what the aggregates now reflect; returns whether no dirty patient is left. Each changed procedure's
   * change is sent as it is found (for provider monitoring), so nothing grows with the number of patients.
   */
  private boolean flush() {
    if (dirty.isEmpty()) {
      return true;
    }
    long stamp = newest;
    StratumChanges strata = new StratumChanges();
    List<OutcomeDelta> procedures = new ArrayList<>();
    int flushed = 0;
    for (Iterator<String> it = dirty.iterator();
        it.hasNext() && flushed < SLICE && strata.estimatedBytes() < sliceBytes; flushed++) {
      String patient = it.next();
      it.remove();
      PatientState state = patients.get(patient);
      if (state != null && state.getReflected() != null) {
        strata.patientChanged(patient, state.getReflected(), state.getProcedures());
        procedures.clear();
        procedureChanges(state.getReflected(), state.getProcedures(), procedures);
        for (OutcomeDelta delta : procedures) {
          String procedureId = (delta.getAfter() != null ? delta.getAfter() : delta.getBefore()).getProcedureId();
          context.forward(new Record<>(procedureId, delta, stamp));
        }
        state.setReflected(null);
        if (!state.getWithdrawn() && state.getProcedures().isEmpty()) {
          patients.delete(patient);
        } else {
          patients.put(patient, state);
        }
      }
    }
    pending.set(STAGE, context.taskId(), dirty.size());
    log.debug("{}: flushing {} patients, combined changes about {} KiB, {} left", context.taskId(), flushed,
        strata.estimatedBytes() >> 10, dirty.size());
    strata.drain().forEach((stratum, deltas) -> deltas.forEach(
        delta -> context.forward(new Record<>(stratum, delta, stamp))));
    if (dirty.isEmpty()) {
      newest = -1;
      return true;
    }
    return false;
  }

  @Override
  public void close() {
    pending.set(STAGE, context.taskId(), 0);
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
