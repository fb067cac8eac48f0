package org.spineoutcomes.statistics.riskmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spineoutcomes.statistics.Fixture;

class CStatisticTest {

  static Stream<Fixture> cases() {
    return Fixture.read("c-statistic.csv").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void agreesWithWilcoxonInR(Fixture f) {
    double[] p = Fixture.list(f.text("predicted"));
    double[] y = Fixture.list(f.text("outcome"));
    boolean[] outcome = new boolean[y.length];
    for (int i = 0; i < y.length; i++) {
      outcome[i] = y[i] == 1;
    }
    double expected = f.num("auc");
    double actual = CStatistic.of(p, outcome);
    // Both sides are the exact fraction U / (n1 n0) rounded once: equal to the last bit.
    if (Double.isNaN(expected)) {
      assertThat(actual).as(f.id()).isNaN();
    } else {
      assertThat(actual).as(f.id()).isEqualTo(expected);
    }
  }

  @Test
  void negativeAndPositiveZeroTie() {
    assertThat(CStatistic.of(new double[] {-0.0, 0.0}, new boolean[] {true, false})).isEqualTo(0.5);
  }

  @Test
  void rejectsNaNAndMismatchedLengths() {
    assertThatThrownBy(() -> CStatistic.of(new double[] {0.1, Double.NaN}, new boolean[] {true, false}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CStatistic.of(new double[] {0.1}, new boolean[] {true, false}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
