package org.spineoutcomes.statistics;

import java.util.Arrays;
import org.apache.commons.math3.distribution.HypergeometricLogDensity;

/** Event rates, their Wilson intervals and crude comparisons of the two arms. */
public final class Proportions {

  /** fisher.test counts tables as extreme as the observed one up to this relative tolerance. */
  private static final double FISHER_RELATIVE_ERROR = 1 + 1e-7;
  /** Tables less likely than e^-60 times the observed and the most likely one do not change a double's bits. */
  private static final double FISHER_WINDOW = 60;

  private Proportions() {
  }

  /**
   * The rate and Wilson score 95% interval, as {@code prop.test(events, n, correct = FALSE)$conf.int},
   * written with prop.test's own operations.
   *
   * @throws IllegalArgumentException if n &lt; 0, events &lt; 0 or events &gt; n
   */
  public static Proportion wilson(long events, long n) {
    checkCounts(events, n);
    if (n == 0) {
      return new Proportion(events, n, Double.NaN, Double.NaN, Double.NaN);
    }
    double x = events;
    double size = n;
    double estimate = x / size;
    double z = Distributions.Z_975;
    double z22n = z * z / (2 * size);
    double upper = estimate >= 1 ? 1
        : (estimate + z22n + z * Math.sqrt(estimate * (1 - estimate) / size + z22n / (2 * size)))
            / (1 + 2 * z22n);
    double lower = estimate <= 0 ? 0
        : (estimate + z22n - z * Math.sqrt(estimate * (1 - estimate) / size + z22n / (2 * size)))
            / (1 + 2 * z22n);
    return new Proportion(events, n, estimate, Math.max(lower, 0), Math.min(upper, 1));
  }

  /**
   * Compares the MICROSCOPIC arm with the OPEN arm.
   *
   * @throws IllegalArgumentException if a count is negative or events exceed procedures
   * @throws ArithmeticException      if the procedures total more than Integer.MAX_VALUE (Commons Math's
   *                                  hypergeometric distribution counts in int)
   */
  public static BinaryComparison compare(long eventsOpen, long nOpen, long eventsMicro, long nMicro) {
    Proportion open = wilson(eventsOpen, nOpen);
    Proportion micro = wilson(eventsMicro, nMicro);
    double nan = Double.NaN;
    if (nOpen == 0 || nMicro == 0) {
      return new BinaryComparison(open, micro, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan,
          nan, nan);
    }
    double p1 = micro.rate();
    double p0 = open.rate();
    double rd = p1 - p0;
    // Newcombe (1998) method 10: each arm's distance to its own Wilson limit, combined in quadrature.
    double rdLow = rd - Math.sqrt(square(p1 - micro.ciLow()) + square(open.ciHigh() - p0));
    double rdHigh = rd + Math.sqrt(square(micro.ciHigh() - p1) + square(p0 - open.ciLow()));

    double rr = nan;
    double seLog = nan;
    double[] limits = {nan, nan, nan, nan};
    if (eventsMicro > 0 && eventsOpen > 0) {
      rr = p1 / p0;
      seLog = Math.sqrt(1.0 / eventsMicro - 1.0 / nMicro + 1.0 / eventsOpen - 1.0 / nOpen);
      limits = logScaleLimits(rr, seLog);
    }

    double[] chi = chiSquare(eventsMicro, nMicro, eventsOpen, nOpen, false);
    double[] chiCorrected = chiSquare(eventsMicro, nMicro, eventsOpen, nOpen, true);
    return new BinaryComparison(open, micro, rd, rdLow, rdHigh, rr, seLog, limits[0], limits[1], limits[2],
        limits[3], fisherTwoSided(eventsMicro, nMicro, eventsOpen, nOpen), chi[0], chi[1],
        chiCorrected[0], chiCorrected[1]);
  }

  /** exp(log(estimate) ∓ z·se) for z = the 0.975 quantile and z = 1.96: {low, high, low196, high196}. */
  static double[] logScaleLimits(double estimate, double seLog) {
    double log = Math.log(estimate);
    return new double[] {
      Math.exp(log - Distributions.Z_975 * seLog), Math.exp(log + Distributions.Z_975 * seLog),
      Math.exp(log - Distributions.Z_196 * seLog), Math.exp(log + Distributions.Z_196 * seLog)};
  }

  /**
   * {@code prop.test(c(a, c), c(n1, n0), correct = ...)}: statistic and p-value, in prop.test's operations.
   * NaN when the pooled rate is 0 or 1 (an expected count is 0), as in R.
   */
  private static double[] chiSquare(long a, long n1, long c, long n0, boolean correct) {
    double x1 = a;
    double x0 = c;
    double size1 = n1;
    double size0 = n0;
    double delta = x1 / size1 - x0 / size0;
    double yates = correct ? Math.min(0.5, Math.abs(delta) / (1 / size1 + 1 / size0)) : 0;
    double p = (x1 + x0) / (size1 + size0);
    double[] observed = {x1, x0, size1 - x1, size0 - x0};
    double[] expected = {size1 * p, size0 * p, size1 * (1 - p), size0 * (1 - p)};
    Sums statistic = new Sums();
    for (int i = 0; i < 4; i++) {
      statistic.add(square(Math.abs(observed[i] - expected[i]) - yates) / expected[i]);
    }
    double value = statistic.value();
    if (!Double.isFinite(value)) {
      return new double[] {Double.NaN, Double.NaN};
    }
    return new double[] {value, Distributions.chiSquare1UpperTail(value)};
  }

  /**
   * Two-sided p of Fisher's exact test for the table (a, n1 − a / c, n0 − c), exactly as
   * {@code fisher.test} computes it: the probabilities of all tables with the same margins are scaled by
   * their maximum and normalised, and those not above the observed one (up to a relative 1e-7) are summed.
   */
  static double fisherTwoSided(long a, long n1, long c, long n0) {
    long events = a + c;
    long nonEvents = (n1 - a) + (n0 - c);
    long total = events + nonEvents;
    if (n1 == 0 || n0 == 0) {
      return Double.NaN;
    }
    long lo = Math.max(0, n1 - nonEvents);
    long hi = Math.min(n1, events);
    if (lo == hi) {
      // Only one table has these margins (no event, or only events). R gives 1; Commons Math's
      // logProbability returns NaN for some of these (0 * log(0/0) when the sampling fraction is < 0.1).
      return 1.0;
    }
    HypergeometricLogDensity hypergeometric = new HypergeometricLogDensity(
        Math.toIntExact(total), Math.toIntExact(events), Math.toIntExact(n1));
    // The density is unimodal: walk out from its mode and stop where a table is less likely than e^-WINDOW times
    // both the observed and the most likely one. What is left out adds less than support size · e^-WINDOW
    // (about 1e-20) relative to the p-value, so a registry-sized arm costs a few thousand terms, not all of them.
    // Each term is Commons Math's log density, the saddle-point method R's dhyper uses, so the figures agree with
    // fisher.test to the last few bits (a ratio of neighbouring terms would be faster, but drift by 1e-13).
    long mode = Math.min(hi, Math.max(lo, (n1 + 1) * (events + 1) / (total + 2)));
    double logMode = hypergeometric.logProbability((int) mode);
    double floor = Math.min(hypergeometric.logProbability((int) a), logMode) - FISHER_WINDOW;
    double[] left = walk(hypergeometric, mode - 1, -1, lo, floor);
    double[] right = walk(hypergeometric, mode + 1, +1, hi, floor);
    int nLeft = left.length;
    int nRight = right.length;
    long from = mode - nLeft;
    int size = nLeft + 1 + nRight;
    double[] density = new double[size];
    for (int i = 0; i < nLeft; i++) {
      density[nLeft - 1 - i] = left[i];
    }
    density[nLeft] = logMode;
    System.arraycopy(right, 0, density, nLeft + 1, nRight);
    double max = Double.NEGATIVE_INFINITY;
    for (double x : density) {
      max = Math.max(max, x);
    }
    Sums norm = new Sums();
    for (int i = 0; i < size; i++) {
      density[i] = Math.exp(density[i] - max);
      norm.add(density[i]);
    }
    double normaliser = norm.value();
    for (int i = 0; i < size; i++) {
      density[i] /= normaliser;
    }
    double threshold = density[(int) (a - from)] * FISHER_RELATIVE_ERROR;
    Sums p = new Sums();
    for (double x : density) {
      if (x <= threshold) {
        p.add(x);
      }
    }
    return p.value();
  }

  /** Log densities of the tables from `start`, a step at a time towards `bound` (inclusive), while at least `floor`. */
  private static double[] walk(HypergeometricLogDensity hypergeometric, long start, int step, long bound,
      double floor) {
    double[] out = new double[64];
    int n = 0;
    for (long k = start; step > 0 ? k <= bound : k >= bound; k += step) {
      double logP = hypergeometric.logProbability((int) k);
      if (logP < floor) {
        break;
      }
      if (n == out.length) {
        out = Arrays.copyOf(out, 2 * n);
      }
      out[n++] = logP;
    }
    return Arrays.copyOf(out, n);
  }

  static void checkCounts(long events, long n) {
    if (n < 0 || events < 0 || events > n) {
      throw new IllegalArgumentException("impossible counts: " + events + " events in " + n);
    }
  }

  private static double square(double x) {
    return x * x;
  }
}
