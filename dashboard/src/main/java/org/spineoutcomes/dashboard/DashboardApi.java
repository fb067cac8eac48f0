package org.spineoutcomes.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.ProviderPerformance;
import org.spineoutcomes.schemas.ProviderType;
import org.spineoutcomes.schemas.RejectionReason;
import org.spineoutcomes.schemas.Topics;
import org.spineoutcomes.statistics.monitoring.RiskAdjustedCusum;

/** The JSON documents of the /api endpoints, built from the state (no HTTP here). */
public final class DashboardApi {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final String OVERALL = "overall";
  static final String ALL = "all";

  private final DashboardState state;
  private final RiskAdjustedCusum.Settings cusum;

  public DashboardApi(DashboardState state) {
    this(state, RiskAdjustedCusum.Settings.STEINER);
  }

  /** An API whose CUSUM charts draw the limits of {@code cusum} (the streams' cusum.* design). */
  public DashboardApi(DashboardState state, RiskAdjustedCusum.Settings cusum) {
    this.state = state;
    this.cusum = cusum;
  }

  /** GET /api/status: the reader's progress, counts and the version that pushes announce. */
  public ObjectNode status() {
    ObjectNode n = NODES.objectNode();
    n.put("version", state.version());
    n.put("caughtUp", state.caughtUp());
    n.put("startedAt", state.startedAt().toString());
    n.put("lastChange", state.lastChange() == null ? null : state.lastChange().toString());
    n.put("comparisons", state.comparisons().size());
    n.put("problem", state.problem());
    ObjectNode topics = n.putObject("topics");
    state.progress().forEach((name, p) -> {
      ObjectNode t = topics.putObject(name);
      t.put("present", p.present());
      t.put("partitions", p.partitions());
      t.put("recordsRead", p.recordsRead());
      t.put("caughtUp", p.caughtUp());
    });
    n.put("monitoringPublished", !state.providerPerformance().isEmpty());
    return n;
  }

  /** GET /api/headline: the overall comparison of each headline metric, in order (null where none yet). */
  public ObjectNode headline() {
    ObjectNode n = NODES.objectNode();
    n.put("version", state.version());
    ArrayNode metrics = n.putArray("metrics");
    for (String metric : Metrics.HEADLINE) {
      ObjectNode m = metrics.addObject();
      m.set("metric", info(metric));
      String key = Topics.comparisonKey(OVERALL, ALL, metric);
      m.set("comparison", state.comparison(key).map(c -> ComparisonJson.toJson(key, c)).orElse(null));
    }
    return n;
  }

  /** GET /api/metrics: the metrics and the strata of each dimension present on the topic. */
  public ObjectNode metrics() {
    Set<String> metricIds = new TreeSet<>(Comparator.comparingInt(Metrics::order).thenComparing(s -> s));
    Map<String, Set<String>> values = new TreeMap<>();
    Metrics.DIMENSIONS.forEach(d -> values.put(d, new TreeSet<>()));
    Map<String, String> kinds = new TreeMap<>();
    state.comparisons().values().forEach(c -> {
      metricIds.add(c.getMetric());
      kinds.put(c.getMetric(), c.getKind().name());
      if (!OVERALL.equals(c.getDimension())) {
        values.computeIfAbsent(c.getDimension(), d -> new TreeSet<>()).add(c.getValue());
      }
    });
    ObjectNode n = NODES.objectNode();
    ArrayNode ms = n.putArray("metrics");
    metricIds.forEach(id -> {
      ObjectNode m = info(id);
      m.put("kind", kinds.get(id));
      m.put("headline", Metrics.HEADLINE.contains(id));
      ms.add(m);
    });
    ObjectNode dims = n.putObject("dimensions");
    values.forEach((d, vs) -> {
      ArrayNode a = dims.putArray(d);
      vs.forEach(a::add);
    });
    return n;
  }

  /** GET /api/strata?dimension=D&amp;metric=M: the overall comparison and every stratum of D, sorted by value. */
  public ObjectNode strata(String dimension, String metric) {
    ObjectNode n = NODES.objectNode();
    n.put("version", state.version());
    n.put("dimension", dimension);
    n.set("metric", info(metric));
    String overallKey = Topics.comparisonKey(OVERALL, ALL, metric);
    n.set("overall", state.comparison(overallKey).map(c -> ComparisonJson.toJson(overallKey, c)).orElse(null));
    ArrayNode strata = n.putArray("strata");
    String prefix = dimension + "/";
    String suffix = "/" + metric;
    state.comparisons().forEach((key, c) -> {
      if (key.startsWith(prefix) && key.endsWith(suffix) && c.getDimension().equals(dimension)
          && c.getMetric().equals(metric)) {
        strata.add(ComparisonJson.toJson(key, c));
      }
    });
    return n;
  }

  /** GET /api/comparisons[?dimension=&amp;metric=&amp;value=]: every comparison matching the filters. */
  public ArrayNode comparisons(String dimension, String value, String metric) {
    ArrayNode a = NODES.arrayNode();
    state.comparisons().forEach((key, c) -> {
      if (matches(dimension, c.getDimension()) && matches(value, c.getValue()) && matches(metric, c.getMetric())) {
        a.add(ComparisonJson.toJson(key, c));
      }
    });
    return a;
  }

  /** GET /api/comparisons/{dimension}/{value}/{metric}: one comparison, if present. */
  public Optional<ObjectNode> comparison(String dimension, String value, String metric) {
    String key = Topics.comparisonKey(dimension, value, metric);
    return state.comparison(key).map(c -> ComparisonJson.toJson(key, c));
  }

  /**
   * GET /api/data-quality: records accepted on the input topics, dead letters by reason, and the records the streams
   * set aside as undecodable (written to an input topic around the ingest; null before that topic exists).
   */
  public ObjectNode dataQuality() {
    ObjectNode n = NODES.objectNode();
    n.put("version", state.version());
    ObjectNode accepted = n.putObject("accepted");
    Map<String, Long> records = state.inputRecords();
    long total = 0;
    for (Topics.Topic<?, ?> t : java.util.List.of(Topics.PROCEDURES, Topics.FOLLOW_UPS, Topics.CONSENT_WITHDRAWALS)) {
      Long r = records.get(t.name());
      accepted.put(t.name(), r);
      total += r == null ? 0 : r;
    }
    n.put("acceptedTotal", total);
    n.put("setAside", records.get(Topics.UNDECODABLE_INPUT.name()));
    ObjectNode dead = n.putObject("deadLettered");
    dead.put("total", state.deadLettersTotal());
    ObjectNode byReason = dead.putObject("byReason");
    Map<RejectionReason, Long> counts = state.deadLettersByReason();
    counts.forEach((r, c) -> byReason.put(r.name(), c));
    ObjectNode completeness = n.putObject("followUpCompleteness");
    ArrayNode rows = NODES.arrayNode();
    boolean published = false;
    for (String metric : Metrics.COMPLETENESS) {
      Optional<OutcomeComparison> c = state.comparison(Topics.comparisonKey(OVERALL, ALL, metric));
      if (c.isEmpty()) {
        continue;
      }
      ObjectNode row = rows.addObject();
      row.set("metric", info(metric));
      ObjectNode open = ComparisonJson.arm(c.get().getOpen());
      ObjectNode micro = ComparisonJson.arm(c.get().getMicroscopic());
      row.set("open", completenessOnly(open));
      row.set("microscopic", completenessOnly(micro));
      published |= open.hasNonNull("due") || micro.hasNonNull("due");
    }
    completeness.put("published", published);
    completeness.set("metrics", rows);
    if (!published) {
      completeness.put("note", "Follow-up completeness is not on the topic (yet); every figure shows its n per "
          + "arm meanwhile.");
    }
    return n;
  }

  /**
   * GET /api/monitoring: provider monitoring of 90-day complications, from the compacted topics
   * provider-performance and quality-alerts. Chart points are left out (GET /api/monitoring/series has them):
   * <pre>
   * {
   *   "version": 42,
   *   "published": true,                  // any provider on provider-performance
   *   "outcome": "complication_90d",      // null while none is
   *   "model": {                          // the risk model the providers were scored with
   *     "published": true,                // false: observed counts and rates only, no expected, O/E or charts
   *     "fittedAt": "2026-11-24T20:10:00Z",   // newest model any provider was scored with, or null
   *     "providersScored": 12,            // non-suppressed providers scored with it
   *     "rescoring": false                // some non-suppressed provider not (yet) scored with it
   *   },
   *   "note": "...",                      // why figures are missing (no provider yet, no model yet), or null
   *   "cusum": {"upperOddsRatio": 2, "upperLimit": 4.5, "lowerOddsRatio": 0.5, "lowerLimit": 4},
   *   "hospitals": [PROVIDER, ...],       // sorted by key; suppressed ones included, as suppressed
   *   "surgeons": [PROVIDER, ...],        // one per surgeon and approach
   *   "funnel": {                         // limit curves for O/E around 1 over the range of expected counts
   *     "target": 1, "coverages": [0.95, 0.998],
   *     "hospitals": [{"expected": 2.9, "low95": 0.21, "high95": 2.2, "low998": 0.03, "high998": 3.4}, ...],
   *     "surgeons": [...]                 // empty without a non-suppressed provider with an expected count
   *   },
   *   "alerts": [ALERT, ...]              // newest signal first
   * }
   * PROVIDER, suppressed (fewer than 11 scored cases): identity only, never a figure
   *   {"key": "surgeon/H01-S01/OPEN", "type": "SURGEON", "id": "H01-S01", "approach": "OPEN",
   *    "label": "H01-S01 (open)", "suppressed": true}
   * PROVIDER, otherwise: identity, "suppressed": false, and
   *   "cases", "observed",                 // scored cases (90-day window observed), observed complications
   *   "expected", "oe", "oeCiLow", "oeCiHigh",   // expected complications, O/E with its exact 95% CI
   *   "funnel95Low", "funnel95High", "funnel998Low", "funnel998High",   // limits at this expected count
   *   "rate", "expectedRate", "cusumUpper", "cusumLower", "upperSignals", "lowerSignals",
   *   "points", "firstDay", "lastDay",     // chart points published (at most 500) and their span
   *   "position": "above-99.8" | "above-95" | "within" | "below-95" | "below-99.8",
   *   "modelFittedAt", "computedAt"
   *   (without a model: expected, O/E, limits, CUSUMs, position and modelFittedAt are null, points 0)
   * ALERT: {"provider": "surgeon/H01-S01/OPEN", "type", "id", "approach", "label", "chart": "UPPER" | "LOWER",
   *   "signalledOn": "2025-03-02" (day of surgery of the case that crossed), "value", "limit", "oddsRatio",
   *   "casesSinceReset", "observedSinceReset", "expectedSinceReset", "casesForReview" (how many cases the alert
   *   lists for case review; their procedure ids are never served), "computedAt"}
   * </pre>
   */
  public ObjectNode monitoring() {
    Map<String, ProviderPerformance> all = state.providerPerformance();
    ObjectNode n = NODES.objectNode();
    n.put("version", state.version());
    n.put("published", !all.isEmpty());
    n.put("outcome", all.values().stream().map(ProviderPerformance::getOutcome).findFirst().orElse(null));

    Instant fittedAt = null;
    for (ProviderPerformance p : all.values()) {
      Instant f = MonitoringJson.suppressed(p) ? null : p.getModelFittedAt();
      if (f != null && (fittedAt == null || f.isAfter(fittedAt))) {
        fittedAt = f;
      }
    }
    int scored = 0;
    int other = 0;
    for (ProviderPerformance p : all.values()) {
      if (!MonitoringJson.suppressed(p)) {
        if (fittedAt != null && fittedAt.equals(p.getModelFittedAt())) {
          scored++;
        } else {
          other++;
        }
      }
    }
    ObjectNode model = n.putObject("model");
    model.put("published", fittedAt != null);
    model.put("fittedAt", fittedAt == null ? null : fittedAt.toString());
    model.put("providersScored", scored);
    model.put("rescoring", fittedAt != null && other > 0);
    if (all.isEmpty()) {
      n.put("note", "No provider is on the provider-performance topic yet.");
    } else if (fittedAt == null) {
      n.put("note", "No risk model is published yet, so there are no expected complications: providers show "
          + "observed counts and rates only, with no O/E, funnel plot, CUSUM or VLAD. Run fit-risk-model (or "
          + "publish a RiskModel to risk-models) and every provider is re-scored.");
    } else {
      n.putNull("note");
    }
    n.set("cusum", MonitoringJson.cusum(cusum));

    ArrayNode hospitals = n.putArray("hospitals");
    ArrayNode surgeons = n.putArray("surgeons");
    all.forEach((key, p) -> (p.getProviderType() == ProviderType.HOSPITAL ? hospitals : surgeons)
        .add(MonitoringJson.provider(key, p)));
    ObjectNode funnel = n.putObject("funnel");
    funnel.put("target", 1);
    funnel.putArray("coverages").add(0.95).add(0.998);
    funnel.set("hospitals", curve(all, ProviderType.HOSPITAL));
    funnel.set("surgeons", curve(all, ProviderType.SURGEON));

    ArrayNode alerts = n.putArray("alerts");
    state.alerts().forEach(a -> alerts.add(MonitoringJson.alert(a)));
    return n;
  }

  /**
   * GET /api/monitoring/series?provider=KEY: one provider's charts, KEY as in /api/monitoring ("hospital/H01",
   * "surgeon/H01-S01/OPEN"):
   * <pre>
   * {"version": 42, "provider": PROVIDER, "cusum": {...as above},
   *  "series": [{"day": "2025-01-03", "vlad": 0.04, "cusumUpper": 0, "cusumLower": -0.05}, ...],  // oldest first
   *  "alerts": [ALERT, ...]}             // this provider's, newest first
   * </pre>
   * A suppressed provider has no series; a provider not on the topic is empty (404).
   */
  public Optional<ObjectNode> series(String providerKey) {
    return state.providerPerformance(providerKey).map(p -> {
      ObjectNode n = NODES.objectNode();
      n.put("version", state.version());
      n.set("provider", MonitoringJson.provider(providerKey, p));
      n.set("cusum", MonitoringJson.cusum(cusum));
      n.set("series", MonitoringJson.series(p));
      ArrayNode alerts = n.putArray("alerts");
      state.alerts().stream().filter(a -> a.providerKey().equals(providerKey))
          .forEach(a -> alerts.add(MonitoringJson.alert(a)));
      return n;
    });
  }

  /** The funnel's limit curves over the expected counts of the non-suppressed providers of one type. */
  private static ArrayNode curve(Map<String, ProviderPerformance> all, ProviderType type) {
    List<Double> expected = all.values().stream()
        .filter(p -> p.getProviderType() == type && !MonitoringJson.suppressed(p) && p.getOe() != null)
        .map(ProviderPerformance::getExpected)
        .filter(e -> e != null && e > 0 && Double.isFinite(e))
        .toList();
    if (expected.isEmpty()) {
      return NODES.arrayNode();
    }
    return MonitoringJson.funnelCurve(expected.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
        expected.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
  }

  /** An arm's n, due and completeness (n / due), or just {"suppressed": true}. */
  private static ObjectNode completenessOnly(ObjectNode arm) {
    if (arm.path("suppressed").asBoolean()) {
      return arm;
    }
    ObjectNode o = NODES.objectNode();
    o.put("suppressed", false);
    for (String f : new String[] {"n", "due", "completeness"}) {
      o.set(f, arm.hasNonNull(f) ? arm.get(f) : NODES.nullNode());
    }
    return o;
  }

  private static ObjectNode info(String metric) {
    Metrics.Info i = Metrics.info(metric);
    ObjectNode m = NODES.objectNode();
    m.put("id", i.id());
    m.put("label", i.label());
    m.put("unit", i.unit());
    m.put("decimals", i.decimals());
    m.put("lowerIsBetter", i.lowerIsBetter());
    return m;
  }

  private static boolean matches(String filter, String actual) {
    return filter == null || filter.isBlank() || filter.equals(actual);
  }
}
