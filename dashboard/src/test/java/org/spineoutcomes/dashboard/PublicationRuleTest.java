package org.spineoutcomes.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.schemas.AdjustedComparison;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.Topics;

class PublicationRuleTest {

  private static String key(String dimension, String value) {
    return Topics.comparisonKey(dimension, value, "blood_loss_ml");
  }

  @Test
  void aLoneSuppressedArmTakesTheNextSmallestStratumWithIt() {
    Map<String, OutcomeComparison> comparisons = new TreeMap<>();
    comparisons.put(key("overall", "all"), Fixtures.continuous("overall", "all", "blood_loss_ml", 140, 300, 72, 80));
    comparisons.put(key("hospital", "H01"), Fixtures.continuous("hospital", "H01", "blood_loss_ml", 60, 300, 30, 80));
    comparisons.put(key("hospital", "H02"), Fixtures.continuous("hospital", "H02", "blood_loss_ml", 40, 300, 12, 80));
    comparisons.put(key("hospital", "H03"), Fixtures.continuous("hospital", "H03", "blood_loss_ml", 40, 300, 25, 80));
    comparisons.put(key("hospital", "H04"), Fixtures.suppressedMicroscopic("hospital", "H04", "blood_loss_ml"));

    Set<PublicationRule.Arm> extra = PublicationRule.complementary(comparisons);

    // H04's microscopic n (72 - 30 - 12 - 25 = 5) would follow from the others; H02's, the smallest, goes too
    assertThat(extra).containsExactly(new PublicationRule.Arm(key("hospital", "H02"), Approach.MICROSCOPIC));
    ObjectNode h02 = ComparisonJson.toJson(key("hospital", "H02"), comparisons.get(key("hospital", "H02")), extra);
    assertThat(h02.get("microscopic").size()).isEqualTo(1);
    assertThat(h02.get("microscopic").get("suppressed").asBoolean()).isTrue();
    assertThat(h02.get("suppressed").asBoolean()).isTrue();
    assertThat(h02.get("difference").isNull()).isTrue();
    assertThat(h02.get("open").get("n").asInt()).as("the other arm still shows").isEqualTo(40);
  }

  @Test
  void nothingMoreWhenNoneOrSeveralArmsAreSuppressed() {
    Map<String, OutcomeComparison> comparisons = new TreeMap<>();
    comparisons.put(key("region", "LUMBAR"), Fixtures.continuous("region", "LUMBAR", "blood_loss_ml", 60, 3, 30, 8));
    comparisons.put(key("region", "CERVICAL"), Fixtures.continuous("region", "CERVICAL", "blood_loss_ml", 20, 3, 15, 8));
    assertThat(PublicationRule.complementary(comparisons)).isEmpty();
    comparisons.put(key("condition", "A"), Fixtures.suppressedMicroscopic("condition", "A", "blood_loss_ml"));
    comparisons.put(key("condition", "B"), Fixtures.suppressedMicroscopic("condition", "B", "blood_loss_ml"));
    comparisons.put(key("condition", "C"), Fixtures.continuous("condition", "C", "blood_loss_ml", 60, 3, 30, 8));
    assertThat(PublicationRule.complementary(comparisons)).isEmpty();
  }

  @Test
  void anAdjustedEstimateOnFewerThanElevenProceduresOfAnApproachIsNotShown() {
    OutcomeComparison c = Fixtures.continuous("hospital", "H03", "blood_loss_ml", 48, 900, 24, 90);
    c.setAdjusted(AdjustedComparison.newBuilder(c.getAdjusted()).setNOpen(2).setNMicroscopic(2).setN(4)
        .setNPatients(4).build());
    ObjectNode json = ComparisonJson.toJson(key("hospital", "H03"), c);
    assertThat(json.get("adjusted").size()).isEqualTo(1);
    assertThat(json.get("adjusted").get("suppressed").asBoolean()).isTrue();
    assertThat(json.get("difference").isNull()).as("the crude comparison still shows").isFalse();
  }
}
