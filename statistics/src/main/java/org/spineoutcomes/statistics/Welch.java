package org.spineoutcomes.statistics;

/** Welch's unequal-variance t comparison of two arms. */
public final class Welch {

  /** R's .Machine$double.eps, used in t.test's "data are essentially constant" check. */
  private static final double DOUBLE_EPS = Math.ulp(1.0);

  private Welch() {
  }

  /**
   * Compares the arms as {@code t.test(microscopic, open, var.equal = FALSE)} does, computing each figure
   * with R's own sequence of operations so that results agree to the last few bits.
   */
  public static WelchResult compare(Descriptives open, Descriptives microscopic) {
    double nx = microscopic.n();
    double ny = open.n();
    double mx = microscopic.mean();
    double my = open.mean();
    double difference = microscopic.n() > 0 && open.n() > 0 ? mx - my : Double.NaN;
    if (microscopic.n() < 2 || open.n() < 2) {
      return new WelchResult(difference, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          Double.NaN, Double.NaN);
    }
    double vx = microscopic.variance();
    double vy = open.variance();
    double stderrx = Math.sqrt(vx / nx);
    double stderry = Math.sqrt(vy / ny);
    double se = Math.sqrt(stderrx * stderrx + stderry * stderry);
    double hedgesG = hedgesG(nx, vx, ny, vy, difference);
    boolean constant = !(se >= 10 * DOUBLE_EPS * Math.max(Math.abs(mx), Math.abs(my))) || se == 0;
    if (constant) {
      return new WelchResult(difference, se, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          hedgesG);
    }
    double df = Math.pow(se, 4) / (Math.pow(stderrx, 4) / (nx - 1) + Math.pow(stderry, 4) / (ny - 1));
    double t = (mx - my) / se;
    double p = Distributions.twoSidedT(t, df);
    double q = Distributions.t975(df);
    // R forms the interval on the t scale and then rescales: (t -/+ q) * se.
    return new WelchResult(difference, se, t, df, p, (t - q) * se, (t + q) * se, hedgesG);
  }

  private static double hedgesG(double n1, double v1, double n0, double v0, double difference) {
    double pooledSd = Math.sqrt(((n1 - 1) * v1 + (n0 - 1) * v0) / (n1 + n0 - 2));
    if (!(pooledSd > 0) || Double.isInfinite(pooledSd)) {
      return Double.NaN;
    }
    double correction = 1 - 3 / (4 * (n1 + n0) - 9);
    return correction * difference / pooledSd;
  }
}
