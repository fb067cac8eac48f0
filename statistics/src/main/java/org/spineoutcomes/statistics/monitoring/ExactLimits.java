package org.spineoutcomes.statistics.monitoring;

import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/** Exact binomial, Poisson and gamma quantities behind the O/E intervals and funnel limits, computed as R does. */
final class ExactLimits {

  /**
   * Convergence tolerance of Commons Math's continued fractions and series. Their default (1e-14 for the beta,
   * 1e-12 through PoissonDistribution) would cost the last digits; 1e-15 still converges (steps shrink to an
   * ulp) and leaves agreement with R to the rounding of the terms.
   */
  private static final double SERIES_EPSILON = 1e-15;
  private static final int SERIES_MAX_ITERATIONS = 1_000_000;
  /**
   * The default inverse-CDF accuracy of Commons Math's distributions (1e-9, absolute) is far too coarse; 1e-15
   * leaves the Brent solver's relative accuracy (1e-14) in charge, and Newton steps then finish the job.
   */
  private static final double INVERSE_ACCURACY = 1e-15;
  /** R's qbinom and qpois search for F(r) ≥ p·(1 − 64ε) "to ensure left continuity"; copied for identical r. */
  private static final double R_QUANTILE_FUZZ = 1 - 64 * Math.ulp(1.0);
  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  private ExactLimits() {
  }

  /** P(X ≤ r) for X ~ Binomial(n, θ): R's pbinom, i.e. pbeta(θ, r + 1, n − r, lower.tail = FALSE). */
  static double binomialCdf(long r, long n, double theta) {
    if (r < 0) {
      return 0;
    }
    if (r >= n) {
      return 1;
    }
    return 1 - Beta.regularizedBeta(theta, r + 1.0, (double) (n - r), SERIES_EPSILON, SERIES_MAX_ITERATIONS);
  }

  /** P(X ≤ r) for X ~ Poisson(mean): R's ppois, i.e. the upper regularized gamma Q(r + 1, mean). */
  static double poissonCdf(long r, double mean) {
    if (r < 0) {
      return 0;
    }
    return upperGamma(r + 1.0, mean);
  }

  /**
   * The regularized lower incomplete gamma function P(a, x) (scale 1). For whole a (every shape used here: O
   * and O + 1) it is summed from Poisson probabilities, as R's pgamma does; Commons Math's own
   * {@link Gamma#regularizedGammaP} builds its prefactor as exp(−x + a log x − log Γ(a)), whose cancelling terms
   * cost about a·ε relative (1e-14 at a = 1000).
   */
  static double lowerGamma(double a, double x) {
    if (!wholeShape(a) || !(x > 0)) {
      return Gamma.regularizedGammaP(a, x, SERIES_EPSILON, SERIES_MAX_ITERATIONS);
    }
    return x < a ? lowerSeries((int) a, x) : 1 - upperSeries((int) a, x);
  }

  /** The regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x); see {@link #lowerGamma}. */
  static double upperGamma(double a, double x) {
    if (!wholeShape(a) || !(x > 0)) {
      return Gamma.regularizedGammaQ(a, x, SERIES_EPSILON, SERIES_MAX_ITERATIONS);
    }
    return x > a - 1 ? upperSeries((int) a, x) : 1 - lowerSeries((int) a, x);
  }

  /** The Gamma(a, 1) density x^(a−1) e^(−x) / Γ(a). */
  private static double gammaDensity(double a, double x, GammaDistribution gamma) {
    return wholeShape(a) && x > 0 ? poissonProbability((int) a - 1, x) : gamma.density(x);
  }

  private static boolean wholeShape(double a) {
    return a >= 1 && a < Integer.MAX_VALUE - 1 && a == Math.rint(a);
  }

  /**
   * e^(−x) x^k / k!, by the saddle-point expansion of Loader (2000) in Commons Math's Poisson distribution:
   * the same algorithm as R's dpois_raw, accurate to a few ulps for any k.
   */
  private static double poissonProbability(int k, double x) {
    return new PoissonDistribution(null, x, SERIES_EPSILON, SERIES_MAX_ITERATIONS).probability(k);
  }

  /** P(a, x) = e^(−x) x^a / a! · Σₙ xⁿ a! / (a + n)!, converging geometrically for x &lt; a + 1. */
  private static double lowerSeries(int a, double x) {
    double term = 1;
    double sum = 1;
    double compensation = 0;
    for (int n = 1; term > 1e-17 * sum; n++) {
      term *= x / (a + n);
      double t = sum + term;
      compensation += (sum - t) + term;
      sum = t;
    }
    return poissonProbability(a, x) * (sum + compensation);
  }

  /** Q(a, x) = Σ_{k &lt; a} e^(−x) xᵏ / k! = e^(−x) x^(a−1) / (a − 1)! · Σⱼ (a−1)! / ((a−1−j)! xʲ), for x &gt; a − 1. */
  private static double upperSeries(int a, double x) {
    double term = 1;
    double sum = 1;
    double compensation = 0;
    for (int j = 1; j < a && term > 1e-17 * sum; j++) {
      term *= (a - j) / x;
      double t = sum + term;
      compensation += (sum - t) + term;
      sum = t;
    }
    return poissonProbability(a - 1, x) * (sum + compensation);
  }

  /** R's qbinom(p, n, θ): the smallest r with P(X ≤ r) ≥ p (with R's fuzz). */
  static long binomialQuantile(double p, long n, double theta) {
    double sd = Math.sqrt(n * theta * (1 - theta));
    long start = (long) Math.floor(n * theta + STANDARD_NORMAL.inverseCumulativeProbability(p) * sd);
    return search(p, Math.max(0, Math.min(n, start)), r -> binomialCdf(r, n, theta));
  }

  /** R's qpois(p, mean): the smallest r with P(X ≤ r) ≥ p (with R's fuzz). */
  static long poissonQuantile(double p, double mean) {
    long start = (long) Math.floor(mean + STANDARD_NORMAL.inverseCumulativeProbability(p) * Math.sqrt(mean));
    return search(p, Math.max(0, start), r -> poissonCdf(r, mean));
  }

  private interface Cdf {
    double at(long r);
  }

  private static long search(double p, long start, Cdf cdf) {
    double target = p * R_QUANTILE_FUZZ;
    long r = start;
    if (cdf.at(r) >= target) {
      while (r > 0 && cdf.at(r - 1) >= target) {
        r--;
      }
    } else {
      while (cdf.at(r) < target) {
        r++;
      }
    }
    return r;
  }

  /**
   * Spiegelhalter's (2005, appendix) interpolated p-quantile of a count: r − α with r the p-quantile and
   * α = (F(r) − p) / (F(r) − F(r − 1)), i.e. where the CDF, drawn as straight lines between the counts,
   * reaches p. Continuous in the parameter, where r alone would jump.
   */
  static double interpolated(double p, long r, Cdf cdf) {
    double atR = cdf.at(r);
    double below = cdf.at(r - 1);
    return r - (atR - p) / (atR - below);
  }

  static double interpolatedBinomial(double p, long n, double theta) {
    return interpolated(p, binomialQuantile(p, n, theta), r -> binomialCdf(r, n, theta));
  }

  static double interpolatedPoisson(double p, double mean) {
    return interpolated(p, poissonQuantile(p, mean), r -> poissonCdf(r, mean));
  }

  /**
   * R's qgamma(p, shape) (scale 1), or the quantile with upper tail {@code p} when {@code upperTail}: Commons
   * Math's inverse CDF (good to about 1e-14) polished by Newton steps on the regularized gamma function of the
   * tail concerned (so no digit is lost to 1 − P).
   */
  static double gammaQuantile(double shape, double p, boolean upperTail) {
    GammaDistribution gamma = new GammaDistribution(null, shape, 1, INVERSE_ACCURACY);
    double x = gamma.inverseCumulativeProbability(upperTail ? 1 - p : p);
    for (int i = 0; i < 8; i++) {
      double error = upperTail ? p - upperGamma(shape, x) : lowerGamma(shape, x) - p;
      double step = error / gammaDensity(shape, x, gamma);
      if (!Double.isFinite(step)) {
        break;
      }
      x -= step;
      if (Math.abs(step) <= 2 * Math.ulp(x)) {
        break;
      }
    }
    return x;
  }
}
