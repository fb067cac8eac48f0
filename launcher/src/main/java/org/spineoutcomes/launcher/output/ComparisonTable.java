package org.spineoutcomes.launcher.output;

import java.util.List;
import java.util.Map;
import org.spineoutcomes.schemas.ArmFigures;
import org.spineoutcomes.schemas.MetricKind;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.Topics;

/** A console table of the overall comparisons of the headline metrics. */
public final class ComparisonTable {

  /** Headline metrics a quality lead looks at first. */
  public static final List<String> HEADLINE = List.of("blood_loss_ml", "operative_time_min", "incision_length_mm",
      "length_of_stay_days", "days_to_normal_activity", "back_pain_nrs_week2", "leg_pain_nrs_week2",
      "odi_month12", "complication_90d", "dural_tear", "infection_90d", "odi_mcid_month12");

  public static String render(Map<String, OutcomeComparison> comparisons) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%-24s %20s %20s %30s %10s %14s%n", "overall metric", "OPEN", "MICROSCOPIC",
        "MICRO - OPEN (95% CI)", "p", "adjusted"));
    for (String metric : HEADLINE) {
      OutcomeComparison c = comparisons.get(Topics.comparisonKey("overall", "all", metric));
      if (c == null) {
        sb.append(String.format("%-24s %20s%n", metric, "(no data yet)"));
        continue;
      }
      boolean continuous = c.getKind() == MetricKind.CONTINUOUS;
      String diff = c.getSuppressed() || c.getDifference() == null ? "suppressed (n < 11)"
          : continuous ? String.format("%.2f (%.2f, %.2f)", c.getDifference(), c.getCiLow(), c.getCiHigh())
          : String.format("%+.1f%% (%+.1f, %+.1f)", 100 * c.getDifference(), 100 * c.getCiLow(),
              100 * c.getCiHigh());
      String adjusted = "";
      if (c.getAdjusted() != null && !c.getAdjusted().getSuppressed()) {
        if (continuous && c.getAdjusted().getMeanDifference() != null) {
          adjusted = String.format("%.2f", c.getAdjusted().getMeanDifference().getEstimate());
        } else if (!continuous && c.getAdjusted().getRiskDifference() != null) {
          adjusted = String.format("%+.1f%%", 100 * c.getAdjusted().getRiskDifference().getEstimate());
        }
      }
      sb.append(String.format("%-24s %20s %20s %30s %10s %14s%n", metric, arm(c.getOpen(), continuous),
          arm(c.getMicroscopic(), continuous), diff, p(c.getPValue()), adjusted));
    }
    return sb.toString();
  }

  private static String arm(ArmFigures a, boolean continuous) {
    if (a.getSuppressed()) {
      return "suppressed";
    }
    return continuous ? String.format("%.1f (n=%d)", a.getMean(), a.getN())
        : String.format("%.1f%% (%d/%d)", 100 * a.getRate(), a.getEvents(), a.getN());
  }

  private static String p(Double p) {
    if (p == null) {
      return "";
    }
    return p < 0.0001 ? "<0.0001" : String.format("%.4f", p);
  }

  private ComparisonTable() {}
}
