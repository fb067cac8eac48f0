package org.spineoutcomes.statistics;

/**
 * Compensated (Neumaier) summation.
 *
 * <p>R's {@code sum()} accumulates doubles in 80-bit long double; plain double accumulation drifts from R's
 * result by several ulps on long or cancelling sums, compensated summation keeps it within about one.
 */
final class Sums {

  private double sum;
  private double compensation;

  void add(double x) {
    double t = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) {
      compensation += (sum - t) + x;
    } else {
      compensation += (x - t) + sum;
    }
    sum = t;
  }

  double value() {
    double v = sum + compensation;
    // Non-finite terms make the compensation NaN (Inf - Inf); the plain sum is then the right answer.
    return Double.isNaN(v) && !Double.isNaN(sum) ? sum : v;
  }
}
