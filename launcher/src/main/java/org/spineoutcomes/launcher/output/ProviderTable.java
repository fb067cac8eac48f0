package org.spineoutcomes.launcher.output;

import java.util.Map;
import org.spineoutcomes.schemas.ProviderPerformance;
import org.spineoutcomes.schemas.ProviderType;
import org.spineoutcomes.schemas.QualityAlert;

/** A console view of provider monitoring: hospitals' risk-adjusted O/E, and the CUSUM alerts. */
public final class ProviderTable {

  public static String render(Map<String, ProviderPerformance> performance, Map<String, QualityAlert> alerts) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%-10s %7s %9s %9s %22s %18s %s%n", "hospital", "cases", "observed", "expected",
        "O/E (95% CI)", "99.8% funnel", "position"));
    for (ProviderPerformance p : performance.values()) {
      if (p.getProviderType() != ProviderType.HOSPITAL) {
        continue;
      }
      if (p.getSuppressed()) {
        sb.append(String.format("%-10s %7s%n", p.getProviderId(), "suppressed (< 11 cases)"));
      } else if (p.getOe() == null) {
        sb.append(String.format("%-10s %7d %9d %9s  (no risk model yet)%n", p.getProviderId(), p.getCases(),
            p.getObserved(), ""));
      } else {
        String position = p.getOe() > p.getFunnel998High() ? "ABOVE 99.8% limit"
            : p.getOe() > p.getFunnel95High() ? "above 95% limit"
            : p.getOe() < p.getFunnel998Low() ? "BELOW 99.8% limit"
            : p.getOe() < p.getFunnel95Low() ? "below 95% limit" : "within limits";
        sb.append(String.format("%-10s %7d %9d %9.1f %8.2f (%5.2f, %5.2f) %8.2f - %5.2f %s%n", p.getProviderId(),
            p.getCases(), p.getObserved(), p.getExpected(), p.getOe(), p.getOeCiLow(), p.getOeCiHigh(),
            p.getFunnel998Low(), p.getFunnel998High(), position));
      }
    }
    sb.append(alerts.isEmpty() ? "No CUSUM alerts.\n" : String.format("%d CUSUM alerts:%n", alerts.size()));
    for (QualityAlert a : alerts.values()) {
      sb.append(String.format("  %-8s %-10s %-11s %-5s chart signalled on %s (value %.2f >= %.1f) after %d cases: "
          + "%d complications observed, %.1f expected%n", a.getProviderType(), a.getProviderId(),
          a.getApproach() == null ? "" : a.getApproach(), a.getChart(), a.getSignalledOn(), Math.abs(a.getValue()),
          a.getLimit(), a.getCasesSinceReset(), a.getObservedSinceReset(), a.getExpectedSinceReset()));
    }
    return sb.toString();
  }

  private ProviderTable() {}
}
