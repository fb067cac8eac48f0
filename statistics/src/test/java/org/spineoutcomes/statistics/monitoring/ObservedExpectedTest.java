package org.spineoutcomes.statistics.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spineoutcomes.statistics.Close;
import org.spineoutcomes.statistics.Fixture;

class ObservedExpectedTest {

  /** Exact Poisson limits: a few ulps (the largest error seen is reported by Close). */
  static final double LIMITS = 2e-15;

  static Stream<Fixture> cases() {
    return Fixture.read("observed-expected.csv").stream();
  }

  @ParameterizedTest(name = "O={0}")
  @MethodSource("cases")
  void agreesWithPoissonTest(Fixture f) {
    long o = f.count("observed");
    double e = f.num("expected");
    ObservedExpected r = ObservedExpected.ratio(o, e);
    String id = "O=" + o + ",E=" + e + " oe.";
    Close.check(id + "ratio", r.ratio(), f.num("ratio"), 0);
    Close.check(id + "ciLow", r.ciLow(), f.num("ciLow"), LIMITS);
    Close.check(id + "ciHigh", r.ciHigh(), f.num("ciHigh"), LIMITS);
  }

  @Test
  void noExpectedEventsLeavesTheRatioUndefined() {
    ObservedExpected r = ObservedExpected.ratio(3, 0);
    assertThat(r.ratio()).isNaN();
    assertThat(r.ciLow()).isNaN();
    assertThat(r.ciHigh()).isNaN();
  }

  @Test
  void noObservedEventsHasLowerLimitZero() {
    ObservedExpected r = ObservedExpected.ratio(0, 2);
    assertThat(r.ciLow()).isZero();
    // qgamma(0.975, 1) = −log(0.025).
    assertThat(r.ciHigh()).isCloseTo(-Math.log((1 - 0.95) / 2) / 2, org.assertj.core.api.Assertions.within(1e-15));
  }

  @Test
  void wider998Interval() {
    ObservedExpected r95 = ObservedExpected.ratio(12, 7.5);
    ObservedExpected r998 = ObservedExpected.ratio(12, 7.5, 0.998);
    assertThat(r998.ciLow()).isLessThan(r95.ciLow());
    assertThat(r998.ciHigh()).isGreaterThan(r95.ciHigh());
  }

  @Test
  void rejectsImpossibleInput() {
    assertThatThrownBy(() -> ObservedExpected.ratio(-1, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ObservedExpected.ratio(1, -2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ObservedExpected.ratio(1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ObservedExpected.ratio(1, 2, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @AfterAll
  static void report() {
    System.out.println(Close.report());
  }
}
