package org.spineoutcomes.streams.procedure;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.spineoutcomes.schemas.FollowUpRecorded;
import org.spineoutcomes.schemas.ProcedurePerformed;
import org.spineoutcomes.schemas.Topics;
import org.spineoutcomes.schemas.state.OutcomeFacts;
import org.spineoutcomes.schemas.state.PatientEvent;
import org.spineoutcomes.schemas.state.ProcedureOutcome;
import org.spineoutcomes.schemas.state.StoredFollowUp;
import org.spineoutcomes.schemas.state.StoredProcedure;
import org.spineoutcomes.streams.FlushPacing;
import org.spineoutcomes.streams.InputBacklog;
import org.spineoutcomes.streams.PendingChanges;
import org.spineoutcomes.streams.metrics.OutcomeFactsDeriver;

/**
 * Keyed by procedureId: applies procedures and follow-ups in whatever order they arrive to the one current record
 * of the procedure, ignoring re-sent eventIds, and sends the procedure's facts to its patient (keyed by patient
 * pseudonym). A correction that moves a procedure to another patient sends a removal to the old patient as well.
 * One processor reads both topics, so a task has one index of held procedures.
 *
 * <p>Live, each change is sent as it is applied. While the streams work through a backlog ({@link FlushPacing}),
 * changes are held and each changed procedure is sent once per flush, whatever number of follow-ups it received
 * meanwhile: a backfill's procedure and its follow-ups then cross the repartition to the patients once, not once
 * per event. Which procedures are held is kept in the store ({@code unsent}) and rebuilt from it when a task starts.
 *
 * <p>The store keeps the events as read ({@link StoredProcedure}); they are decoded only to derive the facts sent.
 */
public final class ProcedureAssembler implements Processor<String, AsRead, String, PatientEvent> {

  private static final String STAGE = "procedures";
  /** Held procedures sent at once at most (a few seconds of work here), so no transaction runs for long. */
  static final int SLICE = 50_000;
  /**
   * Live flushes start this many punctuations before each interval on the wall clock: time for the commit to
   * finish and the patient stage to read what it sent before its own aligned flush.
   */
  static final int LEAD_TICKS = 3;

  private final String storeName;
  private final Duration flushInterval;
  private final PendingChanges pending;
  private final InputBacklog backlog;
  private ProcessorContext<String, PatientEvent> context;
  private KeyValueStore<String, StoredProcedure> outcomes;
  /** Procedures whose stored record is unsent; the store is the truth, this is its index, rebuilt in init. */
  private final Set<String> held = new LinkedHashSet<>();
  /** The newest timestamp among the held changes. */
  private long newest = -1;
  private FlushPacing pacing;

  public ProcedureAssembler(String storeName, Duration flushInterval, PendingChanges pending,
      InputBacklog backlog) {
    this.storeName = storeName;
    this.flushInterval = flushInterval;
    this.pending = pending;
    this.backlog = backlog;
  }

  @Override
  public void init(ProcessorContext<String, PatientEvent> context) {
    this.context = context;
    this.outcomes = context.getStateStore(storeName);
    // Live, flushes (and commits) shortly before each flush interval on the wall clock, when the patient stage
    // flushes: the changes sent during the interval are then committed in time for that flush. Committing at an
    // arbitrary moment in the interval, a change sent after the commit waited a whole extra interval.
    Duration tick = FlushPacing.tick(flushInterval, FlushPacing.ALIGNING_TICKS);
    this.pacing = new FlushPacing("procedures " + context.taskId(), tick, context.currentSystemTimeMs(),
        backlog::records).alignedLive(flushInterval, tick.multipliedBy(LEAD_TICKS));
    held.clear();
    try (KeyValueIterator<String, StoredProcedure> it = outcomes.all()) {
      it.forEachRemaining(kv -> {
        if (kv.value.getUnsent()) {
          held.add(kv.key);
        }
      });
    }
    newest = held.isEmpty() ? -1 : Math.max(context.currentStreamTimeMs(), 0);
    pending.set(STAGE, context.taskId(), held.size());
    // Like every paced stage, a commit after each flush (every interval while live), so what this task sent (facts,
    // and the withdrawals merged in beside them) reaches the patient stage at once rather than at the commit
    // interval; Kafka skips the commit of a task that processed nothing.
    context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, now -> pacing.maybeFlushInSlices(now, () -> {
      boolean done = flush();
      context.commit();
      return done;
    }));
  }

  @Override
  public void process(Record<String, AsRead> record) {
    AsRead read = record.value();
    if (read == null) {
      return;
    }
    pacing.saw(record.timestamp());
    SpecificRecord event = read.value();
    String procedureId = procedureIdOf(event);
    StoredProcedure current = outcomes.get(procedureId);
    if (current == null) {
      current = StoredProcedure.newBuilder().setProcedureId(procedureId).build();
    } else if (current.getSeenEventIds().contains(eventIdOf(event))) {
      return; // duplicate: an eventId already applied changes nothing
    }
    List<String> seen = new ArrayList<>(current.getSeenEventIds());
    seen.add(eventIdOf(event));
    current.setSeenEventIds(seen);
    apply(current, event, read.bytes());
    if (pacing.behind()) {
      current.setUnsent(true);
      if (held.add(procedureId)) {
        pending.set(STAGE, context.taskId(), held.size());
      }
      newest = Math.max(newest, record.timestamp());
    } else {
      send(current, record.timestamp());
      if (held.remove(procedureId)) {
        pending.set(STAGE, context.taskId(), held.size());
      }
    }
    outcomes.put(procedureId, current);
  }

  /**
   * Sends the facts of up to {@link #SLICE} held procedures, stamped with the newest held change's timestamp;
   * returns whether none is left.
   */
  private boolean flush() {
    long stamp = newest;
    int sent = 0;
    for (Iterator<String> it = held.iterator(); it.hasNext() && sent < SLICE; sent++) {
      String procedureId = it.next();
      it.remove();
      StoredProcedure outcome = outcomes.get(procedureId);
      if (outcome != null && outcome.getUnsent()) {
        send(outcome, stamp);
        outcomes.put(procedureId, outcome);
      }
    }
    pending.set(STAGE, context.taskId(), held.size());
    if (held.isEmpty()) {
      newest = -1;
      return true;
    }
    return false;
  }

  /**
   * Sends the procedure's current facts to its patient, and a removal to the patient it was last sent to if that
   * is another; the patient stage ignores facts it already holds. Marks the outcome sent (the caller stores it).
   */
  private void send(StoredProcedure outcome, long timestamp) {
    OutcomeFacts facts = OutcomeFactsDeriver.derive(decoded(outcome));
    String to = facts == null ? null : facts.getPatientPseudonym();
    String was = outcome.getSentTo();
    if (was != null && !was.equals(to)) {
      context.forward(new Record<>(was, update(outcome.getProcedureId(), null), timestamp));
    }
    if (facts != null) {
      context.forward(new Record<>(to, update(outcome.getProcedureId(), facts), timestamp));
    }
    outcome.setSentTo(to);
    outcome.setUnsent(false);
  }

  @Override
  public void close() {
    pending.set(STAGE, context.taskId(), 0);
  }

  private static PatientEvent update(String procedureId, OutcomeFacts facts) {
    return PatientEvent.newBuilder().setProcedureId(procedureId).setFacts(facts).build();
  }

  private static String procedureIdOf(SpecificRecord event) {
    return event instanceof ProcedurePerformed p ? p.getProcedureId() : ((FollowUpRecorded) event).getProcedureId();
  }

  private static String eventIdOf(SpecificRecord event) {
    return event instanceof ProcedurePerformed p ? p.getEventId() : ((FollowUpRecorded) event).getEventId();
  }

  private static void apply(StoredProcedure outcome, SpecificRecord event, byte[] bytes) {
    if (event instanceof ProcedurePerformed) {
      // a later ProcedurePerformed for the same procedureId replaces the earlier one
      outcome.setProcedure(ByteBuffer.wrap(bytes));
    } else {
      applyFollowUp(outcome, (FollowUpRecorded) event, bytes);
    }
  }

  /** Per timepoint the follow-up with the latest recordedAt wins; on a tie, the later arrival. */
  private static void applyFollowUp(StoredProcedure outcome, FollowUpRecorded event, byte[] bytes) {
    StoredFollowUp stored = new StoredFollowUp(event.getTimepoint(), event.getRecordedAt().toEpochMilli(),
        ByteBuffer.wrap(bytes));
    List<StoredFollowUp> followUps = new ArrayList<>(outcome.getFollowUps());
    for (int i = 0; i < followUps.size(); i++) {
      StoredFollowUp existing = followUps.get(i);
      if (existing.getTimepoint() == event.getTimepoint()) {
        if (stored.getRecordedAtMs() >= existing.getRecordedAtMs()) {
          followUps.set(i, stored);
        }
        outcome.setFollowUps(followUps);
        return;
      }
    }
    followUps.add(stored);
    outcome.setFollowUps(followUps);
  }

  /** The stored events decoded, as the facts are derived from them. */
  static ProcedureOutcome decoded(StoredProcedure stored) {
    List<FollowUpRecorded> followUps = new ArrayList<>(stored.getFollowUps().size());
    for (StoredFollowUp f : stored.getFollowUps()) {
      followUps.add(Topics.FOLLOW_UP_SERDE.decode(bytes(f.getEvent())));
    }
    return ProcedureOutcome.newBuilder()
        .setProcedureId(stored.getProcedureId())
        .setProcedure(stored.getProcedure() == null ? null : Topics.PROCEDURE_SERDE.decode(bytes(stored.getProcedure())))
        .setFollowUps(followUps)
        .setSeenEventIds(stored.getSeenEventIds())
        .build();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
