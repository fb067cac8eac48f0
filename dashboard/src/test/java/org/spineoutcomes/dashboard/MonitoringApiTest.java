package org.spineoutcomes.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.CusumChart;
import org.spineoutcomes.schemas.ProviderPerformance;
import org.spineoutcomes.schemas.ProviderType;
import org.spineoutcomes.statistics.monitoring.FunnelLimits;
import org.spineoutcomes.statistics.monitoring.RiskAdjustedCusum;

/** GET /api/monitoring and /api/monitoring/series, from a state filled by hand. */
class MonitoringApiTest {

  private final DashboardState state = new DashboardState();
  private final DashboardApi api = new DashboardApi(state);

  private static JsonNode find(JsonNode list, String key) {
    for (JsonNode n : list) {
      if (n.path("key").asText().equals(key)) {
        return n;
      }
    }
    throw new AssertionError("no " + key + " in " + list);
  }

  /** Every number anywhere under a node. */
  private static List<String> numbers(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isNumber()) {
      out.add(node.asText());
    }
    node.forEach(child -> out.addAll(numbers(child)));
    return out;
  }

  @Test
  void aSuppressedProviderExposesNoNumberWhateverTheRecordHolds() {
    state.putProviderPerformance("hospital/H01", Fixtures.performance(ProviderType.HOSPITAL, "H01", null, 120, 9, 10.5, 120));
    state.putProviderPerformance("surgeon/H01-S02/OPEN",
        Fixtures.suppressedWithFigures(ProviderType.SURGEON, "H01-S02", Approach.OPEN));
    // Not flagged, but under 11 cases: suppressed all the same.
    state.putProviderPerformance("surgeon/H01-S03/MICROSCOPIC",
        Fixtures.performance(ProviderType.SURGEON, "H01-S03", Approach.MICROSCOPIC, 10, 1, 0.8, 10));

    ObjectNode doc = api.monitoring();
    for (String key : List.of("surgeon/H01-S02/OPEN", "surgeon/H01-S03/MICROSCOPIC")) {
      JsonNode s = find(doc.get("surgeons"), key);
      assertThat(s.get("suppressed").asBoolean()).isTrue();
      assertThat(numbers(s)).as(key).isEmpty();
      assertThat(s.size()).as("identity and the flag only: " + s).isEqualTo(6);
      JsonNode series = api.series(key).orElseThrow();
      assertThat(series.get("series")).as("no chart point of a suppressed provider").isEmpty();
      assertThat(numbers(series.get("provider"))).isEmpty();
    }
    assertThat(doc.toString()).doesNotContain("0.4321");
    assertThat(doc.get("funnel").get("surgeons")).as("no surgeon to draw a funnel for").isEmpty();

    JsonNode h = find(doc.get("hospitals"), "hospital/H01");
    assertThat(h.get("suppressed").asBoolean()).isFalse();
    assertThat(h.get("cases").asInt()).isEqualTo(120);
    assertThat(h.get("oe").asDouble()).isEqualTo(9 / 10.5);
    assertThat(h.get("points").asInt()).isEqualTo(120);
    assertThat(h.get("label").asText()).isEqualTo("H01");
    assertThat(find(doc.get("surgeons"), "surgeon/H01-S02/OPEN").get("label").asText()).isEqualTo("H01-S02 (open)");
    assertThat(doc.get("funnel").get("hospitals")).hasSize(MonitoringJson.CURVE_POINTS);
  }

  @Test
  void reportsTheModelAndPositionsEachProviderInItsFunnel() {
    state.putProviderPerformance("hospital/H01", Fixtures.performance(ProviderType.HOSPITAL, "H01", null, 150, 10, 10.0, 150));
    // 25 expected, 45 observed: far above the 99.8% limit
    state.putProviderPerformance("hospital/H02", Fixtures.performance(ProviderType.HOSPITAL, "H02", null, 300, 45, 25.0, 300));
    ObjectNode doc = api.monitoring();

    assertThat(doc.get("published").asBoolean()).isTrue();
    assertThat(doc.get("outcome").asText()).isEqualTo("complication_90d");
    assertThat(doc.get("model").get("published").asBoolean()).isTrue();
    assertThat(doc.get("model").get("fittedAt").asText()).isEqualTo(Fixtures.FITTED.toString());
    assertThat(doc.get("model").get("providersScored").asInt()).isEqualTo(2);
    assertThat(doc.get("model").get("rescoring").asBoolean()).isFalse();
    assertThat(doc.get("note").isNull()).isTrue();
    assertThat(find(doc.get("hospitals"), "hospital/H01").get("position").asText()).isEqualTo(MonitoringJson.WITHIN);
    assertThat(find(doc.get("hospitals"), "hospital/H02").get("position").asText()).isEqualTo(MonitoringJson.ABOVE_998);
    assertThat(doc.get("cusum").get("upperLimit").asDouble()).isEqualTo(4.5);
    assertThat(doc.get("cusum").get("lowerLimit").asDouble()).isEqualTo(4.0);

    // The limit curves are FunnelLimits' at each expected count, from half the smallest to 1.15 times the largest.
    JsonNode curve = doc.get("funnel").get("hospitals");
    assertThat(curve).hasSize(MonitoringJson.CURVE_POINTS);
    assertThat(curve.get(0).get("expected").asDouble()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(curve.get(curve.size() - 1).get("expected").asDouble())
        .isCloseTo(28.75, org.assertj.core.data.Offset.offset(1e-9));
    double previous = 0;
    for (JsonNode pt : curve) {
      double e = pt.get("expected").asDouble();
      assertThat(e).isGreaterThan(previous);
      previous = e;
      FunnelLimits f95 = FunnelLimits.forObservedExpected(e, FunnelLimits.COVERAGE_95);
      FunnelLimits f998 = FunnelLimits.forObservedExpected(e, FunnelLimits.COVERAGE_998);
      assertThat(pt.get("low95").asDouble()).isEqualTo(f95.lower());
      assertThat(pt.get("high95").asDouble()).isEqualTo(f95.upper());
      assertThat(pt.get("low998").asDouble()).isEqualTo(f998.lower());
      assertThat(pt.get("high998").asDouble()).isEqualTo(f998.upper());
      assertThat(f998.lower()).isLessThan(f95.lower());
      assertThat(f95.lower()).isLessThan(1);
      assertThat(f95.upper()).isGreaterThan(1).isLessThan(f998.upper());
    }
    assertThat(doc.get("hospitals")).hasSize(2);
  }

  @Test
  void withoutARiskModelSaysSoAndShowsObservedFiguresOnly() {
    state.putProviderPerformance("hospital/H01", Fixtures.unscored(ProviderType.HOSPITAL, "H01", null, 150, 12));
    ObjectNode doc = api.monitoring();
    assertThat(doc.get("published").asBoolean()).isTrue();
    assertThat(doc.get("model").get("published").asBoolean()).isFalse();
    assertThat(doc.get("model").get("fittedAt").isNull()).isTrue();
    assertThat(doc.get("note").asText()).contains("No risk model is published yet").contains("observed counts and rates");
    JsonNode h = find(doc.get("hospitals"), "hospital/H01");
    assertThat(h.get("cases").asInt()).isEqualTo(150);
    assertThat(h.get("observed").asInt()).isEqualTo(12);
    assertThat(h.get("rate").asDouble()).isEqualTo(12 / 150.0);
    for (String f : List.of("expected", "oe", "oeCiLow", "funnel95High", "position", "modelFittedAt")) {
      assertThat(h.get(f).isNull()).as(f).isTrue();
    }
    assertThat(h.get("points").asInt()).isZero();
    assertThat(doc.get("funnel").get("hospitals")).as("no funnel without expected counts").isEmpty();
  }

  @Test
  void aNewModelBeingRolledOutIsShownAsRescoring() {
    state.putProviderPerformance("hospital/H01", Fixtures.performance(ProviderType.HOSPITAL, "H01", null, 150, 10, 10.0, 150));
    ProviderPerformance older = Fixtures.performance(ProviderType.HOSPITAL, "H02", null, 150, 10, 10.0, 150);
    older.setModelFittedAt(Instant.parse("2026-01-31T08:00:00Z"));
    state.putProviderPerformance("hospital/H02", older);
    JsonNode model = api.monitoring().get("model");
    assertThat(model.get("fittedAt").asText()).isEqualTo(Fixtures.FITTED.toString());
    assertThat(model.get("providersScored").asInt()).isEqualTo(1);
    assertThat(model.get("rescoring").asBoolean()).isTrue();
  }

  @Test
  void nothingOnTheTopicsYet() {
    ObjectNode doc = api.monitoring();
    assertThat(doc.get("published").asBoolean()).isFalse();
    assertThat(doc.get("model").get("published").asBoolean()).isFalse();
    assertThat(doc.get("note").asText()).contains("No provider");
    assertThat(doc.get("hospitals")).isEmpty();
    assertThat(doc.get("alerts")).isEmpty();
    assertThat(api.status().get("monitoringPublished").asBoolean()).isFalse();
    assertThat(api.series("hospital/H01")).isEmpty();
  }

  @Test
  void servesAProvidersSeriesAndItsAlertsNewestFirst() {
    state.putProviderPerformance("surgeon/H01-S01/OPEN",
        Fixtures.performance(ProviderType.SURGEON, "H01-S01", Approach.OPEN, 60, 12, 4.2, 60));
    state.putProviderPerformance("hospital/H02", Fixtures.performance(ProviderType.HOSPITAL, "H02", null, 150, 10, 10.0, 150));
    state.putQualityAlert("surgeon/H01-S01/OPEN/UPPER/H01-PROC-000010", Fixtures.alert(ProviderType.SURGEON, "H01-S01",
        Approach.OPEN, CusumChart.UPPER, LocalDate.of(2025, 1, 20), "H01-PROC-000010"));
    state.putQualityAlert("surgeon/H01-S01/OPEN/UPPER/H01-PROC-000050", Fixtures.alert(ProviderType.SURGEON, "H01-S01",
        Approach.OPEN, CusumChart.UPPER, LocalDate.of(2025, 2, 25), "H01-PROC-000050"));
    state.putQualityAlert("hospital/H02/LOWER/H02-PROC-000001", Fixtures.alert(ProviderType.HOSPITAL, "H02", null,
        CusumChart.LOWER, LocalDate.of(2025, 2, 1), "H02-PROC-000001"));
    assertThat(api.status().get("monitoringPublished").asBoolean()).isTrue();

    JsonNode alerts = api.monitoring().get("alerts");
    assertThat(alerts).extracting(a -> a.get("signalledOn").asText())
        .containsExactly("2025-02-25", "2025-02-01", "2025-01-20");
    JsonNode first = alerts.get(0);
    assertThat(first.get("provider").asText()).isEqualTo("surgeon/H01-S01/OPEN");
    assertThat(first.get("chart").asText()).isEqualTo("UPPER");
    assertThat(first.get("value").asDouble()).isEqualTo(4.61);
    assertThat(first.get("limit").asDouble()).isEqualTo(4.5);
    assertThat(first.get("casesSinceReset").asInt()).isEqualTo(37);
    assertThat(first.get("observedSinceReset").asInt()).isEqualTo(9);
    assertThat(first.get("expectedSinceReset").asDouble()).isEqualTo(3.25);
    assertThat(first.get("casesForReview").asInt()).isEqualTo(1);
    assertThat(first.has("lastProcedureIds")).isFalse();

    JsonNode series = api.series("surgeon/H01-S01/OPEN").orElseThrow();
    assertThat(series.get("provider").get("key").asText()).isEqualTo("surgeon/H01-S01/OPEN");
    assertThat(series.get("series")).hasSize(60);
    assertThat(series.get("series").get(0).get("day").asText()).isEqualTo("2025-01-01");
    assertThat(series.get("series").get(59).get("cusumUpper").asDouble()).isEqualTo(0.1 * 59);
    assertThat(series.get("alerts")).as("this provider's only").hasSize(2);
    assertThat(series.get("cusum").get("upperLimit").asDouble()).isEqualTo(4.5);
  }

  @Test
  void drawsTheConfiguredCusumLimits() {
    RiskAdjustedCusum.Settings s = Dashboard.cusumSettings(Map.of("bootstrap.servers", "x:9092",
        "cusum.upper.limit", "5.5", "cusum.lower.odds.ratio", "0.4"));
    assertThat(s.upperLimit()).isEqualTo(5.5);
    assertThat(s.lowerOddsRatio()).isEqualTo(0.4);
    assertThat(s.upperOddsRatio()).isEqualTo(2);
    assertThat(s.lowerLimit()).isEqualTo(4);
    assertThat(new DashboardApi(state, s).monitoring().get("cusum").get("upperLimit").asDouble()).isEqualTo(5.5);
    assertThat(Dashboard.cusumSettings(Map.of())).isEqualTo(RiskAdjustedCusum.Settings.STEINER);
    assertThatThrownBy(() -> Dashboard.cusumSettings(Map.of("cusum.upper.limit", "high")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cusum.upper.limit");
  }
}
