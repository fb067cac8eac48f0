package org.spineoutcomes.statistics;

/**
 * A pooled estimate with its standard error and 95% limits; all NaN when the estimate is undefined.
 *
 * @param estimate  the pooled estimate
 * @param se        its standard error: on the log scale for ratios (relative risk, odds ratio), on the
 *                  estimate's own scale otherwise
 * @param ciLow     lower limit with z = the 0.975 normal quantile (exp(log estimate − z·se) for ratios)
 * @param ciHigh    upper limit with the same z
 * @param ciLow196  lower limit with z = 1.96
 * @param ciHigh196 upper limit with z = 1.96
 */
public record Pooled(double estimate, double se, double ciLow, double ciHigh, double ciLow196,
    double ciHigh196) {

  /** An undefined estimate. */
  public static final Pooled UNDEFINED =
      new Pooled(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  static Pooled linear(double estimate, double se) {
    return new Pooled(estimate, se, estimate - Distributions.Z_975 * se, estimate + Distributions.Z_975 * se,
        estimate - Distributions.Z_196 * se, estimate + Distributions.Z_196 * se);
  }

  static Pooled ratio(double estimate, double seLog) {
    double[] limits = Proportions.logScaleLimits(estimate, seLog);
    return new Pooled(estimate, seLog, limits[0], limits[1], limits[2], limits[3]);
  }
}
