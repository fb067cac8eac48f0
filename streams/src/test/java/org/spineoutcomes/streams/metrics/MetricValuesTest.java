package org.spineoutcomes.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.Complication;
import org.spineoutcomes.schemas.ComplicationType;
import org.spineoutcomes.schemas.FollowUpRecorded;
import org.spineoutcomes.schemas.ProcedurePerformed;
import org.spineoutcomes.schemas.Timepoint;
import org.spineoutcomes.schemas.state.OutcomeFacts;
import org.spineoutcomes.schemas.state.PatientState;
import org.spineoutcomes.schemas.state.ProcedureOutcome;
import org.spineoutcomes.streams.RandomEvents;
import org.spineoutcomes.streams.StateSerdes;

class MetricValuesTest {

  /**
   * Stored facts (the patient store, the by-patient repartition) hold metric values by slot. Reordering the
   * catalogue, or inserting a metric before others of its kind, would make stored facts mean something else: a new
   * metric goes after the others of its kind, and this list grows with it.
   */
  @Test
  void slotsAreTheCatalogueOrderWithinEachKindAndDoNotMove() {
    assertThat(MetricCatalogue.CONTINUOUS.stream().map(Metric::id).toList()).containsExactly(
        "blood_loss_ml", "operative_time_min", "incision_length_mm", "length_of_stay_days", "days_to_normal_activity",
        "back_pain_nrs_discharge", "back_pain_nrs_week2", "back_pain_nrs_week6", "back_pain_nrs_month3",
        "back_pain_nrs_month6", "back_pain_nrs_month12",
        "leg_pain_nrs_discharge", "leg_pain_nrs_week2", "leg_pain_nrs_week6", "leg_pain_nrs_month3",
        "leg_pain_nrs_month6", "leg_pain_nrs_month12",
        "odi_discharge", "odi_week2", "odi_week6", "odi_month3", "odi_month6", "odi_month12");
    assertThat(MetricCatalogue.BINARY.stream().map(Metric::id).toList()).containsExactly(
        "complication_90d", "infection_90d", "nerve_injury_90d", "reoperation_90d", "incomplete_resolution",
        "dural_tear", "odi_mcid_month3", "leg_pain_mcid_month3", "back_pain_mcid_month3", "odi_mcid_month12",
        "leg_pain_mcid_month12", "back_pain_mcid_month12");
    for (List<Metric> kind : List.of(MetricCatalogue.CONTINUOUS, MetricCatalogue.BINARY)) {
      for (int slot = 0; slot < kind.size(); slot++) {
        assertThat(kind.get(slot).slot()).as(kind.get(slot).id()).isEqualTo(slot);
        assertThat(MetricCatalogue.byId(kind.get(slot).id())).isSameAs(kind.get(slot));
      }
    }
    assertThat(MetricCatalogue.CONTINUOUS.size() + MetricCatalogue.BINARY.size())
        .isEqualTo(MetricCatalogue.ALL.size());
  }

  /** Each metric is read from its own slot, with the value the deriver worked out, after a trip through Avro. */
  @Test
  void derivedValuesAreReadBackByMetric() {
    RandomEvents events = new RandomEvents(5);
    Instant day0 = Instant.parse("2025-02-03T08:00:00Z");
    ProcedurePerformed p = events.procedure("PR-1", "patient", day0);
    p.setEstimatedBloodLossMl(432);
    p.setOperativeTimeMin(95);
    p.setIntraoperativeComplications(List.of());
    p.getBaseline().setOdi(40);
    p.getBaseline().setLegPainNrs(7);
    FollowUpRecorded discharge = followUp(p, Timepoint.DISCHARGE, 2);
    discharge.setLengthOfStayDays(3);
    discharge.setOdi(null);
    discharge.setLegPainNrs(null);
    FollowUpRecorded month3 = followUp(p, Timepoint.MONTH_3, 91);
    month3.setOdi(31);
    month3.setLegPainNrs(2);
    month3.setComplications(List.of(new Complication(ComplicationType.INFECTION, 30, 2)));

    OutcomeFacts derived = OutcomeFactsDeriver.derive(ProcedureOutcome.newBuilder().setProcedureId("PR-1")
        .setProcedure(p).setFollowUps(List.of(discharge, month3)).build());
    OutcomeFacts facts = StateSerdes.PATIENT_STATE.decode(StateSerdes.PATIENT_STATE.encode(
        PatientState.newBuilder().setProcedures(List.of(derived)).build()))
        .getProcedures().get(0);

    assertThat(facts).isEqualTo(derived);
    assertThat(value(facts, "blood_loss_ml")).isEqualTo(432);
    assertThat(value(facts, "operative_time_min")).isEqualTo(95);
    assertThat(value(facts, "length_of_stay_days")).isEqualTo(3);
    assertThat(value(facts, "odi_month3")).isEqualTo(31);
    assertThat(value(facts, "leg_pain_nrs_month3")).isEqualTo(2);
    assertThat(value(facts, "odi_discharge")).as("not reported").isNull();
    assertThat(value(facts, "odi_month12")).as("no visit").isNull();
    assertThat(value(facts, "complication_90d")).isEqualTo(true);
    assertThat(value(facts, "infection_90d")).isEqualTo(true);
    assertThat(value(facts, "nerve_injury_90d")).isEqualTo(false);
    assertThat(value(facts, "dural_tear")).isEqualTo(false);
    assertThat(value(facts, "odi_mcid_month3")).as("40 -> 31: 9 points, 22%").isEqualTo(false);
    assertThat(value(facts, "leg_pain_mcid_month3")).as("7 -> 2").isEqualTo(true);
    assertThat(value(facts, "odi_mcid_month12")).isNull();
    assertThat(MetricValues.continuous(facts, MetricCatalogue.byId("blood_loss_ml"))).isEqualTo(432);
    assertThat(MetricValues.binary(facts, MetricCatalogue.byId("leg_pain_mcid_month3"))).isTrue();
  }

  /** Facts written before a metric was added to the catalogue hold fewer slots: the new metric is unknown there. */
  @Test
  void factsWithFewerSlotsDoNotHoldTheMetricsAfterThem() {
    List<Integer> continuous = new ArrayList<>();
    for (int i = 0; i < MetricCatalogue.CONTINUOUS.size() - 1; i++) {
      continuous.add(i);
    }
    OutcomeFacts older = OutcomeFacts.newBuilder().setProcedureId("PR-1").setPatientPseudonym("p")
        .setApproach(Approach.OPEN).setHospitalId("H01").setCondition("c")
        .setTechnique("t").setRegion("r").setQuarter("2025-Q1").setCaseMix("m")
        .setContinuousValues(continuous).setBinaryValues(List.of()).build();

    assertThat(MetricValues.of(older, MetricCatalogue.CONTINUOUS.get(0))).isEqualTo(0);
    assertThat(MetricValues.of(older, MetricCatalogue.CONTINUOUS.get(continuous.size()))).isNull();
    assertThat(MetricValues.of(older, MetricCatalogue.BINARY.get(0))).isNull();
  }

  private static Object value(OutcomeFacts facts, String metricId) {
    return MetricValues.of(facts, MetricCatalogue.byId(metricId));
  }

  private static FollowUpRecorded followUp(ProcedurePerformed p, Timepoint tp, int days) {
    return FollowUpRecorded.newBuilder()
        .setEventId(p.getProcedureId() + "-" + tp)
        .setProcedureId(p.getProcedureId())
        .setHospitalId(p.getHospitalId())
        .setRecordedAt(p.getPerformedAt().plus(Duration.ofDays(days)))
        .setTimepoint(tp)
        .setBackPainNrs(3)
        .setLegPainNrs(3)
        .setOdi(30)
        .setLengthOfStayDays(null)
        .setDaysToNormalActivity(null)
        .setComplications(List.of())
        .build();
  }
}
