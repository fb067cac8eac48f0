package org.spineoutcomes.streams.procedure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.spineoutcomes.schemas.FollowUpRecorded;
import org.spineoutcomes.schemas.ProcedurePerformed;
import org.spineoutcomes.schemas.state.OutcomeFacts;
import org.spineoutcomes.schemas.state.PatientEvent;
import org.spineoutcomes.schemas.state.ProcedureOutcome;
import org.spineoutcomes.streams.metrics.OutcomeFactsDeriver;

/**
 * Keyed by procedureId: applies procedures and follow-ups in whatever order they arrive to the one current
 * record of the procedure, ignoring re-sent eventIds, and forwards the procedure's facts to its patient
 * (keyed by patient pseudonym) whenever they change. A correction that moves a procedure to another
 * patient forwards a removal to the old patient as well.
 */
public abstract class ProcedureAssembler<V> implements Processor<String, V, String, PatientEvent> {

  private final String storeName;
  private ProcessorContext<String, PatientEvent> context;
  private KeyValueStore<String, ProcedureOutcome> outcomes;

  protected ProcedureAssembler(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<String, PatientEvent> context) {
    this.context = context;
    this.outcomes = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, V> record) {
    V event = record.value();
    if (event == null) {
      return;
    }
    String procedureId = procedureIdOf(event);
    ProcedureOutcome current = outcomes.get(procedureId);
    if (current == null) {
      current = ProcedureOutcome.newBuilder().setProcedureId(procedureId).build();
    } else if (current.getSeenEventIds().contains(eventIdOf(event))) {
      return; // duplicate: an eventId already applied changes nothing
    }
    OutcomeFacts before = OutcomeFactsDeriver.derive(current);
    // updated in place and put back; `before` was derived into new objects above
    ProcedureOutcome updated = current;
    List<String> seen = new ArrayList<>(current.getSeenEventIds());
    seen.add(eventIdOf(event));
    updated.setSeenEventIds(seen);
    apply(updated, event);
    outcomes.put(procedureId, updated);

    OutcomeFacts after = OutcomeFactsDeriver.derive(updated);
    if (Objects.equals(before, after)) {
      return;
    }
    long ts = record.timestamp();
    if (before != null && (after == null || !before.getPatientPseudonym().equals(after.getPatientPseudonym()))) {
      context.forward(new Record<>(before.getPatientPseudonym(), update(procedureId, null), ts));
    }
    if (after != null) {
      context.forward(new Record<>(after.getPatientPseudonym(), update(procedureId, after), ts));
    }
  }

  private static PatientEvent update(String procedureId, OutcomeFacts facts) {
    return PatientEvent.newBuilder().setProcedureId(procedureId).setFacts(facts).build();
  }

  protected abstract String procedureIdOf(V event);

  protected abstract String eventIdOf(V event);

  protected abstract void apply(ProcedureOutcome outcome, V event);

  /** A later ProcedurePerformed for the same procedureId replaces the earlier one. */
  public static final class Procedures extends ProcedureAssembler<ProcedurePerformed> {
    public Procedures(String storeName) {
      super(storeName);
    }

    @Override
    protected String procedureIdOf(ProcedurePerformed event) {
      return event.getProcedureId();
    }

    @Override
    protected String eventIdOf(ProcedurePerformed event) {
      return event.getEventId();
    }

    @Override
    protected void apply(ProcedureOutcome outcome, ProcedurePerformed event) {
      outcome.setProcedure(event);
    }
  }

  /** Per timepoint the follow-up with the latest recordedAt wins; on a tie, the later arrival. */
  public static final class FollowUps extends ProcedureAssembler<FollowUpRecorded> {
    public FollowUps(String storeName) {
      super(storeName);
    }

    @Override
    protected String procedureIdOf(FollowUpRecorded event) {
      return event.getProcedureId();
    }

    @Override
    protected String eventIdOf(FollowUpRecorded event) {
      return event.getEventId();
    }

    @Override
    protected void apply(ProcedureOutcome outcome, FollowUpRecorded event) {
      List<FollowUpRecorded> followUps = new ArrayList<>(outcome.getFollowUps());
      for (int i = 0; i < followUps.size(); i++) {
        FollowUpRecorded existing = followUps.get(i);
        if (existing.getTimepoint() == event.getTimepoint()) {
          Instant a = existing.getRecordedAt();
          if (!event.getRecordedAt().isBefore(a)) {
            followUps.set(i, event);
          }
          outcome.setFollowUps(followUps);
          return;
        }
      }
      followUps.add(event);
      outcome.setFollowUps(followUps);
    }
  }
}
