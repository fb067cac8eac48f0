package org.spineoutcomes.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MomentsTest {

  /** The sums a stream keeps give the bits a frequency table gives, on both the long and the rational path. */
  @Test
  void sumsGiveTheMeanAndVarianceOfTheFrequencyTable() {
    Random random = new Random(7);
    for (int trial = 0; trial < 2_000; trial++) {
      int distinct = 1 + random.nextInt(40);
      int spread = trial % 3 == 0 ? 50_000 : 12;
      int[] values = random.ints(distinct, -spread, spread + 1).distinct().sorted().toArray();
      long[] counts = new long[values.length];
      long n = 0;
      long sum = 0;
      long squares = 0;
      for (int i = 0; i < values.length; i++) {
        counts[i] = trial % 5 == 0 ? 1 + random.nextInt(3_000_000) : random.nextInt(4);
        n += counts[i];
        sum += values[i] * counts[i];
        squares += (long) values[i] * values[i] * counts[i];
      }
      Descriptives table = Descriptives.ofCounts(values, counts);
      Moments sums = Moments.ofSums(n, sum, squares);
      assertThat(sums.n()).isEqualTo(table.n());
      // boxed, so that the undefined figures of an empty or single-valued table compare equal (NaN)
      assertThat((Double) sums.mean()).as("trial %d mean", trial).isEqualTo((Double) table.mean());
      assertThat((Double) sums.variance()).as("trial %d variance", trial).isEqualTo((Double) table.variance());
      assertThat((Double) sums.sd()).as("trial %d sd", trial).isEqualTo((Double) table.sd());
    }
  }

  @Test
  void aLargeNumeratorTakesTheRationalPathAndStaysCorrectlyRounded() {
    // 3,000,000 values of 50,000 and one of 0: n·Σx² overflows a long's exact doubles
    Moments m = Moments.ofSums(3_000_001, 150_000_000_000L, 7_500_000_000_000_000L);
    Descriptives d = Descriptives.ofCounts(new int[] {0, 50_000}, new long[] {1, 3_000_000});
    assertThat(m.mean()).isEqualTo(d.mean()).isEqualTo(150_000_000_000.0 / 3_000_001);
    assertThat(m.variance()).isEqualTo(d.variance());
  }

  @Test
  void undefinedFiguresAreNaN() {
    assertThat(Moments.ofSums(0, 0, 0).mean()).isNaN();
    Moments one = Moments.ofSums(1, 7, 49);
    assertThat(one.mean()).isEqualTo(7.0);
    assertThat(one.variance()).isNaN();
    assertThatThrownBy(() -> Moments.ofSums(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
