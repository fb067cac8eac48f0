package org.spineoutcomes.ingest.simulator;

/**
 * A small, fully specified SplitMix64 generator, so that a seed gives the same feed on every JVM.
 * Not thread-safe; each procedure and each simulated day gets its own instance derived from the seed.
 */
final class Rng {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private long state;

  Rng(long seed) {
    this.state = seed;
  }

  /** The SplitMix64 finaliser: a bijective 64-bit mix. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A seed for an independent stream identified by {@code (seed, salt, index)}. */
  static long derive(long seed, long salt, long index) {
    return mix(mix(seed ^ mix(salt * GOLDEN + 0x632BE59BD9B4E019L)) + index * GOLDEN);
  }

  long nextLong() {
    return mix(state += GOLDEN);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound), bound &gt; 0. */
  int nextInt(int bound) {
    return (int) (((nextLong() >>> 33) * bound) >>> 31);
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int between(int lo, int hi) {
    return lo + nextInt(hi - lo + 1);
  }

  /** Uniform long in [lo, hi], both inclusive (hi - lo &lt; 2^62). */
  long betweenLong(long lo, long hi) {
    return lo + Math.floorMod(nextLong(), hi - lo + 1);
  }

  boolean chance(double p) {
    return nextDouble() < p;
  }

  /** Standard normal by Box-Muller (no cached spare, so the stream position is simple to reason about). */
  double gaussian() {
    double u1 = 1.0 - nextDouble(); // (0, 1]
    double u2 = nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  double normal(double mean, double sd) {
    return mean + sd * gaussian();
  }

  /** Log-normal with the given median and log-scale standard deviation. */
  double logNormal(double median, double sigma) {
    return median * Math.exp(sigma * gaussian());
  }

  /** Poisson; exact (Knuth) for small means, rounded normal approximation above 40. */
  int poisson(double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 40) {
      return (int) Math.max(0, Math.round(normal(mean, Math.sqrt(mean))));
    }
    double limit = Math.exp(-mean);
    double product = nextDouble();
    int k = 0;
    while (product > limit) {
      product *= nextDouble();
      k++;
    }
    return k;
  }

  /** Index drawn with probability proportional to {@code weights[i]} (non-negative, positive sum). */
  int pick(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    for (int i = weights.length - 1; i >= 0; i--) {
      if (weights[i] > 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("all weights are zero");
  }

  static double logistic(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  static int clamp(long v, int lo, int hi) {
    return (int) Math.max(lo, Math.min(hi, v));
  }

  static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
