package org.spineoutcomes.statistics;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Summary of one arm's values, as R reports it.
 *
 * <p>{@code sd} and {@code variance} use the n − 1 denominator; the quartiles and median are R's default
 * {@code quantile()} (type 7). Undefined figures are NaN: everything but {@code n} when n = 0, and
 * {@code sd} and {@code variance} when n = 1 (R's {@code var} gives NA there).
 *
 * <p>Mean and variance are computed in exact rational arithmetic and rounded once to double. R gets within
 * about an ulp of the same value with its long-double two-pass algorithm; the textbook one-pass formula
 * (Σx² − (Σx)²/n) in double would not, and neither would a double two-pass one with a large offset.
 *
 * @param n        number of values
 * @param mean     arithmetic mean
 * @param sd       standard deviation (n − 1)
 * @param variance variance (n − 1)
 * @param median   median
 * @param q1       first quartile, type 7
 * @param q3       third quartile, type 7
 */
public record Descriptives(long n, double mean, double sd, double variance, double median, double q1,
    double q3) {

  /** The summary of no values: every figure undefined. */
  public static final Descriptives EMPTY =
      new Descriptives(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  /**
   * Summary of a frequency table of integer values, as R would report it for the expanded vector.
   *
   * @param sortedDistinctValues values in strictly increasing order
   * @param counts               how often each value occurs (zero allowed, so a histogram can be decremented)
   * @throws IllegalArgumentException if the arrays differ in length, the values are not strictly increasing
   *                                  or a count is negative
   */
  public static Descriptives ofCounts(int[] sortedDistinctValues, long[] counts) {
    if (sortedDistinctValues.length != counts.length) {
      throw new IllegalArgumentException("values and counts differ in length: "
          + sortedDistinctValues.length + " vs " + counts.length);
    }
    long n = 0;
    long sum = 0;
    long sumOfSquares = 0;
    boolean overflow = false;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] < 0) {
        throw new IllegalArgumentException("negative count " + counts[i] + " for value "
            + sortedDistinctValues[i]);
      }
      if (i > 0 && sortedDistinctValues[i] <= sortedDistinctValues[i - 1]) {
        throw new IllegalArgumentException("values not strictly increasing at index " + i);
      }
      if (counts[i] == 0) {
        continue;
      }
      n = Math.addExact(n, counts[i]);
      if (!overflow) {
        try {
          long v = sortedDistinctValues[i];
          sum = Math.addExact(sum, Math.multiplyExact(v, counts[i]));
          sumOfSquares = Math.addExact(sumOfSquares, Math.multiplyExact(v * v, counts[i]));
        } catch (ArithmeticException e) {
          overflow = true;
        }
      }
    }
    if (n == 0) {
      return EMPTY;
    }
    OrderStatistic order = k -> valueAtRank(sortedDistinctValues, counts, k);
    if (overflow) {
      BigInteger bigSum = BigInteger.ZERO;
      BigInteger bigSquares = BigInteger.ZERO;
      for (int i = 0; i < counts.length; i++) {
        BigInteger value = BigInteger.valueOf(sortedDistinctValues[i]);
        BigInteger count = BigInteger.valueOf(counts[i]);
        bigSum = bigSum.add(value.multiply(count));
        bigSquares = bigSquares.add(value.multiply(value).multiply(count));
      }
      return summarise(Moments.of(n, new BigDecimal(bigSum), new BigDecimal(bigSquares)), order);
    }
    return summarise(Moments.ofSums(n, sum, sumOfSquares), order);
  }

  /**
   * Summary of the given values. When any value is NaN or infinite every figure but {@code n} is NaN.
   */
  public static Descriptives of(double... values) {
    int n = values.length;
    if (n == 0) {
      return EMPTY;
    }
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal sumOfSquares = BigDecimal.ZERO;
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return new Descriptives(n, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN);
      }
      BigDecimal x = new BigDecimal(v);
      sum = sum.add(x);
      sumOfSquares = sumOfSquares.add(x.multiply(x));
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return summarise(Moments.of(n, sum, sumOfSquares), k -> sorted[(int) k]);
  }

  private static Descriptives summarise(Moments m, OrderStatistic order) {
    long n = m.n();
    return new Descriptives(n, m.mean(), m.sd(), m.variance(), quantile7(n, 0.5, order),
        quantile7(n, 0.25, order), quantile7(n, 0.75, order));
  }

  /** The k-th smallest value (k from 0). */
  @FunctionalInterface
  private interface OrderStatistic {
    double at(long k);
  }

  /** R's quantile(type = 7), written as R's quantile.default computes it, for bit-identical results. */
  private static double quantile7(long n, double probability, OrderStatistic order) {
    double index = 1 + (n - 1) * probability;
    double lo = Math.floor(index);
    double hi = Math.ceil(index);
    double low = order.at((long) lo - 1);
    if (index > lo) {
      double high = order.at((long) hi - 1);
      if (high != low) {
        double h = index - lo;
        return (1 - h) * low + h * high;
      }
    }
    return low;
  }

  private static double valueAtRank(int[] values, long[] counts, long rank) {
    long seen = 0;
    for (int i = 0; i < values.length; i++) {
      seen += counts[i];
      if (rank < seen) {
        return values[i];
      }
    }
    throw new IllegalStateException("rank " + rank + " beyond " + seen + " values");
  }
}
