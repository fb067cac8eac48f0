package org.spineoutcomes.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProportionsTest {

  static Stream<Fixture> wilsonCases() {
    return Fixture.read("wilson.csv").stream();
  }

  static Stream<Fixture> binaryCases() {
    return Fixture.read("binary.csv").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wilsonCases")
  void wilsonAgreesWithPropTest(Fixture f) {
    Proportion p = Proportions.wilson(f.count("events"), f.count("n"));
    String id = f.count("events") + "/" + f.count("n") + " wilson.";
    Close.check(id + "rate", p.rate(), f.num("rate"), Close.ESTIMATE);
    Close.check(id + "ciLow", p.ciLow(), f.num("ciLow"), Close.ESTIMATE);
    Close.check(id + "ciHigh", p.ciHigh(), f.num("ciHigh"), Close.ESTIMATE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("binaryCases")
  void comparisonAgreesWithR(Fixture f) {
    BinaryComparison c = Proportions.compare(f.count("eventsOpen"), f.count("nOpen"), f.count("eventsMicro"),
        f.count("nMicro"));
    String id = f.id() + " binary.";
    Close.check(id + "riskDifference", c.riskDifference(), f.num("riskDifference"), Close.ESTIMATE);
    Close.check(id + "rdCiLow", c.rdCiLow(), f.num("rdCiLow"), Close.ESTIMATE);
    Close.check(id + "rdCiHigh", c.rdCiHigh(), f.num("rdCiHigh"), Close.ESTIMATE);
    Close.check(id + "relativeRisk", c.relativeRisk(), f.num("relativeRisk"), Close.ESTIMATE);
    Close.check(id + "rrSeLog", c.rrSeLog(), f.num("rrSeLog"), Close.ESTIMATE);
    Close.check(id + "rrCiLow", c.rrCiLow(), f.num("rrCiLow"), Close.ESTIMATE);
    Close.check(id + "rrCiHigh", c.rrCiHigh(), f.num("rrCiHigh"), Close.ESTIMATE);
    Close.check(id + "rrCiLow196", c.rrCiLow196(), f.num("rrCiLow196"), Close.ESTIMATE);
    Close.check(id + "rrCiHigh196", c.rrCiHigh196(), f.num("rrCiHigh196"), Close.ESTIMATE);
    Close.check(id + "fisherPValue", c.fisherPValue(), f.num("fisherPValue"), Close.P_VALUE);
    Close.check(id + "chiSquare", c.chiSquare(), f.num("chiSquare"), Close.ESTIMATE);
    Close.check(id + "chiSquarePValue", c.chiSquarePValue(), f.num("chiSquarePValue"), Close.P_VALUE);
    Close.check(id + "chiSquareCorrected", c.chiSquareCorrected(), f.num("chiSquareCorrected"),
        Close.ESTIMATE);
    Close.check(id + "chiSquareCorrectedPValue", c.chiSquareCorrectedPValue(),
        f.num("chiSquareCorrectedPValue"), Close.P_VALUE);
    // The arms' own figures are the Wilson ones.
    assertThat(c.open()).isEqualTo(Proportions.wilson(f.count("eventsOpen"), f.count("nOpen")));
    assertThat(c.microscopic()).isEqualTo(Proportions.wilson(f.count("eventsMicro"), f.count("nMicro")));
  }

  @Test
  void wilsonLimitsAreExactAtTheBoundaries() {
    assertThat(Proportions.wilson(0, 25).ciLow()).isZero();
    assertThat(Proportions.wilson(25, 25).ciHigh()).isEqualTo(1.0);
  }

  @Test
  void anEmptyArmLeavesEverythingUndefined() {
    Proportion none = Proportions.wilson(0, 0);
    assertThat(List.of(none.rate(), none.ciLow(), none.ciHigh())).allMatch(v -> v.isNaN());
    BinaryComparison c = Proportions.compare(3, 10, 0, 0);
    assertThat(c.open().rate()).isEqualTo(0.3);
    assertThat(List.of(c.riskDifference(), c.rdCiLow(), c.rdCiHigh(), c.relativeRisk(), c.rrCiLow(),
        c.fisherPValue(), c.chiSquare(), c.chiSquarePValue(), c.chiSquareCorrected()))
        .allMatch(v -> v.isNaN());
  }

  /**
   * The windowed walk gives what fisher.test's own algorithm gives over the whole support (every table's log density
   * from Commons Math, scaled by the largest, normalised, and the ones not above the observed summed), on tables
   * from tiny to registry-sized, rare to common events, and observed tables from the centre to the far tail.
   */
  @Test
  void fisherAgreesWithTheWholeSupportComputation() {
    java.util.Random random = new java.util.Random(3);
    for (int trial = 0; trial < 400; trial++) {
      int n1 = 1 + random.nextInt(trial % 4 == 0 ? 60_000 : 400);
      int n0 = 1 + random.nextInt(trial % 4 == 0 ? 60_000 : 400);
      double rate = random.nextDouble() * (trial % 3 == 0 ? 0.05 : 0.9);
      double shift = trial % 5 == 0 ? 0.03 * random.nextGaussian() : 0;
      long a = binomial(random, n1, Math.min(1, Math.max(0, rate + shift)));
      long c = binomial(random, n0, rate);
      double expected = wholeSupport(a, n1, c, n0);
      double actual = Proportions.fisherTwoSided(a, n1, c, n0);
      Close.check("trial " + trial + " (" + a + "/" + n1 + " vs " + c + "/" + n0 + ") fisher", actual, expected,
          1e-14);
    }
  }

  private static long binomial(java.util.Random random, int n, double p) {
    long k = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * random.nextGaussian());
    return Math.max(0, Math.min(n, k));
  }

  private static double wholeSupport(long a, long n1, long c, long n0) {
    long events = a + c;
    long total = n1 + n0;
    long lo = Math.max(0, n1 - (total - events));
    long hi = Math.min(n1, events);
    if (lo == hi) {
      return 1.0;
    }
    var h = new org.apache.commons.math3.distribution.HypergeometricDistribution(null, (int) total, (int) events,
        (int) n1);
    double[] d = new double[(int) (hi - lo + 1)];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < d.length; i++) {
      d[i] = h.logProbability((int) (lo + i));
      max = Math.max(max, d[i]);
    }
    double sum = 0;
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.exp(d[i] - max);
      sum += d[i];
    }
    double threshold = d[(int) (a - lo)] / sum * (1 + 1e-7);
    double p = 0;
    for (double x : d) {
      if (x / sum <= threshold) {
        p += x / sum;
      }
    }
    return p;
  }

  @Test
  void impossibleCountsAreRejected() {
    assertThatThrownBy(() -> Proportions.wilson(5, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Proportions.wilson(-1, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Proportions.compare(1, 2, 3, 2)).isInstanceOf(IllegalArgumentException.class);
  }

  @AfterAll
  static void report() {
    System.out.println(Close.report());
  }
}
