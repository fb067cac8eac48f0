package org.spineoutcomes.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.schemas.AdjustedComparison;
import org.spineoutcomes.schemas.ArmFigures;
import org.spineoutcomes.schemas.OutcomeComparison;

class ComparisonJsonTest {

  @Test
  void servesEveryFigureOfAComparisonUnderTheSchemasNames() {
    OutcomeComparison c = Fixtures.continuous("hospital", "H01", "blood_loss_ml", 40, 300.25, 45, 120.5);
    ObjectNode json = ComparisonJson.toJson("hospital/H01/blood_loss_ml", c);

    assertThat(json.get("key").asText()).isEqualTo("hospital/H01/blood_loss_ml");
    assertThat(json.get("kind").asText()).isEqualTo("CONTINUOUS");
    assertThat(json.get("open").get("n").asInt()).isEqualTo(40);
    assertThat(json.get("open").get("mean").asDouble()).isEqualTo(300.25);
    assertThat(json.get("open").get("due").asInt()).isEqualTo(50);
    assertThat(json.get("difference").asDouble()).isEqualTo(c.getDifference());
    assertThat(json.get("pValue").asDouble()).isEqualTo(0.0123);
    assertThat(json.get("adjusted").get("meanDifference").get("estimate").asDouble())
        .isEqualTo(c.getAdjusted().getMeanDifference().getEstimate());
    assertThat(json.get("computedAt").asText()).isEqualTo("2026-03-01T12:00:00Z");
  }

  @Test
  void aSuppressedArmShowsNoNumberEvenIfTheRecordHadOne() {
    // A record breaking the contract (figures beside suppressed = true) must still not leak them.
    ArmFigures leaky = ArmFigures.newBuilder(Fixtures.arm(7, 250.0)).setSuppressed(true).build();
    OutcomeComparison c = OutcomeComparison.newBuilder(Fixtures.continuous("region", "THORACIC", "blood_loss_ml",
        40, 300, 7, 250)).setMicroscopic(leaky).setSuppressed(false).build();

    ObjectNode json = ComparisonJson.toJson("region/THORACIC/blood_loss_ml", c);

    assertThat(json.get("microscopic")).isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper()
        .valueToTree(Map.of("suppressed", true)));
    assertThat(json.get("suppressed").asBoolean()).as("either arm suppressed = comparison suppressed").isTrue();
    for (String f : List.of("difference", "ciLow", "ciHigh", "pValue", "hedgesG", "tStatistic", "df")) {
      assertThat(json.get(f).isNull()).as(f).isTrue();
    }
    assertThat(json.get("adjusted").size()).isEqualTo(1);
    assertThat(json.get("adjusted").get("suppressed").asBoolean()).isTrue();
    assertThat(numbersUnderSuppressed(json)).isEmpty();
    assertThat(json.get("open").get("n").asInt()).as("the other arm keeps its figures").isEqualTo(40);
  }

  @Test
  void aSuppressedAdjustedComparisonShowsNoNumber() {
    OutcomeComparison base = Fixtures.continuous("condition", "SPINAL_TUMOR", "odi_week6", 30, 40, 31, 35);
    OutcomeComparison c = OutcomeComparison.newBuilder(base)
        .setAdjusted(AdjustedComparison.newBuilder(base.getAdjusted()).setSuppressed(true).build()).build();
    ObjectNode json = ComparisonJson.toJson("condition/SPINAL_TUMOR/odi_week6", c);
    assertThat(json.get("adjusted").size()).isEqualTo(1);
    assertThat(numbersUnderSuppressed(json)).isEmpty();
  }

  @Test
  void theStrataDocumentNeverShowsANumberForASuppressedCell() {
    DashboardState state = new DashboardState();
    state.putComparison("overall/all/blood_loss_ml",
        Fixtures.continuous("overall", "all", "blood_loss_ml", 200, 300, 210, 120));
    state.putComparison("condition/HERNIATED_DISC/blood_loss_ml",
        Fixtures.continuous("condition", "HERNIATED_DISC", "blood_loss_ml", 100, 280, 120, 110));
    state.putComparison("condition/SPINAL_TUMOR/blood_loss_ml",
        Fixtures.suppressedMicroscopic("condition", "SPINAL_TUMOR", "blood_loss_ml"));

    ObjectNode doc = new DashboardApi(state).strata("condition", "blood_loss_ml");

    assertThat(doc.get("strata")).hasSize(2);
    JsonNode tumour = doc.get("strata").get(1);
    assertThat(tumour.get("value").asText()).isEqualTo("SPINAL_TUMOR");
    assertThat(tumour.get("microscopic").get("suppressed").asBoolean()).isTrue();
    assertThat(tumour.get("difference").isNull()).isTrue();
    assertThat(numbersUnderSuppressed(doc)).isEmpty();
  }

  @Test
  void nonFiniteFiguresBecomeNull() {
    OutcomeComparison c = OutcomeComparison.newBuilder(
        Fixtures.continuous("overall", "all", "dural_tear", 40, 1, 45, 2)).setRelativeRisk(Double.POSITIVE_INFINITY)
        .setPValue(Double.NaN).build();
    ObjectNode json = ComparisonJson.toJson("overall/all/dural_tear", c);
    assertThat(json.get("relativeRisk").isNull()).isTrue();
    assertThat(json.get("pValue").isNull()).isTrue();
  }

  /** Paths of numbers found inside any object that says "suppressed": true. */
  static List<String> numbersUnderSuppressed(JsonNode node) {
    List<String> found = new ArrayList<>();
    walk(node, "$", false, found);
    return found;
  }

  private static void walk(JsonNode node, String path, boolean suppressed, List<String> found) {
    if (node.isNumber() && suppressed) {
      found.add(path);
    }
    if (node.isObject()) {
      boolean s = suppressed || node.path("suppressed").asBoolean(false) && !node.has("key");
      node.fields().forEachRemaining(e -> walk(e.getValue(), path + "." + e.getKey(), s, found));
      if (node.has("key") && node.path("suppressed").asBoolean(false)) {
        // A suppressed comparison: no comparison figure at its own level.
        node.fields().forEachRemaining(e -> {
          if (e.getValue().isNumber()) {
            found.add(path + "." + e.getKey());
          }
        });
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path + "[" + i + "]", suppressed, found);
      }
    }
  }
}
