package org.spineoutcomes.streams.patient;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.spineoutcomes.schemas.state.OutcomeDelta;
import org.spineoutcomes.schemas.state.OutcomeFacts;
import org.spineoutcomes.schemas.state.PatientEvent;
import org.spineoutcomes.schemas.state.PatientState;

/**
 * Keyed by patient pseudonym: holds the facts counted for each of the patient's procedures and whether
 * consent was withdrawn. It forwards the exact change to the figures: a withdrawal retracts every counted
 * procedure and blocks any that arrive later.
 */
public final class PatientTracker implements Processor<String, PatientEvent, String, OutcomeDelta> {

  private final String storeName;
  private ProcessorContext<String, OutcomeDelta> context;
  private KeyValueStore<String, PatientState> patients;

  public PatientTracker(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<String, OutcomeDelta> context) {
    this.context = context;
    this.patients = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, PatientEvent> record) {
    PatientEvent event = record.value();
    if (event == null) {
      return;
    }
    String patient = record.key();
    PatientState state = patients.get(patient);
    if (state == null) {
      state = PatientState.newBuilder().build();
    }
    if (state.getWithdrawn()) {
      return;
    }
    List<OutcomeFacts> counted = new ArrayList<>(state.getProcedures());
    if (event.getWithdrawal() != null) {
      for (OutcomeFacts facts : counted) {
        forward(facts, null, record.timestamp());
      }
      patients.put(patient, PatientState.newBuilder().setWithdrawn(true).build());
      return;
    }
    OutcomeFacts before = null;
    for (int i = 0; i < counted.size(); i++) {
      if (counted.get(i).getProcedureId().equals(event.getProcedureId())) {
        before = counted.remove(i);
        break;
      }
    }
    OutcomeFacts after = event.getFacts();
    if (after != null) {
      counted.add(after);
    }
    if (before == null && after == null) {
      return;
    }
    state.setProcedures(counted);
    if (counted.isEmpty()) {
      patients.delete(patient);
    } else {
      patients.put(patient, state);
    }
    forward(before, after, record.timestamp());
  }

  private void forward(OutcomeFacts before, OutcomeFacts after, long timestamp) {
    String procedureId = (after != null ? after : before).getProcedureId();
    context.forward(new Record<>(procedureId, new OutcomeDelta(before, after), timestamp));
  }
}
