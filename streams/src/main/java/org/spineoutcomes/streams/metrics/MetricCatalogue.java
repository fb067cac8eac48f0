package org.spineoutcomes.streams.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spineoutcomes.schemas.MetricKind;
import org.spineoutcomes.schemas.Timepoint;

/**
 * Every metric the pipeline compares, in the order they are reported. Identifiers are a public contract. The order
 * within each kind is also the order of the slots in which stored facts hold metric values ({@link MetricValues}):
 * a new metric goes after the others of its kind, or stored facts change meaning (a test pins the slots).
 */
public final class MetricCatalogue {

  /** Timepoints in visit order, with the suffix used in metric ids. */
  public static final Map<Timepoint, String> TIMEPOINT_SUFFIX;

  /** Timepoints at which patient-reported success (responders) is assessed. */
  public static final List<Timepoint> RESPONDER_TIMEPOINTS = List.of(Timepoint.MONTH_3, Timepoint.MONTH_12);

  /** Days after surgery at which each visit is due. */
  public static final Map<Timepoint, Integer> DUE_DAYS = Map.of(Timepoint.DISCHARGE, 0, Timepoint.WEEK_2, 14,
      Timepoint.WEEK_6, 42, Timepoint.MONTH_3, 91, Timepoint.MONTH_6, 182, Timepoint.MONTH_12, 365);

  public static final List<Metric> ALL;
  /** The continuous metrics, in catalogue order: each one's {@link Metric#slot()} is its index here. */
  public static final List<Metric> CONTINUOUS;
  /** The binary metrics, in catalogue order: each one's {@link Metric#slot()} is its index here. */
  public static final List<Metric> BINARY;

  private static final Map<String, Metric> BY_ID = new LinkedHashMap<>();

  static {
    Map<Timepoint, String> suffix = new LinkedHashMap<>();
    suffix.put(Timepoint.DISCHARGE, "discharge");
    suffix.put(Timepoint.WEEK_2, "week2");
    suffix.put(Timepoint.WEEK_6, "week6");
    suffix.put(Timepoint.MONTH_3, "month3");
    suffix.put(Timepoint.MONTH_6, "month6");
    suffix.put(Timepoint.MONTH_12, "month12");
    TIMEPOINT_SUFFIX = Collections.unmodifiableMap(suffix);

    List<Metric> all = new ArrayList<>();
    all.add(continuous("blood_loss_ml", "mL", "estimated intraoperative blood loss", null));
    all.add(continuous("operative_time_min", "min", "skin-to-skin operative time", null));
    all.add(continuous("incision_length_mm", "mm", "skin incision length", null));
    all.add(continuous("length_of_stay_days", "days", "length of stay, from the DISCHARGE follow-up",
        Timepoint.DISCHARGE));
    all.add(continuous("days_to_normal_activity", "days",
        "days to normal activity, from the latest timepoint that reports it", null));
    for (Map.Entry<Timepoint, String> tp : suffix.entrySet()) {
      all.add(continuous("back_pain_nrs_" + tp.getValue(), "NRS 0-10", "back pain at " + tp.getValue(),
          tp.getKey()));
    }
    for (Map.Entry<Timepoint, String> tp : suffix.entrySet()) {
      all.add(continuous("leg_pain_nrs_" + tp.getValue(), "NRS 0-10", "leg pain at " + tp.getValue(),
          tp.getKey()));
    }
    for (Map.Entry<Timepoint, String> tp : suffix.entrySet()) {
      all.add(continuous("odi_" + tp.getValue(), "ODI 0-100", "Oswestry Disability Index at " + tp.getValue(),
          tp.getKey()));
    }
    Timepoint window = Timepoint.MONTH_3;
    all.add(binary("complication_90d",
        "any intraoperative complication or follow-up complication with onset day <= 90; 90-day window observed",
        window));
    all.add(binary("infection_90d", "infection, intraoperative or onset day <= 90; 90-day window observed",
        window));
    all.add(binary("nerve_injury_90d", "nerve injury, intraoperative or onset day <= 90; 90-day window observed",
        window));
    all.add(binary("reoperation_90d", "reoperation, intraoperative or onset day <= 90; 90-day window observed",
        window));
    all.add(binary("incomplete_resolution",
        "incomplete resolution reported at any follow-up; 90-day window observed", window));
    all.add(binary("dural_tear", "intraoperative dural tear; all procedures", null));
    for (Timepoint tp : RESPONDER_TIMEPOINTS) {
      String s = suffix.get(tp);
      all.add(binary("odi_mcid_" + s, "ODI improved from baseline by >= 10 points or >= 30% at " + s, tp));
      all.add(binary("leg_pain_mcid_" + s, "leg pain NRS improved from baseline by >= 2 points at " + s, tp));
      all.add(binary("back_pain_mcid_" + s, "back pain NRS improved from baseline by >= 2 points at " + s, tp));
    }
    // Slots are numbered once the whole catalogue is listed.
    List<Metric> continuous = new ArrayList<>();
    List<Metric> binary = new ArrayList<>();
    List<Metric> slotted = new ArrayList<>();
    for (Metric m : all) {
      List<Metric> ofKind = m.continuous() ? continuous : binary;
      Metric withSlot = new Metric(m.id(), m.kind(), m.unit(), m.definition(), m.dueAt(), ofKind.size());
      ofKind.add(withSlot);
      slotted.add(withSlot);
    }
    ALL = List.copyOf(slotted);
    CONTINUOUS = List.copyOf(continuous);
    BINARY = List.copyOf(binary);
    ALL.forEach(m -> BY_ID.put(m.id(), m));
  }

  public static Metric byId(String id) {
    Metric m = BY_ID.get(id);
    if (m == null) {
      throw new IllegalArgumentException("Unknown metric '" + id + "'");
    }
    return m;
  }

  private static Metric continuous(String id, String unit, String definition, Timepoint dueAt) {
    return new Metric(id, MetricKind.CONTINUOUS, unit, definition, dueAt, -1);
  }

  private static Metric binary(String id, String definition, Timepoint dueAt) {
    return new Metric(id, MetricKind.BINARY, "proportion", definition, dueAt, -1);
  }

  private MetricCatalogue() {}
}
