package org.spineoutcomes.statistics;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Gamma;

/** Quantiles and tail probabilities from Commons Math, used the way R uses its own. */
final class Distributions {

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  /**
   * The 0.975 quantile of the standard normal. Commons Math's inverse returns 1.959963984540054 (the exact
   * quantile is 1.95996398454005423552...); R's {@code qnorm(0.975)} is 1.9599639845400536, two ulps lower:
   * a relative difference of 2e-16 that no figure here can show at the agreed 1e-9.
   */
  static final double Z_975 = STANDARD_NORMAL.inverseCumulativeProbability(0.975);

  /** The rounded value some published intervals use; kept for figures that must match them. */
  static final double Z_196 = 1.96;

  /**
   * R's pnorm returns exactly 0 for x below this instead of a subnormal number; Commons Math returns the
   * subnormal. Copying R's cut-off keeps "p = 0" figures identical.
   */
  private static final double R_PNORM_UNDERFLOW = -37.5193;

  /**
   * The default inverse-CDF accuracy of TDistribution (1e-9, absolute) is far too coarse for limits that
   * must agree with R to 1e-9 relative; 1e-15 leaves the Brent solver's relative accuracy (1e-14) in charge.
   */
  private static final double T_INVERSE_ACCURACY = 1e-15;

  private Distributions() {
  }

  /**
   * R's {@code qt(0.975, df)}; NaN when df is not positive. An infinite df gives the normal quantile.
   *
   * <p>Agreement with R is limited by Commons Math's t CDF, whose regularized beta loses digits as df grows:
   * about 1e-14 relative up to df = 1000, 7e-13 at 1e4, 6e-12 at 1e5, 6e-11 at 1e6 (arms of ~10⁶ values).
   */
  static double t975(double df) {
    if (!(df > 0)) {
      return Double.NaN;
    }
    if (Double.isInfinite(df)) {
      return Z_975;
    }
    return new TDistribution(null, df, T_INVERSE_ACCURACY).inverseCumulativeProbability(0.975);
  }

  /** R's {@code 2 * pt(-abs(t), df)}; the lower tail avoids the cancellation of {@code 1 - cdf}. */
  static double twoSidedT(double t, double df) {
    if (Double.isNaN(t) || !(df > 0)) {
      return Double.NaN;
    }
    if (Double.isInfinite(df)) {
      return twoSidedNormal(t);
    }
    return 2 * new TDistribution(null, df, T_INVERSE_ACCURACY).cumulativeProbability(-Math.abs(t));
  }

  /** R's {@code 2 * pnorm(-abs(z))}. */
  static double twoSidedNormal(double z) {
    if (Double.isNaN(z)) {
      return Double.NaN;
    }
    double x = -Math.abs(z);
    return x < R_PNORM_UNDERFLOW ? 0.0 : 2 * STANDARD_NORMAL.cumulativeProbability(x);
  }

  /**
   * R's {@code pchisq(x, 1, lower.tail = FALSE)}. ChiSquaredDistribution offers only the lower tail, and
   * {@code 1 - cdf} has no correct digit left below about 1e-16; the upper regularized gamma function it is
   * built on gives the tail directly (chi-square with 1 df = gamma with shape 1/2, scale 2).
   */
  static double chiSquare1UpperTail(double x) {
    if (Double.isNaN(x) || x < 0) {
      return Double.NaN;
    }
    return Gamma.regularizedGammaQ(0.5, x / 2);
  }
}
