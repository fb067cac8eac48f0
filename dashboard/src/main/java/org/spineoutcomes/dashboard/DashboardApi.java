package org.spineoutcomes.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.RejectionReason;
import org.spineoutcomes.schemas.Topics;

/** The JSON documents of the /api endpoints, built from the state (no HTTP here). */
public final class DashboardApi {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final String OVERALL = "overall";
  static final String ALL = "all";

  private final DashboardState state;

  public DashboardApi(DashboardState state) {
    this.state = state;
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
    n.put("monitoringPublished", false);
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

  /** GET /api/data-quality: records accepted on the input topics, dead letters by reason. */
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

  /** GET /api/monitoring: provider monitoring (funnel plots, CUSUM, alerts), not read by the dashboard yet. */
  public ObjectNode monitoring() {
    ObjectNode n = NODES.objectNode();
    n.put("published", false);
    n.put("note", "Provider monitoring (funnel plots of hospitals and surgeons, CUSUM charts, alerts) is not "
        + "shown by the dashboard yet; it will appear here once the dashboard reads its compacted topics.");
    return n;
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
