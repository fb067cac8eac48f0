package org.apache.commons.math3.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HypergeometricLogDensityTest {

  /** Every density, inside and outside the support, has the bits Commons Math's own gives. */
  @Test
  void densitiesAreCommonsMathsBitForBit() {
    Random random = new Random(5);
    long compared = 0;
    for (int trial = 0; trial < 300; trial++) {
      int population = 1 + random.nextInt(trial % 3 == 0 ? 200_000 : 500);
      int successes = random.nextInt(population + 1);
      int sample = random.nextInt(population + 1);
      HypergeometricDistribution expected = new HypergeometricDistribution(null, population, successes, sample);
      HypergeometricLogDensity actual = new HypergeometricLogDensity(population, successes, sample);
      int lo = expected.getSupportLowerBound();
      int hi = expected.getSupportUpperBound();
      for (int i = 0; i < 200; i++) {
        int x = i < 2 ? (i == 0 ? lo - 1 : hi + 1) : lo + random.nextInt(hi - lo + 1);
        assertThat(Double.doubleToRawLongBits(actual.logProbability(x)))
            .as("P(X = %d) of (%d, %d, %d)", x, population, successes, sample)
            .isEqualTo(Double.doubleToRawLongBits(expected.logProbability(x)));
        compared++;
      }
    }
    assertThat(compared).isEqualTo(300 * 200);
  }
}
