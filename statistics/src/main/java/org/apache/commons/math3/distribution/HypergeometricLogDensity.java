package org.apache.commons.math3.distribution;

/**
 * The log densities of one hypergeometric distribution, bit for bit those of Commons Math's
 * {@link HypergeometricDistribution#logProbability(int)} (Loader's saddle-point method, as R's {@code dhyper}), for
 * Fisher's exact test, which sums thousands of them per registry-sized table. Each density is three saddle-point
 * binomial terms, the third the same for every table of the distribution: here it is computed once, and no domain
 * array is allocated per call. It lives in Commons Math's package because {@code SaddlePointExpansion} is
 * package-private there.
 */
public final class HypergeometricLogDensity {

  private final int populationSize;
  private final int numberOfSuccesses;
  private final int sampleSize;
  private final int lower;
  private final int upper;
  private final double p;
  private final double q;
  /** The third term of every density. */
  private final double logSample;

  public HypergeometricLogDensity(int populationSize, int numberOfSuccesses, int sampleSize) {
    // the distribution's own checks, and its domain
    HypergeometricDistribution checked = new HypergeometricDistribution(null, populationSize, numberOfSuccesses,
        sampleSize);
    this.populationSize = populationSize;
    this.numberOfSuccesses = numberOfSuccesses;
    this.sampleSize = sampleSize;
    this.lower = checked.getSupportLowerBound();
    this.upper = checked.getSupportUpperBound();
    // the same operations, in the same order, as HypergeometricDistribution.logProbability
    this.p = (double) sampleSize / (double) populationSize;
    this.q = (double) (populationSize - sampleSize) / (double) populationSize;
    this.logSample = SaddlePointExpansion.logBinomialProbability(sampleSize, populationSize, p, q);
  }

  /** log P(X = x): what {@link HypergeometricDistribution#logProbability(int)} returns. */
  public double logProbability(int x) {
    if (x < lower || x > upper) {
      return Double.NEGATIVE_INFINITY;
    }
    double p1 = SaddlePointExpansion.logBinomialProbability(x, numberOfSuccesses, p, q);
    double p2 = SaddlePointExpansion.logBinomialProbability(sampleSize - x, populationSize - numberOfSuccesses, p, q);
    return p1 + p2 - logSample;
  }
}
