package org.spineoutcomes.streams;

import org.spineoutcomes.schemas.AvroSerde;
import org.spineoutcomes.schemas.state.ComparisonUpdate;
import org.spineoutcomes.schemas.state.PatientEvent;
import org.spineoutcomes.schemas.state.PatientState;
import org.spineoutcomes.schemas.state.PerformedDays;
import org.spineoutcomes.schemas.state.ProviderCaseChange;
import org.spineoutcomes.schemas.state.PublishedAlerts;
import org.spineoutcomes.schemas.state.ScoredCase;
import org.spineoutcomes.schemas.state.SharedPatient;
import org.spineoutcomes.schemas.state.StoredProcedure;
import org.spineoutcomes.schemas.state.StratumDelta;
import org.spineoutcomes.schemas.state.StratumMetric;

/** Serdes of the records internal to the topology: store values and repartition payloads. */
public final class StateSerdes {
  public static final AvroSerde<StoredProcedure> STORED_PROCEDURE =
      new AvroSerde<>(StoredProcedure.getClassSchema());
  // Long-lived once decoded (the patient store's cache, the combiner's inputs): their repeated strings are pooled.
  public static final AvroSerde<PatientEvent> PATIENT_EVENT =
      new AvroSerde<>(PatientEvent.getClassSchema(), Canonical::patientEvent);
  public static final AvroSerde<PatientState> PATIENT_STATE =
      new AvroSerde<>(PatientState.getClassSchema(), Canonical::patientState);
  public static final AvroSerde<ProviderCaseChange> PROVIDER_CASE_CHANGE =
      new AvroSerde<>(ProviderCaseChange.getClassSchema());
  public static final AvroSerde<StratumMetric> STRATUM_METRIC = new AvroSerde<>(StratumMetric.getClassSchema());
  public static final AvroSerde<ScoredCase> SCORED_CASE = new AvroSerde<>(ScoredCase.getClassSchema());
  public static final AvroSerde<PublishedAlerts> PUBLISHED_ALERTS =
      new AvroSerde<>(PublishedAlerts.getClassSchema());
  public static final AvroSerde<PerformedDays> PERFORMED_DAYS = new AvroSerde<>(PerformedDays.getClassSchema());
  public static final AvroSerde<SharedPatient> SHARED_PATIENT = new AvroSerde<>(SharedPatient.getClassSchema());
  public static final AvroSerde<ComparisonUpdate> COMPARISON_UPDATE =
      new AvroSerde<>(ComparisonUpdate.getClassSchema());
  public static final AvroSerde<StratumDelta> STRATUM_DELTA = new AvroSerde<>(StratumDelta.getClassSchema());

  private StateSerdes() {}
}
