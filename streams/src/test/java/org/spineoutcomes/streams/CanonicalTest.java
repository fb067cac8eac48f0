package org.spineoutcomes.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.schemas.ProcedurePerformed;
import org.spineoutcomes.schemas.state.OutcomeFacts;
import org.spineoutcomes.schemas.state.PatientEvent;
import org.spineoutcomes.schemas.state.PatientState;
import org.spineoutcomes.schemas.state.ProcedureOutcome;
import org.spineoutcomes.streams.metrics.OutcomeFactsDeriver;

class CanonicalTest {

  /**
   * Decoded patient states and events keep what they mean, and the strings they repeat (strata, case mix) are one
   * instance across all of them; a procedure's own id and its patient's pseudonym are left alone.
   */
  @Test
  void decodedPatientStatesShareTheirRepeatedStringsAndMeanTheSame() {
    RandomEvents events = new RandomEvents(17);
    List<OutcomeFacts> facts = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ProcedurePerformed p = events.procedure("PR-" + i, "patient", Instant.parse("2024-03-01T08:00:00Z"));
      facts.add(OutcomeFactsDeriver.derive(ProcedureOutcome.newBuilder().setProcedureId(p.getProcedureId())
          .setProcedure(p).setFollowUps(events.followUps(p)).build()));
    }
    PatientState state = PatientState.newBuilder().setProcedures(List.of(facts.get(0)))
        .setReflected(List.of(facts.get(1))).build();

    PatientState first = StateSerdes.PATIENT_STATE.decode(StateSerdes.PATIENT_STATE.encode(state));
    PatientState second = StateSerdes.PATIENT_STATE.decode(StateSerdes.PATIENT_STATE.encode(state));
    PatientEvent event = StateSerdes.PATIENT_EVENT.decode(StateSerdes.PATIENT_EVENT.encode(
        PatientEvent.newBuilder().setProcedureId("PR-0").setFacts(facts.get(0)).build()));

    assertThat(first).isEqualTo(state);
    assertThat(event.getFacts()).isEqualTo(facts.get(0));
    OutcomeFacts a = first.getProcedures().get(0);
    OutcomeFacts b = second.getProcedures().get(0);
    OutcomeFacts c = event.getFacts();
    assertThat(a).isEqualTo(b).isNotSameAs(b);
    for (OutcomeFacts other : List.of(b, c)) {
      assertThat(other.getCaseMix()).isSameAs(a.getCaseMix());
      assertThat(other.getHospitalId()).isSameAs(a.getHospitalId());
      assertThat(other.getQuarter()).isSameAs(a.getQuarter());
      assertThat(other.getCondition()).isSameAs(a.getCondition());
    }
    assertThat(first.getReflected().get(0).getCaseMix()).isEqualTo(facts.get(1).getCaseMix());
    assertThat(b.getProcedureId()).isEqualTo(a.getProcedureId()).isNotSameAs(a.getProcedureId());
  }
}
