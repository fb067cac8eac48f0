package org.spineoutcomes.streams.metrics;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.HashMap;
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

    Map<String, Integer> continuous = new HashMap<>();
    continuous.put("blood_loss_ml", p.getEstimatedBloodLossMl());
    continuous.put("operative_time_min", p.getOperativeTimeMin());
    continuous.put("incision_length_mm", p.getIncisionLengthMm());
    FollowUpRecorded discharge = byTimepoint.get(Timepoint.DISCHARGE);
    if (discharge != null && discharge.getLengthOfStayDays() != null) {
      continuous.put("length_of_stay_days", discharge.getLengthOfStayDays());
    }
    Integer daysToNormal = null;
    for (FollowUpRecorded f : byTimepoint.values()) { // EnumMap iterates in visit order: the latest wins
      if (f.getDaysToNormalActivity() != null) {
        daysToNormal = f.getDaysToNormalActivity();
      }
    }
    if (daysToNormal != null) {
      continuous.put("days_to_normal_activity", daysToNormal);
    }
    for (Map.Entry<Timepoint, FollowUpRecorded> e : byTimepoint.entrySet()) {
      String tp = MetricCatalogue.TIMEPOINT_SUFFIX.get(e.getKey());
      FollowUpRecorded f = e.getValue();
      putIfKnown(continuous, "back_pain_nrs_" + tp, f.getBackPainNrs());
      putIfKnown(continuous, "leg_pain_nrs_" + tp, f.getLegPainNrs());
      putIfKnown(continuous, "odi_" + tp, f.getOdi());
    }

    Map<String, Boolean> binary = new HashMap<>();
    List<ComplicationType> intraop = p.getIntraoperativeComplications();
    binary.put("dural_tear", intraop.contains(ComplicationType.DURAL_TEAR));
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
      binary.put("complication_90d", any);
      binary.put("infection_90d", infection);
      binary.put("nerve_injury_90d", nerve);
      binary.put("reoperation_90d", reoperation);
      binary.put("incomplete_resolution", incomplete);
    }
    for (Timepoint tp : MetricCatalogue.RESPONDER_TIMEPOINTS) {
      FollowUpRecorded f = byTimepoint.get(tp);
      if (f == null) {
        continue;
      }
      String s = MetricCatalogue.TIMEPOINT_SUFFIX.get(tp);
      if (f.getOdi() != null) {
        int base = p.getBaseline().getOdi();
        int improvement = base - f.getOdi();
        // >= 30% of baseline, compared in integers to avoid 0.3 * base rounding at the boundary
        binary.put("odi_mcid_" + s, improvement >= 10 || 10 * improvement >= 3 * base);
      }
      if (f.getLegPainNrs() != null) {
        binary.put("leg_pain_mcid_" + s, p.getBaseline().getLegPainNrs() - f.getLegPainNrs() >= 2);
      }
      if (f.getBackPainNrs() != null) {
        binary.put("back_pain_mcid_" + s, p.getBaseline().getBackPainNrs() - f.getBackPainNrs() >= 2);
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
        .setContinuous(continuous)
        .setBinary(binary)
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

  private static void putIfKnown(Map<String, Integer> map, String key, Integer value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private OutcomeFactsDeriver() {}
}
