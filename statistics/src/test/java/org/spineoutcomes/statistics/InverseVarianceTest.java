package org.spineoutcomes.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class InverseVarianceTest {

  static Stream<Fixture> cases() {
    return Fixture.read("inverse-variance.csv").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void agreesWithR(Fixture f) {
    List<StratumMeans> strata = new ArrayList<>();
    for (double[] s : Fixture.tuples(f.text("strata"))) {
      strata.add(new StratumMeans((long) s[0], s[1], s[2], (long) s[3], s[4], s[5]));
    }
    boolean pooled = f.text("variance").equals("pooled");
    InverseVarianceResult r = pooled ? InverseVariance.pooledVariance(strata)
        : InverseVariance.meanDifference(strata);
    String id = f.id() + " iv." + f.text("variance") + ".";
    assertThat(r.strata()).as(id + "strata").isEqualTo(f.count("used"));
    Pooled d = r.difference();
    Close.check(id + "estimate", d.estimate(), f.num("estimate"), Close.ESTIMATE);
    Close.check(id + "se", d.se(), f.num("se"), Close.ESTIMATE);
    Close.check(id + "ciLow", d.ciLow(), f.num("ciLow"), Close.ESTIMATE);
    Close.check(id + "ciHigh", d.ciHigh(), f.num("ciHigh"), Close.ESTIMATE);
    Close.check(id + "ciLow196", d.ciLow196(), f.num("ciLow196"), Close.ESTIMATE);
    Close.check(id + "ciHigh196", d.ciHigh196(), f.num("ciHigh196"), Close.ESTIMATE);
    Close.check(id + "zStatistic", r.zStatistic(), f.num("zStatistic"), Close.ESTIMATE);
    Close.check(id + "pValue", r.pValue(), f.num("pValue"), Close.P_VALUE);
  }

  @Test
  void noUsableStratumLeavesEverythingUndefined() {
    List<StratumMeans> unusable = List.of(new StratumMeans(1, 3, Double.NaN, 5, 2, 1),
        new StratumMeans(4, 7, 0, 3, 7, 0), new StratumMeans(0, Double.NaN, Double.NaN, 6, 3, 2));
    for (InverseVarianceResult r : List.of(InverseVariance.meanDifference(unusable),
        InverseVariance.pooledVariance(unusable), InverseVariance.meanDifference(List.of()))) {
      assertThat(r.strata()).isZero();
      assertThat(r.difference()).isEqualTo(Pooled.UNDEFINED);
      assertThat(r.zStatistic()).isNaN();
      assertThat(r.pValue()).isNaN();
    }
  }

  @Test
  void oneStratumIsTheNormalApproximationOfWelch() {
    Descriptives micro = Descriptives.of(12, 15, 11, 19, 14);
    Descriptives open = Descriptives.of(20, 17, 25, 22);
    InverseVarianceResult r = InverseVariance.meanDifference(List.of(StratumMeans.of(micro, open)));
    WelchResult welch = Welch.compare(open, micro);
    assertThat(r.difference().estimate()).isEqualTo(welch.difference());
    assertThat(r.difference().se()).isCloseTo(welch.se(), org.assertj.core.api.Assertions.within(1e-15));
    assertThat(r.nMicro()).isEqualTo(5);
    assertThat(r.nOpen()).isEqualTo(4);
  }

  @AfterAll
  static void report() {
    System.out.println(Close.report());
  }
}
