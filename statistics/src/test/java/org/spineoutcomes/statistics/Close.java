package org.spineoutcomes.statistics;

import static org.assertj.core.api.Assertions.fail;

import java.util.Map;
import java.util.TreeMap;

/**
 * Relative-tolerance comparison with R's figures, keeping the largest relative error seen per kind of figure
 * so the achieved agreement can be reported.
 */
public final class Close {

  /** Estimates, standard errors and interval limits. */
  public static final double ESTIMATE = 1e-9;
  /** P-values. */
  public static final double P_VALUE = 1e-9;

  private static final Map<String, Double> WORST = new TreeMap<>();

  private Close() {
  }

  /**
   * Passes when both are NaN, or |actual − expected| ≤ relative · |expected| (so an expected 0 must be
   * matched exactly). {@code what} ends in the figure's name, under which the largest error is kept.
   */
  public static void check(String what, double actual, double expected, double relative) {
    if (Double.isNaN(expected) || Double.isNaN(actual)) {
      if (Double.isNaN(expected) != Double.isNaN(actual)) {
        fail("%s: expected %s but was %s", what, expected, actual);
      }
      return;
    }
    double error = Math.abs(actual - expected);
    double rel = expected == 0 ? (error == 0 ? 0 : Double.POSITIVE_INFINITY) : error / Math.abs(expected);
    if (!(error <= relative * Math.abs(expected))) {
      fail("%s: expected %s but was %s (relative error %.3g, allowed %.1g)", what,
          Double.toString(expected), Double.toString(actual), rel, relative);
    }
    if (Double.isFinite(rel)) {
      String kind = what.substring(what.lastIndexOf(' ') + 1);
      synchronized (WORST) {
        WORST.merge(kind, rel, Math::max);
      }
    }
  }

  /** The largest relative error seen per figure, for the report in the test output. */
  public static String report() {
    StringBuilder out = new StringBuilder("largest relative error vs R per figure:\n");
    synchronized (WORST) {
      WORST.forEach((k, v) -> out.append(String.format("  %-26s %.2e%n", k, v)));
    }
    return out.toString();
  }
}
