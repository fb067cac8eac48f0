package org.spineoutcomes.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DescriptivesTest {

  static Stream<Fixture> cases() {
    return Fixture.read("descriptives.csv").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void valuesAgreeWithR(Fixture f) {
    double[] values = Fixture.list(f.text("values"));
    assertAgrees(f, Descriptives.of(values));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void integerHistogramsAgreeWithRAndWithTheExpandedValues(Fixture f) {
    double[] values = Fixture.list(f.text("values"));
    if (!Arrays.stream(values).allMatch(v -> v == Math.rint(v) && Math.abs(v) < Integer.MAX_VALUE)) {
      return; // real-valued data has no histogram form
    }
    Descriptives fromCounts = histogram(values);
    assertAgrees(f, fromCounts);
    // Both paths are exact until one final rounding, so they agree to the last bit.
    assertThat(fromCounts).isEqualTo(Descriptives.of(values));
  }

  private static void assertAgrees(Fixture f, Descriptives d) {
    assertThat(d.n()).as(f.id() + " n").isEqualTo(f.count("n"));
    Close.check(f.id() + " descriptives.mean", d.mean(), f.num("mean"), Close.ESTIMATE);
    Close.check(f.id() + " descriptives.sd", d.sd(), f.num("sd"), Close.ESTIMATE);
    Close.check(f.id() + " descriptives.variance", d.variance(), f.num("variance"), Close.ESTIMATE);
    Close.check(f.id() + " descriptives.median", d.median(), f.num("median"), Close.ESTIMATE);
    Close.check(f.id() + " descriptives.q1", d.q1(), f.num("q1"), Close.ESTIMATE);
    Close.check(f.id() + " descriptives.q3", d.q3(), f.num("q3"), Close.ESTIMATE);
  }

  static Descriptives histogram(double[] values) {
    TreeMap<Integer, Long> counts = new TreeMap<>();
    for (double v : values) {
      counts.merge((int) v, 1L, Long::sum);
    }
    return Descriptives.ofCounts(counts.keySet().stream().mapToInt(Integer::intValue).toArray(),
        counts.values().stream().mapToLong(Long::longValue).toArray());
  }

  @Test
  void meanAndVarianceSurviveALargeOffset() {
    // One-pass Σx² − (Σx)²/n in double returns 0 or garbage here; the exact value is 1 (mean 1e9 + 1).
    double[] values = {1e9, 1e9 + 1, 1e9 + 2};
    Descriptives d = Descriptives.of(values);
    assertThat(d.mean()).isEqualTo(1e9 + 1);
    assertThat(d.variance()).isEqualTo(1.0);
    Descriptives counts = Descriptives.ofCounts(new int[] {2_000_000_000, 2_000_000_001, 2_000_000_002},
        new long[] {1_000_000_000L, 1_000_000_000L, 1_000_000_000L});
    assertThat(counts.mean()).isEqualTo(2_000_000_001.0);
    // Σ(x - mean)² = 2e9 over n - 1 = 3e9 - 1, correctly rounded.
    double exact = new BigDecimal(2_000_000_000L).divide(new BigDecimal(2_999_999_999L), MathContext.DECIMAL128)
        .doubleValue();
    assertThat(counts.variance()).isEqualTo(exact);
  }

  /** The integer fast path of ofCounts rounds exactly as the rational path does (of() over the expanded values). */
  @Test
  void histogramFastPathEqualsTheRationalPathBitForBit() {
    java.util.Random random = new java.util.Random(42);
    for (int trial = 0; trial < 2_000; trial++) {
      int distinct = 1 + random.nextInt(40);
      int bound = trial % 3 == 0 ? 11 : trial % 3 == 1 ? 101 : 50_001;
      TreeMap<Integer, Long> counts = new TreeMap<>();
      for (int i = 0; i < distinct; i++) {
        counts.merge(random.nextInt(bound), 1L + random.nextInt(30), Long::sum);
      }
      double[] expanded = counts.entrySet().stream()
          .flatMapToDouble(e -> java.util.stream.DoubleStream.generate(() -> e.getKey()).limit(e.getValue()))
          .toArray();
      Descriptives fast = Descriptives.ofCounts(counts.keySet().stream().mapToInt(Integer::intValue).toArray(),
          counts.values().stream().mapToLong(Long::longValue).toArray());
      assertThat(fast).as("trial %d: %s", trial, counts).isEqualTo(Descriptives.of(expanded));
    }
  }

  @Test
  void decrementedHistogramEqualsTheOneNeverIncremented() {
    int[] values = {0, 3, 7, 10};
    Descriptives before = Descriptives.ofCounts(values, new long[] {2, 5, 1, 4});
    Descriptives after = Descriptives.ofCounts(new int[] {0, 3, 7, 10, 11}, new long[] {2, 5, 1, 4, 0});
    assertThat(after).isEqualTo(before);
  }

  @Test
  void emptyAndSingleValueAreUndefinedNotErrors() {
    assertThat(Descriptives.of()).isEqualTo(Descriptives.EMPTY);
    assertThat(Descriptives.ofCounts(new int[0], new long[0])).isEqualTo(Descriptives.EMPTY);
    assertThat(Descriptives.ofCounts(new int[] {4, 5}, new long[] {0, 0})).isEqualTo(Descriptives.EMPTY);
    assertThat(Descriptives.EMPTY.n()).isZero();
    assertThat(List.of(Descriptives.EMPTY.mean(), Descriptives.EMPTY.sd(), Descriptives.EMPTY.median(),
        Descriptives.EMPTY.q1(), Descriptives.EMPTY.q3())).allMatch(v -> v.isNaN());

    Descriptives one = Descriptives.ofCounts(new int[] {5}, new long[] {1});
    assertThat(one.n()).isEqualTo(1);
    assertThat(one.mean()).isEqualTo(5.0);
    assertThat(one.median()).isEqualTo(5.0);
    assertThat(one.q1()).isEqualTo(5.0);
    assertThat(one.q3()).isEqualTo(5.0);
    assertThat(one.sd()).isNaN();
    assertThat(one.variance()).isNaN();
  }

  @Test
  void constantValuesHaveZeroVariance() {
    Descriptives d = Descriptives.ofCounts(new int[] {-3}, new long[] {40});
    assertThat(d.variance()).isZero();
    assertThat(d.sd()).isZero();
    assertThat(d.mean()).isEqualTo(-3.0);
  }

  @Test
  void nonFiniteValuesMakeTheFiguresUndefined() {
    Descriptives d = Descriptives.of(1, Double.NaN, 3);
    assertThat(d.n()).isEqualTo(3);
    assertThat(d.mean()).isNaN();
    assertThat(d.median()).isNaN();
    assertThat(Descriptives.of(1, Double.POSITIVE_INFINITY).variance()).isNaN();
  }

  @Test
  void impossibleHistogramsAreRejected() {
    assertThatThrownBy(() -> Descriptives.ofCounts(new int[] {1, 2}, new long[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Descriptives.ofCounts(new int[] {2, 1}, new long[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Descriptives.ofCounts(new int[] {1, 1}, new long[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Descriptives.ofCounts(new int[] {1, 2}, new long[] {1, -1}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @AfterAll
  static void report() {
    System.out.println(Close.report());
  }
}
