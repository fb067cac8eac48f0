package org.spineoutcomes.statistics.monitoring;

/**
 * Funnel-plot control limits for one provider: the range within which its figure falls with probability
 * {@code coverage} if it performs at the target, given its size.
 *
 * <p>Method: Spiegelhalter (2005), "Funnel plots for comparing institutional performance", Stat Med 24:1185,
 * appendix A.1: the exact p-quantile of the count, interpolated between counts. With r the smallest count whose
 * CDF reaches p, the limit is (r − α)/size where α = (F(r) − p)/(F(r) − F(r − 1)), for p = (1 − coverage)/2
 * (lower) and 1 − (1 − coverage)/2 (upper). Why this rather than the normal approximation θ ± z√(θ(1 − θ)/n):
 * spine-surgery complications and deaths are rare and per-surgeon volumes small, where counts are skewed and the
 * normal limits are not (a lower limit below 0, an upper limit too low, so too many small providers flagged).
 * Why interpolate: the plain exact limit r/n is a step function of n, which makes the funnel jagged; the
 * interpolated limit is continuous in n (and in the rate), as Spiegelhalter recommends for plotting.
 *
 * <p>Both limits are floored at 0: when r = 0 the formula gives a negative value (no count can be below it),
 * and an unfloored negative upper limit would flag a provider with no events at all.
 *
 * @param target   the target the funnel is centred on: the overall rate, or 1 for O/E
 * @param coverage the probability the limits enclose (0.95, 0.998, ...)
 * @param lower    the lower control limit; NaN for a provider without cases (or expected events)
 * @param upper    the upper control limit; NaN likewise
 */
public record FunnelLimits(double target, double coverage, double lower, double upper) {

  /** The inner ("warning", about 2 SD) limits. */
  public static final double COVERAGE_95 = 0.95;
  /** The outer ("alarm", about 3 SD) limits. */
  public static final double COVERAGE_998 = 0.998;

  /**
   * Limits for a provider's event proportion (events / n) around the overall rate, from Binomial(n, rate).
   * A rate of exactly 0 or 1 leaves no room for variation: both limits equal it.
   *
   * @throws IllegalArgumentException if the rate is not in [0, 1], n &lt; 0, or coverage not in (0, 1)
   */
  public static FunnelLimits forProportion(double overallRate, long n, double coverage) {
    checkCoverage(coverage);
    if (!(overallRate >= 0 && overallRate <= 1) || n < 0) {
      throw new IllegalArgumentException("need a rate in [0, 1] and n >= 0; got " + overallRate + ", " + n);
    }
    if (n == 0) {
      return new FunnelLimits(overallRate, coverage, Double.NaN, Double.NaN);
    }
    if (overallRate == 0 || overallRate == 1) {
      return new FunnelLimits(overallRate, coverage, overallRate, overallRate);
    }
    double size = n;
    double lower = ExactLimits.interpolatedBinomial(lowerTail(coverage), n, overallRate) / size;
    double upper = ExactLimits.interpolatedBinomial(upperTail(coverage), n, overallRate) / size;
    return new FunnelLimits(overallRate, coverage, Math.max(0, lower), Math.max(0, upper));
  }

  /**
   * Limits for a provider's O/E ratio around 1, given its expected count E (the sum of its cases' predicted
   * risks), from O ~ Poisson(E): Spiegelhalter's limits for an indirectly standardised ratio, (r − α)/E.
   *
   * @throws IllegalArgumentException if expected is negative or not finite, or coverage not in (0, 1)
   */
  public static FunnelLimits forObservedExpected(double expected, double coverage) {
    checkCoverage(coverage);
    if (!(expected >= 0) || Double.isInfinite(expected)) {
      throw new IllegalArgumentException("need a finite expected count >= 0; got " + expected);
    }
    if (expected == 0) {
      return new FunnelLimits(1, coverage, Double.NaN, Double.NaN);
    }
    double lower = ExactLimits.interpolatedPoisson(lowerTail(coverage), expected) / expected;
    double upper = ExactLimits.interpolatedPoisson(upperTail(coverage), expected) / expected;
    return new FunnelLimits(1, coverage, Math.max(0, lower), Math.max(0, upper));
  }

  /** Whether a provider's figure lies above the upper limit (false when either is NaN). */
  public boolean isAbove(double value) {
    return value > upper;
  }

  /** Whether a provider's figure lies below the lower limit (false when either is NaN). */
  public boolean isBelow(double value) {
    return value < lower;
  }

  private static double lowerTail(double coverage) {
    return (1 - coverage) / 2;
  }

  private static double upperTail(double coverage) {
    return 1 - (1 - coverage) / 2;
  }

  private static void checkCoverage(double coverage) {
    if (!(coverage > 0 && coverage < 1)) {
      throw new IllegalArgumentException("coverage must be in (0, 1): " + coverage);
    }
  }
}
