package org.spineoutcomes.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DistributionsTest {

  static Stream<Fixture> cases() {
    return Fixture.read("distributions.csv").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void agreesWithR(Fixture f) {
    String kind = f.text("kind");
    double x = f.num("x");
    double df = f.num("df");
    String id = kind + "(" + x + ", " + df + ") distributions.";
    switch (kind) {
      case "qnorm" -> Close.check(id + "z975", Distributions.Z_975, f.num("value"), 5e-16);
      case "qt975" -> Close.check(id + "qt975", Distributions.t975(df), f.num("value"), 1e-12);
      case "pt2" -> Close.check(id + "pt2", Distributions.twoSidedT(x, df), f.num("value"), Close.P_VALUE);
      case "pnorm2" -> Close.check(id + "pnorm2", Distributions.twoSidedNormal(x), f.num("value"),
          Close.P_VALUE);
      case "pchisq1" -> Close.check(id + "pchisq1", Distributions.chiSquare1UpperTail(x), f.num("value"),
          Close.P_VALUE);
      default -> throw new IllegalArgumentException(kind);
    }
  }

  @Test
  void zIsTheQuantileTheBriefNames() {
    assertThat(Distributions.Z_975).isEqualTo(1.959963984540054);
  }

  @Test
  void undefinedArgumentsGiveNaN() {
    assertThat(Distributions.t975(0)).isNaN();
    assertThat(Distributions.t975(Double.NaN)).isNaN();
    assertThat(Distributions.twoSidedT(Double.NaN, 4)).isNaN();
    assertThat(Distributions.twoSidedNormal(Double.NaN)).isNaN();
    assertThat(Distributions.chiSquare1UpperTail(Double.NaN)).isNaN();
    assertThat(Distributions.t975(Double.POSITIVE_INFINITY)).isEqualTo(Distributions.Z_975);
  }

  @AfterAll
  static void report() {
    System.out.println(Close.report());
  }
}
