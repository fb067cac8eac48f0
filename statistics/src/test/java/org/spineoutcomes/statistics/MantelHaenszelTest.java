package org.spineoutcomes.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MantelHaenszelTest {

  static Stream<Fixture> cases() {
    return Fixture.read("mantel-haenszel.csv").stream();
  }

  static List<Table2x2> strata(Fixture f) {
    List<Table2x2> out = new ArrayList<>();
    for (double[] t : Fixture.tuples(f.text("strata"))) {
      out.add(new Table2x2((long) t[0], (long) t[1], (long) t[2], (long) t[3]));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void agreesWithR(Fixture f) {
    MantelHaenszelResult r = MantelHaenszel.pool(strata(f));
    String id = f.id() + " mh.";
    assertThat(r.strata()).as(id + "strata").isEqualTo(f.count("used"));
    checkPooled(id + "rr", r.relativeRisk(), f, "rr", "rrSeLog", "rrCiLow", "rrCiHigh", "rrCiLow196",
        "rrCiHigh196");
    checkPooled(id + "rd", r.riskDifference(), f, "rd", "rdSe", "rdCiLow", "rdCiHigh", "rdCiLow196",
        "rdCiHigh196");
    checkPooled(id + "or", r.oddsRatio(), f, "or", "orSeLog", "orCiLow", "orCiHigh", "orCiLow196",
        "orCiHigh196");
    Close.check(id + "cmhStatistic", r.cmhStatistic(), f.num("cmhStatistic"), Close.ESTIMATE);
    Close.check(id + "pValue", r.pValue(), f.num("pValue"), Close.P_VALUE);
    Close.check(id + "cmhStatisticCorrected", r.cmhStatisticCorrected(), f.num("cmhStatisticCorrected"),
        Close.ESTIMATE);
    Close.check(id + "pValueCorrected", r.pValueCorrected(), f.num("pValueCorrected"), Close.P_VALUE);
  }

  private static void checkPooled(String id, Pooled p, Fixture f, String estimate, String se, String low,
      String high, String low196, String high196) {
    Close.check(id + "." + estimate, p.estimate(), f.num(estimate), Close.ESTIMATE);
    Close.check(id + "." + se, p.se(), f.num(se), Close.ESTIMATE);
    Close.check(id + "." + low, p.ciLow(), f.num(low), Close.ESTIMATE);
    Close.check(id + "." + high, p.ciHigh(), f.num(high), Close.ESTIMATE);
    Close.check(id + "." + low196, p.ciLow196(), f.num(low196), Close.ESTIMATE);
    Close.check(id + "." + high196, p.ciHigh196(), f.num(high196), Close.ESTIMATE);
  }

  /**
   * Published worked example: Mantel (1963) penicillin and rabbits, the example of R's
   * {@code ?mantelhaen.test} (also Agresti, Categorical Data Analysis): "Mantel-Haenszel X-squared = 3.9286,
   * df = 1, p-value = 0.04747", common odds ratio 7 with 95% CI 1.026713 to 47.725133.
   */
  @Test
  void reproducesThePenicillinAndRabbitsExample() {
    // Per penicillin level: cured/total with immediate injection (exposed), cured/total with 1.5 h delay.
    List<Table2x2> rabbits = List.of(new Table2x2(0, 6, 0, 5), new Table2x2(3, 6, 0, 6),
        new Table2x2(6, 6, 2, 6), new Table2x2(5, 6, 6, 6), new Table2x2(2, 2, 5, 5));
    MantelHaenszelResult r = MantelHaenszel.pool(rabbits);
    assertThat(r.cmhStatisticCorrected()).isCloseTo(3.9286, within(5e-5));
    assertThat(r.pValueCorrected()).isCloseTo(0.04747, within(5e-6));
    assertThat(r.oddsRatio().estimate()).isCloseTo(7.0, within(1e-12));
    assertThat(r.oddsRatio().ciLow()).isCloseTo(1.026713, within(5e-7));
    assertThat(r.oddsRatio().ciHigh()).isCloseTo(47.725133, within(5e-7));
  }

  @Test
  void strataWithOneArmOnlyChangeNothing() {
    List<Table2x2> both = List.of(new Table2x2(3, 10, 1, 8), new Table2x2(2, 5, 2, 9));
    List<Table2x2> withSingles = List.of(new Table2x2(1, 1, 0, 0), both.get(0), new Table2x2(0, 0, 4, 7),
        new Table2x2(0, 0, 0, 1), both.get(1), new Table2x2(0, 0, 0, 0));
    assertThat(MantelHaenszel.pool(withSingles)).isEqualTo(MantelHaenszel.pool(both));
  }

  @Test
  void orderOfStrataDoesNotMatterBeyondRounding() {
    List<Table2x2> strata = strata(Fixture.read("mantel-haenszel.csv").stream()
        .filter(f -> f.id().equals("m15_many_strata")).findFirst().orElseThrow());
    MantelHaenszelResult forward = MantelHaenszel.pool(strata);
    List<Table2x2> shuffled = new ArrayList<>(strata);
    Collections.shuffle(shuffled, new Random(7));
    MantelHaenszelResult other = MantelHaenszel.pool(shuffled);
    assertThat(other.relativeRisk().estimate())
        .isCloseTo(forward.relativeRisk().estimate(), within(1e-14 * forward.relativeRisk().estimate()));
    assertThat(other.pValue()).isCloseTo(forward.pValue(), within(1e-14));
  }

  @Test
  void noStrataLeavesEverythingUndefined() {
    MantelHaenszelResult r = MantelHaenszel.pool(List.of());
    assertThat(r.strata()).isZero();
    assertThat(r.relativeRisk()).isEqualTo(Pooled.UNDEFINED);
    assertThat(r.riskDifference()).isEqualTo(Pooled.UNDEFINED);
    assertThat(r.oddsRatio()).isEqualTo(Pooled.UNDEFINED);
    assertThat(List.of(r.cmhStatistic(), r.pValue(), r.cmhStatisticCorrected(), r.pValueCorrected()))
        .allMatch(v -> v.isNaN());
  }

  @Test
  void impossibleCountsAreRejected() {
    assertThatThrownBy(() -> MantelHaenszel.pool(List.of(new Table2x2(4, 3, 0, 2))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @AfterAll
  static void report() {
    System.out.println(Close.report());
  }
}
