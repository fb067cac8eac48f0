package org.spineoutcomes.streams.publication;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.schemas.AdjustedComparison;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.ArmFigures;
import org.spineoutcomes.schemas.MetricKind;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.PooledEstimate;
import org.spineoutcomes.schemas.Topics;

class PublicationRuleTest {

  private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

  private static String key(String dimension, String value) {
    return Topics.comparisonKey(dimension, value, "blood_loss_ml");
  }

  private static ArmFigures arm(int n, double mean) {
    return ArmFigures.newBuilder().setSuppressed(false).setN(n).setMean(mean).setSd(12.5).setMedian(mean - 1)
        .setQ1(mean - 8).setQ3(mean + 9).setDue(n + 10).setCompleteness(n / (n + 10.0)).build();
  }

  static OutcomeComparison continuous(String dimension, String value, int nOpen, double meanOpen, int nMicro,
      double meanMicro) {
    double diff = meanMicro - meanOpen;
    return OutcomeComparison.newBuilder()
        .setDimension(dimension).setValue(value).setMetric("blood_loss_ml").setKind(MetricKind.CONTINUOUS)
        .setSuppressed(false).setOpen(arm(nOpen, meanOpen)).setMicroscopic(arm(nMicro, meanMicro))
        .setDifference(diff).setCiLow(diff - 5).setCiHigh(diff + 5).setPValue(0.0123).setHedgesG(-0.4)
        .setTStatistic(-3.1).setDf(120.5)
        .setAdjusted(AdjustedComparison.newBuilder().setSuppressed(false).setStrata(7).setN(nOpen + nMicro)
            .setNOpen(nOpen).setNMicroscopic(nMicro).setNPatients(nOpen + nMicro)
            .setMeanDifference(new PooledEstimate(diff + 1, 2.0, diff - 3, diff + 5)).setPValue(0.02).build())
        .setComputedAt(AT).build();
  }

  /** A stratum whose microscopic arm has fewer than 11 procedures, as the analysis topic holds it. */
  static OutcomeComparison suppressedMicroscopic(String dimension, String value) {
    return OutcomeComparison.newBuilder()
        .setDimension(dimension).setValue(value).setMetric("blood_loss_ml").setKind(MetricKind.CONTINUOUS)
        .setSuppressed(true).setOpen(arm(40, 300)).setMicroscopic(ArmFigures.newBuilder().setSuppressed(true).build())
        .setAdjusted(AdjustedComparison.newBuilder().setSuppressed(true).build())
        .setComputedAt(AT).build();
  }

  @Test
  void aLoneSuppressedArmTakesTheNextSmallestStratumWithIt() {
    Map<String, OutcomeComparison> group = new TreeMap<>();
    group.put(key("hospital", "H01"), continuous("hospital", "H01", 60, 300, 30, 80));
    group.put(key("hospital", "H02"), continuous("hospital", "H02", 40, 300, 12, 80));
    group.put(key("hospital", "H03"), continuous("hospital", "H03", 40, 300, 25, 80));
    group.put(key("hospital", "H04"), suppressedMicroscopic("hospital", "H04"));

    Map<String, OutcomeComparison> published = PublicationRule.publish(group);

    // H04's microscopic n (72 - 30 - 12 - 25 = 5) would follow from the overall; H02's, the smallest, goes too
    OutcomeComparison h02 = published.get(key("hospital", "H02"));
    assertThat(h02.getMicroscopic()).isEqualTo(ArmFigures.newBuilder().setSuppressed(true).build());
    assertThat(h02.getSuppressed()).isTrue();
    assertThat(h02.getDifference()).isNull();
    assertThat(h02.getPValue()).isNull();
    assertThat(h02.getAdjusted().getSuppressed()).isTrue();
    assertThat(h02.getAdjusted().getMeanDifference()).isNull();
    assertThat(h02.getOpen().getN()).as("the other arm still shows").isEqualTo(40);
    assertThat(published.get(key("hospital", "H01"))).isEqualTo(group.get(key("hospital", "H01")));
    assertThat(published.get(key("hospital", "H03"))).isEqualTo(group.get(key("hospital", "H03")));
    assertThat(group.get(key("hospital", "H02")).getMicroscopic().getN()).as("the input is not changed")
        .isEqualTo(12);
  }

  @Test
  void nothingMoreWhenNoneOrSeveralArmsAreSuppressed() {
    Map<String, OutcomeComparison> none = new TreeMap<>();
    none.put(key("region", "LUMBAR"), continuous("region", "LUMBAR", 60, 3, 30, 8));
    none.put(key("region", "CERVICAL"), continuous("region", "CERVICAL", 20, 3, 15, 8));
    assertThat(PublicationRule.publish(none)).isEqualTo(none);

    Map<String, OutcomeComparison> several = new TreeMap<>();
    several.put(key("condition", "A"), suppressedMicroscopic("condition", "A"));
    several.put(key("condition", "B"), suppressedMicroscopic("condition", "B"));
    several.put(key("condition", "C"), continuous("condition", "C", 60, 3, 30, 8));
    assertThat(PublicationRule.publish(several)).isEqualTo(several);
  }

  @Test
  void theOverallStratumIsNeverSuppressedToProtectOthers() {
    Map<String, OutcomeComparison> group = new TreeMap<>();
    group.put(key("overall", "all"), continuous("overall", "all", 140, 300, 72, 80));
    Map<String, PublicationRule.Arms> arms = new TreeMap<>();
    group.forEach((k, c) -> arms.put(k, PublicationRule.Arms.of(c)));
    assertThat(PublicationRule.complementary(arms)).isEmpty();
  }

  @Test
  void anAdjustedEstimateOnFewerThanElevenProceduresOfAnApproachIsNotPublished() {
    OutcomeComparison c = continuous("hospital", "H03", 48, 900, 24, 90);
    c.setAdjusted(AdjustedComparison.newBuilder(c.getAdjusted()).setNOpen(2).setNMicroscopic(2).setN(4)
        .setNPatients(4).build());
    OutcomeComparison published = PublicationRule.publish(Map.of(key("hospital", "H03"), c))
        .get(key("hospital", "H03"));
    assertThat(published.getAdjusted()).isEqualTo(AdjustedComparison.newBuilder().setSuppressed(true).build());
    assertThat(published.getDifference()).as("the crude comparison still shows").isEqualTo(c.getDifference());

    OutcomeComparison eleven = continuous("hospital", "H05", 48, 900, 24, 90);
    eleven.setAdjusted(AdjustedComparison.newBuilder(eleven.getAdjusted()).setNOpen(11).setNMicroscopic(11).build());
    assertThat(PublicationRule.publish(Map.of(key("hospital", "H05"), eleven)).get(key("hospital", "H05")))
        .isEqualTo(eleven);
  }

  @Test
  void aGroupIsTheDimensionAndMetricWhateverTheValueHolds() {
    assertThat(ComparisonPublisher.groupOf("hospital/H/01/odi_month3")).isEqualTo("hospital/odi_month3");
    assertThat(ComparisonPublisher.groupOf(Topics.comparisonKey("overall", "all", "blood_loss_ml")))
        .isEqualTo("overall/blood_loss_ml");
  }
}
