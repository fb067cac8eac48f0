package org.spineoutcomes.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.MonitoringPoint;
import org.spineoutcomes.schemas.ProviderPerformance;
import org.spineoutcomes.schemas.ProviderType;
import org.spineoutcomes.statistics.monitoring.FunnelLimits;
import org.spineoutcomes.statistics.monitoring.RiskAdjustedCusum;

/**
 * Provider monitoring as the API serves it. The suppression rule is enforced here whatever the record holds: a
 * provider published as suppressed, or with fewer than {@link #MIN_CASES} scored cases, is its identity and
 * {"suppressed": true}, no figure and no chart point. An alert never carries procedure ids (the state does not
 * keep them), only how many cases it listed for review. Non-finite numbers become null.
 */
public final class MonitoringJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** No provider figure rests on fewer scored cases than this (the pipeline's rule, enforced again here). */
  public static final int MIN_CASES = 11;
  /** Points of each funnel limit curve. */
  static final int CURVE_POINTS = 61;

  /** Where a provider's O/E lies against its own funnel limits. */
  static final String ABOVE_998 = "above-99.8";
  static final String ABOVE_95 = "above-95";
  static final String WITHIN = "within";
  static final String BELOW_95 = "below-95";
  static final String BELOW_998 = "below-99.8";

  /** Whether the API shows no figure of this provider. */
  public static boolean suppressed(ProviderPerformance p) {
    return p.getSuppressed() || p.getCases() == null || p.getCases() < MIN_CASES;
  }

  /** A provider's summary: identity, and unless suppressed its figures and where it lies in the funnel. */
  static ObjectNode provider(String key, ProviderPerformance p) {
    ObjectNode n = NODES.objectNode();
    n.put("key", key);
    n.put("type", p.getProviderType().name());
    n.put("id", p.getProviderId());
    n.put("approach", p.getApproach() == null ? null : p.getApproach().name());
    n.put("label", label(p.getProviderType(), p.getProviderId(), p.getApproach()));
    boolean suppressed = suppressed(p);
    n.put("suppressed", suppressed);
    if (suppressed) {
      return n;
    }
    n.put("cases", p.getCases());
    n.put("observed", p.getObserved());
    put(n, "expected", p.getExpected());
    put(n, "oe", p.getOe());
    put(n, "oeCiLow", p.getOeCiLow());
    put(n, "oeCiHigh", p.getOeCiHigh());
    put(n, "funnel95Low", p.getFunnel95Low());
    put(n, "funnel95High", p.getFunnel95High());
    put(n, "funnel998Low", p.getFunnel998Low());
    put(n, "funnel998High", p.getFunnel998High());
    put(n, "rate", p.getRate());
    put(n, "expectedRate", p.getExpectedRate());
    put(n, "cusumUpper", p.getCusumUpper());
    put(n, "cusumLower", p.getCusumLower());
    n.put("upperSignals", p.getUpperSignals());
    n.put("lowerSignals", p.getLowerSignals());
    List<MonitoringPoint> series = p.getSeries() == null ? List.of() : p.getSeries();
    n.put("points", series.size());
    n.put("firstDay", series.isEmpty() ? null : series.get(0).getDay().toString());
    n.put("lastDay", series.isEmpty() ? null : series.get(series.size() - 1).getDay().toString());
    n.put("position", position(p));
    n.put("modelFittedAt", instant(p.getModelFittedAt()));
    n.put("computedAt", instant(p.getComputedAt()));
    return n;
  }

  /** The chart points of a provider, oldest first; none for a suppressed provider. */
  static ArrayNode series(ProviderPerformance p) {
    ArrayNode a = NODES.arrayNode();
    if (suppressed(p) || p.getSeries() == null) {
      return a;
    }
    for (MonitoringPoint m : p.getSeries()) {
      ObjectNode o = a.addObject();
      o.put("day", m.getDay().toString());
      put(o, "vlad", m.getVlad());
      put(o, "cusumUpper", m.getCusumUpper());
      put(o, "cusumLower", m.getCusumLower());
    }
    return a;
  }

  /** An alert: who, which chart, when, its value and limit, and what it counted since the chart's last reset. */
  static ObjectNode alert(DashboardState.Alert a) {
    ObjectNode n = NODES.objectNode();
    n.put("provider", a.providerKey());
    n.put("type", a.providerType().name());
    n.put("id", a.providerId());
    n.put("approach", a.approach() == null ? null : a.approach().name());
    n.put("label", label(a.providerType(), a.providerId(), a.approach()));
    n.put("chart", a.chart().name());
    n.put("signalledOn", a.signalledOn().toString());
    put(n, "value", a.value());
    put(n, "limit", a.limit());
    put(n, "oddsRatio", a.oddsRatio());
    n.put("casesSinceReset", a.casesSinceReset());
    n.put("observedSinceReset", a.observedSinceReset());
    put(n, "expectedSinceReset", a.expectedSinceReset());
    n.put("casesForReview", a.casesForReview());
    n.put("computedAt", instant(a.computedAt()));
    return n;
  }

  /** The CUSUM design the page draws the limits of. */
  static ObjectNode cusum(RiskAdjustedCusum.Settings s) {
    ObjectNode n = NODES.objectNode();
    n.put("upperOddsRatio", s.upperOddsRatio());
    n.put("upperLimit", s.upperLimit());
    n.put("lowerOddsRatio", s.lowerOddsRatio());
    n.put("lowerLimit", s.lowerLimit());
    return n;
  }

  /**
   * The funnel's 95% and 99.8% limits for O/E around 1 (FunnelLimits.forObservedExpected: exact Poisson
   * quantiles with Spiegelhalter's interpolation), at {@link #CURVE_POINTS} expected counts spaced evenly on a log
   * scale from half the smallest expected count to 1.15 times the largest (denser where the funnel bends). Empty
   * when there is no positive expected count.
   */
  static ArrayNode funnelCurve(double minExpected, double maxExpected) {
    ArrayNode a = NODES.arrayNode();
    if (!(minExpected > 0) || !(maxExpected >= minExpected) || Double.isInfinite(maxExpected)) {
      return a;
    }
    double from = minExpected / 2;
    double to = maxExpected * 1.15;
    double step = Math.log(to / from) / (CURVE_POINTS - 1);
    for (int i = 0; i < CURVE_POINTS; i++) {
      double e = i == CURVE_POINTS - 1 ? to : from * Math.exp(step * i);
      FunnelLimits f95 = FunnelLimits.forObservedExpected(e, FunnelLimits.COVERAGE_95);
      FunnelLimits f998 = FunnelLimits.forObservedExpected(e, FunnelLimits.COVERAGE_998);
      if (!Double.isFinite(f95.lower()) || !Double.isFinite(f95.upper()) || !Double.isFinite(f998.lower())
          || !Double.isFinite(f998.upper())) {
        continue;
      }
      ObjectNode o = a.addObject();
      o.put("expected", e);
      o.put("low95", f95.lower());
      o.put("high95", f95.upper());
      o.put("low998", f998.lower());
      o.put("high998", f998.upper());
    }
    return a;
  }

  /** Where O/E lies against the provider's own funnel limits; null without a model (or a figure missing). */
  static String position(ProviderPerformance p) {
    Double oe = p.getOe();
    if (oe == null || p.getFunnel95Low() == null || p.getFunnel95High() == null || p.getFunnel998Low() == null
        || p.getFunnel998High() == null) {
      return null;
    }
    if (oe > p.getFunnel998High()) {
      return ABOVE_998;
    }
    if (oe > p.getFunnel95High()) {
      return ABOVE_95;
    }
    if (oe < p.getFunnel998Low()) {
      return BELOW_998;
    }
    if (oe < p.getFunnel95Low()) {
      return BELOW_95;
    }
    return WITHIN;
  }

  /** "H01" for a hospital, "H01-S01 (open)" for a surgeon with an approach. */
  static String label(ProviderType type, String id, Approach approach) {
    if (type == ProviderType.HOSPITAL || approach == null) {
      return id;
    }
    return id + " (" + approach.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }

  private static void put(ObjectNode n, String name, Double v) {
    if (v == null || v.isNaN() || v.isInfinite()) {
      n.putNull(name);
    } else {
      n.put(name, v);
    }
  }

  private static String instant(Instant i) {
    return i == null ? null : i.toString();
  }

  private MonitoringJson() {}
}
