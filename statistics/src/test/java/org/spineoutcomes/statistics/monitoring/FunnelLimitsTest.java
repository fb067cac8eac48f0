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

class FunnelLimitsTest {

  static final double LIMITS = 1e-12;

  static Stream<Fixture> cases() {
    return Fixture.read("funnel.csv").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void agreesWithR(Fixture f) {
    String kind = f.text("kind");
    double coverage = f.num("coverage");
    FunnelLimits limits = kind.equals("proportion")
        ? FunnelLimits.forProportion(f.num("target"), f.count("size"), coverage)
        : FunnelLimits.forObservedExpected(f.num("size"), coverage);
    String id = kind + "(" + f.num("target") + ", " + f.num("size") + ", " + coverage + ") funnel.";
    Close.check(id + kind + "Lower", limits.lower(), f.num("lower"), LIMITS);
    Close.check(id + kind + "Upper", limits.upper(), f.num("upper"), LIMITS);
    assertThat(limits.coverage()).isEqualTo(coverage);
  }

  @Test
  void limitsWidenWithCoverageAndNarrowWithSize() {
    FunnelLimits small = FunnelLimits.forProportion(0.05, 40, FunnelLimits.COVERAGE_95);
    FunnelLimits large = FunnelLimits.forProportion(0.05, 4000, FunnelLimits.COVERAGE_95);
    FunnelLimits outer = FunnelLimits.forProportion(0.05, 4000, FunnelLimits.COVERAGE_998);
    assertThat(large.upper()).isLessThan(small.upper());
    assertThat(outer.upper()).isGreaterThan(large.upper());
    assertThat(outer.lower()).isLessThan(large.lower());
    assertThat(large.lower()).isLessThan(0.05);
    assertThat(large.upper()).isGreaterThan(0.05);
  }

  @Test
  void classifiesProviders() {
    FunnelLimits limits = FunnelLimits.forProportion(0.05, 200, FunnelLimits.COVERAGE_95);
    assertThat(limits.isAbove(25 / 200.0)).isTrue();
    assertThat(limits.isAbove(10 / 200.0)).isFalse();
    assertThat(limits.isBelow(0.0)).isTrue();
    // A provider without events is never "above", even where r = 0 would put the raw formula below 0.
    FunnelLimits tiny = FunnelLimits.forProportion(0.003, 1, FunnelLimits.COVERAGE_95);
    assertThat(tiny.upper()).isZero();
    assertThat(tiny.isAbove(0.0)).isFalse();
  }

  @Test
  void degenerateInputs() {
    FunnelLimits none = FunnelLimits.forProportion(0.1, 0, 0.95);
    assertThat(none.lower()).isNaN();
    assertThat(none.upper()).isNaN();
    assertThat(none.isAbove(1)).isFalse();
    assertThat(FunnelLimits.forProportion(0, 50, 0.95)).isEqualTo(new FunnelLimits(0, 0.95, 0, 0));
    assertThat(FunnelLimits.forProportion(1, 50, 0.95)).isEqualTo(new FunnelLimits(1, 0.95, 1, 1));
    assertThat(FunnelLimits.forObservedExpected(0, 0.95).upper()).isNaN();
    assertThatThrownBy(() -> FunnelLimits.forProportion(1.1, 5, 0.95)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FunnelLimits.forProportion(0.1, -1, 0.95)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FunnelLimits.forProportion(0.1, 5, 95)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FunnelLimits.forObservedExpected(-1, 0.95)).isInstanceOf(IllegalArgumentException.class);
  }

  @AfterAll
  static void report() {
    System.out.println(Close.report());
  }
}
