package org.spineoutcomes.statistics;

/**
 * One stratum's arm summaries for inverse-variance pooling of the mean difference MICROSCOPIC − OPEN.
 *
 * @param nMicro    MICROSCOPIC values
 * @param meanMicro their mean
 * @param varMicro  their variance (n − 1)
 * @param nOpen     OPEN values
 * @param meanOpen  their mean
 * @param varOpen   their variance (n − 1)
 */
public record StratumMeans(long nMicro, double meanMicro, double varMicro, long nOpen, double meanOpen,
    double varOpen) {

  /** The stratum as summarised by {@link Descriptives}. */
  public static StratumMeans of(Descriptives micro, Descriptives open) {
    return new StratumMeans(micro.n(), micro.mean(), micro.variance(), open.n(), open.mean(),
        open.variance());
  }
}
