package org.spineoutcomes.statistics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Mean and variance (n − 1) of integer values from their exact sums, rounded once to double: what an arm needs when
 * only its mean and variance are used (a case-mix cell in an adjusted comparison), so a stream can keep three
 * integers per arm instead of its values. {@link Descriptives} uses the same arithmetic, so both agree to the bit.
 *
 * @param n        number of values
 * @param mean     arithmetic mean (NaN when n = 0)
 * @param variance variance with the n − 1 denominator (NaN when n &lt; 2)
 */
public record Moments(long n, double mean, double variance) {

  /** 50 significant digits, then one rounding to double: the double-rounding error is far below an ulp. */
  private static final MathContext EXACT_ENOUGH = new MathContext(50, RoundingMode.HALF_EVEN);

  /** Largest magnitude below which every long converts to double exactly. */
  private static final long EXACT_DOUBLE = 1L << 53;

  /**
   * From the count, the sum and the sum of squares of integer values. When the operands of each division are exact
   * doubles, one IEEE division rounds the exact quotient correctly, which is what the rational path gives;
   * otherwise that path is taken.
   */
  public static Moments ofSums(long n, long sum, long sumOfSquares) {
    if (n < 0 || sumOfSquares < 0) {
      throw new IllegalArgumentException("impossible sums: n " + n + ", sum of squares " + sumOfSquares);
    }
    if (n == 0) {
      return new Moments(0, Double.NaN, Double.NaN);
    }
    long varianceNumerator = 0;
    long varianceDenominator = 0;
    boolean exact = Math.abs(sum) < EXACT_DOUBLE && n < EXACT_DOUBLE;
    if (exact && n >= 2) {
      try {
        varianceNumerator = Math.subtractExact(Math.multiplyExact(n, sumOfSquares), Math.multiplyExact(sum, sum));
        varianceDenominator = Math.multiplyExact(n, n - 1);
        exact = varianceNumerator < EXACT_DOUBLE && varianceDenominator < EXACT_DOUBLE;
      } catch (ArithmeticException e) {
        exact = false;
      }
    }
    if (!exact) {
      return of(n, BigDecimal.valueOf(sum), BigDecimal.valueOf(sumOfSquares));
    }
    double mean = (double) sum / (double) n;
    double variance = n >= 2 ? (double) varianceNumerator / (double) varianceDenominator : Double.NaN;
    return new Moments(n, mean, variance);
  }

  /**
   * From exact sums of any size: Σ(x − mean)² / (n − 1) = (nΣx² − (Σx)²) / (n(n − 1)), exact until the division.
   */
  static Moments of(long n, BigDecimal sum, BigDecimal sumOfSquares) {
    if (n == 0) {
      return new Moments(0, Double.NaN, Double.NaN);
    }
    BigDecimal count = BigDecimal.valueOf(n);
    double mean = sum.divide(count, EXACT_ENOUGH).doubleValue();
    double variance = Double.NaN;
    if (n >= 2) {
      BigDecimal numerator = count.multiply(sumOfSquares).subtract(sum.multiply(sum));
      variance = numerator.divide(count.multiply(BigDecimal.valueOf(n - 1)), EXACT_ENOUGH).doubleValue();
    }
    return new Moments(n, mean, variance);
  }

  /** Standard deviation (n − 1). */
  public double sd() {
    return Math.sqrt(variance);
  }
}
