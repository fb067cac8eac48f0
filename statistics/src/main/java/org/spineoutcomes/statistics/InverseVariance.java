package org.spineoutcomes.statistics;

import java.util.List;

/** Inverse-variance weighted mean difference over strata. */
public final class InverseVariance {

  private InverseVariance() {
  }

  /**
   * Pools with each stratum's variance of the difference taken as s₁²/n₁ + s₀²/n₀ (the Welch form).
   * A stratum contributes when both arms have n ≥ 2, finite means and variances, and a positive variance
   * of the difference; others are skipped.
   */
  public static InverseVarianceResult meanDifference(List<StratumMeans> strata) {
    return pool(strata, false);
  }

  /**
   * Pools with each stratum's variance of the difference taken as sp²(1/n₁ + 1/n₀), sp² the pooled
   * variance ((n₁−1)s₁² + (n₀−1)s₀²)/(n₁+n₀−2). Strata are skipped as in {@link #meanDifference}.
   */
  public static InverseVarianceResult pooledVariance(List<StratumMeans> strata) {
    return pool(strata, true);
  }

  private static InverseVarianceResult pool(List<StratumMeans> strata, boolean pooledSd) {
    int used = 0;
    long nMicro = 0;
    long nOpen = 0;
    Sums weights = new Sums();
    Sums weighted = new Sums();
    for (StratumMeans s : strata) {
      if (s.nMicro() < 2 || s.nOpen() < 2 || !Double.isFinite(s.meanMicro())
          || !Double.isFinite(s.meanOpen()) || !(s.varMicro() >= 0) || !(s.varOpen() >= 0)) {
        continue;
      }
      double n1 = s.nMicro();
      double n0 = s.nOpen();
      double variance;
      if (pooledSd) {
        double pooled = ((n1 - 1) * s.varMicro() + (n0 - 1) * s.varOpen()) / (n1 + n0 - 2);
        variance = pooled * (1 / n1 + 1 / n0);
      } else {
        variance = s.varMicro() / n1 + s.varOpen() / n0;
      }
      double w = 1 / variance;
      if (!(variance > 0) || !Double.isFinite(w)) {
        continue;
      }
      used++;
      nMicro += s.nMicro();
      nOpen += s.nOpen();
      weights.add(w);
      weighted.add(w * (s.meanMicro() - s.meanOpen()));
    }
    if (used == 0) {
      return new InverseVarianceResult(0, 0, 0, Pooled.UNDEFINED, Double.NaN, Double.NaN);
    }
    double sumW = weights.value();
    double estimate = weighted.value() / sumW;
    double se = 1 / Math.sqrt(sumW);
    double z = estimate / se;
    return new InverseVarianceResult(used, nMicro, nOpen, Pooled.linear(estimate, se), z,
        Distributions.twoSidedNormal(z));
  }
}
