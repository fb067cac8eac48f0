package org.spineoutcomes.streams.metrics;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.spineoutcomes.schemas.Complication;
import org.spineoutcomes.schemas.ComplicationType;
import org.spineoutcomes.schemas.FollowUpRecorded;
import org.spineoutcomes.schemas.ProcedurePerformed;
import org.spineoutcomes.schemas.Timepoint;
import org.spineoutcomes.schemas.state.OutcomeFacts;
import org.spineoutcomes.schemas.state.ProcedureOutcome;
import org.spineoutcomes.schemas.state.RiskFactors;

/**
 * Turns everything known about one procedure into the facts it contributes: its strata and the value of
 * each metric that is known. The single place where metric definitions live as code.
 */
public final class OutcomeFactsDeriver {

  /** Complications counted within this many days of surgery. */
  static final int WINDOW_DAYS = 90;

  private static final Metric BLOOD_LOSS = metric("blood_loss_ml");
  private static final Metric OPERATIVE_TIME = metric("operative_time_min");
  private static final Metric INCISION_LENGTH = metric("incision_length_mm");
  private static final Metric LENGTH_OF_STAY = metric("length_of_stay_days");
  private static final Metric DAYS_TO_NORMAL_ACTIVITY = metric("days_to_normal_activity");
  private static final Map<Timepoint, Metric> BACK_PAIN =
      perTimepoint("back_pain_nrs_", MetricCatalogue.TIMEPOINT_SUFFIX.keySet());
  private static final Map<Timepoint, Metric> LEG_PAIN =
      perTimepoint("leg_pain_nrs_", MetricCatalogue.TIMEPOINT_SUFFIX.keySet());
  private static final Map<Timepoint, Metric> ODI = perTimepoint("odi_", MetricCatalogue.TIMEPOINT_SUFFIX.keySet());
  private static final Metric DURAL_TEAR = metric("dural_tear");
  private static final Metric COMPLICATION = metric("complication_90d");
  private static final Metric INFECTION = metric("infection_90d");
  private static final Metric NERVE_INJURY = metric("nerve_injury_90d");
  private static final Metric REOPERATION = metric("reoperation_90d");
  private static final Metric INCOMPLETE_RESOLUTION = metric("incomplete_resolution");
  private static final Map<Timepoint, Metric> ODI_MCID =
      perTimepoint("odi_mcid_", MetricCatalogue.RESPONDER_TIMEPOINTS);
  private static final Map<Timepoint, Metric> LEG_PAIN_MCID =
      perTimepoint("leg_pain_mcid_", MetricCatalogue.RESPONDER_TIMEPOINTS);
  private static final Map<Timepoint, Metric> BACK_PAIN_MCID =
      perTimepoint("back_pain_mcid_", MetricCatalogue.RESPONDER_TIMEPOINTS);

  /** Returns the facts, or null while the procedure itself has not arrived. */
  public static OutcomeFacts derive(ProcedureOutcome outcome) {
    ProcedurePerformed p = outcome.getProcedure();
    if (p == null) {
      return null;
    }
    Map<Timepoint, FollowUpRecorded> byTimepoint = new EnumMap<>(Timepoint.class);
    for (FollowUpRecorded f : outcome.getFollowUps()) {
      byTimepoint.put(f.getTimepoint(), f);
    }

    Integer[] continuous = new Integer[MetricCatalogue.CONTINUOUS.size()];
    put(continuous, BLOOD_LOSS, p.getEstimatedBloodLossMl());
    put(continuous, OPERATIVE_TIME, p.getOperativeTimeMin());
    put(continuous, INCISION_LENGTH, p.getIncisionLengthMm());
    FollowUpRecorded discharge = byTimepoint.get(Timepoint.DISCHARGE);
    if (discharge != null) {
      put(continuous, LENGTH_OF_STAY, discharge.getLengthOfStayDays());
    }
    Integer daysToNormal = null;
    for (FollowUpRecorded f : byTimepoint.values()) { // EnumMap iterates in visit order: the latest wins
      if (f.getDaysToNormalActivity() != null) {
        daysToNormal = f.getDaysToNormalActivity();
      }
    }
    put(continuous, DAYS_TO_NORMAL_ACTIVITY, daysToNormal);
    for (Map.Entry<Timepoint, FollowUpRecorded> e : byTimepoint.entrySet()) {
      Timepoint tp = e.getKey();
      FollowUpRecorded f = e.getValue();
      put(continuous, BACK_PAIN.get(tp), f.getBackPainNrs());
      put(continuous, LEG_PAIN.get(tp), f.getLegPainNrs());
      put(continuous, ODI.get(tp), f.getOdi());
    }

    Boolean[] binary = new Boolean[MetricCatalogue.BINARY.size()];
    List<ComplicationType> intraop = p.getIntraoperativeComplications();
    put(binary, DURAL_TEAR, intraop.contains(ComplicationType.DURAL_TEAR));
    boolean windowObserved = byTimepoint.containsKey(Timepoint.MONTH_3)
        || byTimepoint.containsKey(Timepoint.MONTH_6)
        || byTimepoint.containsKey(Timepoint.MONTH_12);
    if (windowObserved) {
      boolean any = !intraop.isEmpty();
      boolean infection = intraop.contains(ComplicationType.INFECTION);
      boolean nerve = intraop.contains(ComplicationType.NERVE_INJURY);
      boolean reoperation = intraop.contains(ComplicationType.REOPERATION);
      boolean incomplete = false;
      for (FollowUpRecorded f : byTimepoint.values()) {
        for (Complication c : f.getComplications()) {
          if (c.getType() == ComplicationType.INCOMPLETE_RESOLUTION) {
            incomplete = true;
          }
          if (c.getOnsetDay() <= WINDOW_DAYS) {
            any = true;
            infection |= c.getType() == ComplicationType.INFECTION;
            nerve |= c.getType() == ComplicationType.NERVE_INJURY;
            reoperation |= c.getType() == ComplicationType.REOPERATION;
          }
        }
      }
      put(binary, COMPLICATION, any);
      put(binary, INFECTION, infection);
      put(binary, NERVE_INJURY, nerve);
      put(binary, REOPERATION, reoperation);
      put(binary, INCOMPLETE_RESOLUTION, incomplete);
    }
    for (Timepoint tp : MetricCatalogue.RESPONDER_TIMEPOINTS) {
      FollowUpRecorded f = byTimepoint.get(tp);
      if (f == null) {
        continue;
      }
      if (f.getOdi() != null) {
        int base = p.getBaseline().getOdi();
        int improvement = base - f.getOdi();
        // >= 30% of baseline, compared in integers to avoid 0.3 * base rounding at the boundary
        put(binary, ODI_MCID.get(tp), improvement >= 10 || 10 * improvement >= 3 * base);
      }
      if (f.getLegPainNrs() != null) {
        put(binary, LEG_PAIN_MCID.get(tp), p.getBaseline().getLegPainNrs() - f.getLegPainNrs() >= 2);
      }
      if (f.getBackPainNrs() != null) {
        put(binary, BACK_PAIN_MCID.get(tp), p.getBaseline().getBackPainNrs() - f.getBackPainNrs() >= 2);
      }
    }

    return OutcomeFacts.newBuilder()
        .setProcedureId(p.getProcedureId())
        .setPatientPseudonym(p.getPatientPseudonym())
        .setApproach(p.getApproach())
        .setHospitalId(p.getHospitalId())
        .setCondition(p.getCondition().name())
        .setTechnique(p.getTechnique().name())
        .setRegion(p.getSpinalRegion().name())
        .setQuarter(quarterOf(p))
        .setCaseMix(caseMixOf(p))
        .setPerformedDay((int) p.getPerformedAt().atZone(ZoneOffset.UTC).toLocalDate().toEpochDay())
        .setSurgeonId(p.getSurgeonId())
        .setRiskFactors(new RiskFactors(p.getPatient().getAgeYears(), p.getPatient().getSex().name(),
            p.getPatient().getAsaClass(), p.getPatient().getBmi(), p.getPatient().getSmoker(),
            p.getPatient().getDiabetic(), p.getLevels().size()))
        .setContinuousValues(Arrays.asList(continuous))
        .setBinaryValues(Arrays.asList(binary))
        .build();
  }

  /** Calendar quarter of performedAt in UTC, e.g. 2025-Q1. */
  static String quarterOf(ProcedurePerformed p) {
    ZonedDateTime t = p.getPerformedAt().atZone(ZoneOffset.UTC);
    return t.getYear() + "-Q" + ((t.getMonthValue() - 1) / 3 + 1);
  }

  /** The adjustment cell: condition x technique x age band (<40, 40-59, 60-74, >=75) x ASA (1-2, 3+). */
  static String caseMixOf(ProcedurePerformed p) {
    int age = p.getPatient().getAgeYears();
    String band = age < 40 ? "<40" : age < 60 ? "40-59" : age < 75 ? "60-74" : ">=75";
    String asa = p.getPatient().getAsaClass() <= 2 ? "ASA1-2" : "ASA3+";
    return p.getCondition().name() + "|" + p.getTechnique().name() + "|" + band + "|" + asa;
  }

  /** Sets the metric's slot; a null value leaves it unknown. */
  private static <V> void put(V[] values, Metric metric, V value) {
    values[metric.slot()] = value;
  }

  private static Metric metric(String id) {
    return MetricCatalogue.byId(id);
  }

  /** The metric of each timepoint whose id is the prefix followed by the timepoint's suffix. */
  private static Map<Timepoint, Metric> perTimepoint(String prefix, Iterable<Timepoint> timepoints) {
    Map<Timepoint, Metric> metrics = new EnumMap<>(Timepoint.class);
    for (Timepoint tp : timepoints) {
      metrics.put(tp, metric(prefix + MetricCatalogue.TIMEPOINT_SUFFIX.get(tp)));
    }
    return metrics;
  }

  private OutcomeFactsDeriver() {}
}
