package org.spineoutcomes.statistics.monitoring;

/**
 * Observed over expected events for a provider (a standardised ratio), with the exact Poisson interval.
 *
 * @param observed events observed
 * @param expected events expected, the sum of the risk model's predicted probabilities over the cases
 * @param ratio    observed / expected; NaN when expected is 0
 * @param ciLow    lower limit: qgamma(α, O) / E, exactly 0 when O = 0 (α = (1 − coverage) / 2)
 * @param ciHigh   upper limit: qgamma(1 − α, O + 1) / E
 */
public record ObservedExpected(long observed, double expected, double ratio, double ciLow, double ciHigh) {

  /**
   * O/E with its exact Poisson 95% interval, R's {@code poisson.test(observed, T = expected)}: O is taken as
   * Poisson with mean (O/E)·E, and the limits are those of the Poisson mean (Garwood), qchisq(0.025, 2O)/2 and
   * qchisq(0.975, 2(O + 1))/2, divided by E.
   *
   * @throws IllegalArgumentException if observed &lt; 0, or expected is negative or not finite
   */
  public static ObservedExpected ratio(long observed, double expected) {
    return ratio(observed, expected, 0.95);
  }

  /**
   * As {@link #ratio(long, double)} with another coverage, e.g. 0.998.
   *
   * @throws IllegalArgumentException also if coverage is not strictly between 0 and 1
   */
  public static ObservedExpected ratio(long observed, double expected, double coverage) {
    if (observed < 0 || !(expected >= 0) || Double.isInfinite(expected)) {
      throw new IllegalArgumentException("need observed >= 0 and finite expected >= 0; got " + observed + ", "
          + expected);
    }
    if (!(coverage > 0 && coverage < 1)) {
      throw new IllegalArgumentException("coverage must be in (0, 1): " + coverage);
    }
    if (expected == 0) {
      return new ObservedExpected(observed, expected, Double.NaN, Double.NaN, Double.NaN);
    }
    // poisson.test's alpha, computed the same way so the tail probabilities are the same doubles.
    double alpha = (1 - coverage) / 2;
    double low = observed == 0 ? 0 : ExactLimits.gammaQuantile(observed, alpha, false);
    double high = ExactLimits.gammaQuantile(observed + 1.0, alpha, true);
    return new ObservedExpected(observed, expected, observed / expected, low / expected, high / expected);
  }
}
