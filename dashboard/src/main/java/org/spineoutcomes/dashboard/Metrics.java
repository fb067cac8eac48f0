package org.spineoutcomes.dashboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the page names and formats the metrics it finds on the published-comparisons topic. The metric
 * identifiers are the pipeline's public contract (see the README); a metric not described here is still
 * shown, under its identifier.
 */
public final class Metrics {

  /** A metric as the page shows it: a label, its unit, decimals for means, and which direction is better. */
  public record Info(String id, String label, String unit, int decimals, boolean lowerIsBetter) {}

  /**
   * The headline for a quality lead, in this order: blood loss, early pain, recovery (days to normal
   * activity, length of stay) and the 90-day complication rate.
   */
  public static final List<String> HEADLINE = List.of("blood_loss_ml", "back_pain_nrs_week2",
      "leg_pain_nrs_week2", "days_to_normal_activity", "length_of_stay_days", "complication_90d");

  /**
   * Follow-up completeness is shown for one metric per visit (ODI is asked at every visit), the length of stay
   * (the discharge record) and the 90-day complication window.
   */
  public static final List<String> COMPLETENESS = List.of("length_of_stay_days", "odi_discharge", "odi_week2",
      "odi_week6", "complication_90d", "odi_month3", "odi_month6", "odi_month12");

  /** The dimensions the pipeline stratifies by, besides "overall", in the order the page offers them. */
  public static final List<String> DIMENSIONS = List.of("hospital", "condition", "technique", "region", "quarter");

  private static final Map<String, String> TIMEPOINTS = new LinkedHashMap<>();
  private static final Map<String, Info> KNOWN = new LinkedHashMap<>();

  static {
    TIMEPOINTS.put("discharge", "at discharge");
    TIMEPOINTS.put("week2", "at 2 weeks");
    TIMEPOINTS.put("week6", "at 6 weeks");
    TIMEPOINTS.put("month3", "at 3 months");
    TIMEPOINTS.put("month6", "at 6 months");
    TIMEPOINTS.put("month12", "at 12 months");
    put("blood_loss_ml", "Blood loss", "mL", 0, true);
    put("operative_time_min", "Operative time", "min", 0, true);
    put("incision_length_mm", "Incision length", "mm", 0, true);
    put("length_of_stay_days", "Length of stay", "days", 1, true);
    put("days_to_normal_activity", "Days to normal activity", "days", 1, true);
    TIMEPOINTS.forEach((suffix, when) -> {
      put("back_pain_nrs_" + suffix, "Back pain " + when, "NRS 0-10", 2, true);
      put("leg_pain_nrs_" + suffix, "Leg pain " + when, "NRS 0-10", 2, true);
      put("odi_" + suffix, "ODI " + when, "ODI 0-100", 1, true);
    });
    put("complication_90d", "90-day complications", "%", 1, true);
    put("infection_90d", "90-day infection", "%", 1, true);
    put("nerve_injury_90d", "90-day nerve injury", "%", 1, true);
    put("reoperation_90d", "90-day reoperation", "%", 1, true);
    put("incomplete_resolution", "Incomplete resolution", "%", 1, true);
    put("dural_tear", "Dural tear", "%", 1, true);
    for (String suffix : List.of("month3", "month12")) {
      String when = TIMEPOINTS.get(suffix);
      put("odi_mcid_" + suffix, "ODI responders " + when, "%", 1, false);
      put("leg_pain_mcid_" + suffix, "Leg pain responders " + when, "%", 1, false);
      put("back_pain_mcid_" + suffix, "Back pain responders " + when, "%", 1, false);
    }
  }

  private static void put(String id, String label, String unit, int decimals, boolean lowerIsBetter) {
    KNOWN.put(id, new Info(id, label, unit, decimals, lowerIsBetter));
  }

  /** The page's description of a metric; an unknown identifier is shown as it is. */
  public static Info info(String id) {
    Info known = KNOWN.get(id);
    return known != null ? known
        : new Info(id, id.replace('_', ' ').toLowerCase(Locale.ROOT), "", 2, true);
  }

  /** The position of a known metric in the pipeline's order, so lists keep that order; unknown ones last. */
  public static int order(String id) {
    int i = 0;
    for (String known : KNOWN.keySet()) {
      if (known.equals(id)) {
        return i;
      }
      i++;
    }
    return Integer.MAX_VALUE;
  }

  private Metrics() {}
}
