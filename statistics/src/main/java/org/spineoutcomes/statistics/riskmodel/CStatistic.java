package org.spineoutcomes.statistics.riskmodel;

import java.util.Arrays;

/** The C-statistic (area under the ROC curve) of predicted risks against observed binary outcomes. */
public final class CStatistic {

  private CStatistic() {
  }

  /**
   * The probability that a randomly chosen observation with the event has a higher predicted risk than one
   * without, ties counted 1/2: the Mann–Whitney form of the area under the ROC curve, equal to R's
   * {@code wilcox.test(p[y], p[!y])$statistic / (n1 * n0)}. The pairs are counted exactly (in integers), so
   * the result is the exact fraction rounded once. NaN when there is no event or no non-event.
   *
   * @throws IllegalArgumentException if the arrays differ in length or a prediction is NaN
   */
  public static double of(double[] predicted, boolean[] outcome) {
    if (predicted.length != outcome.length) {
      throw new IllegalArgumentException(predicted.length + " predictions for " + outcome.length + " outcomes");
    }
    int events = 0;
    for (int i = 0; i < predicted.length; i++) {
      if (Double.isNaN(predicted[i])) {
        throw new IllegalArgumentException("prediction " + i + " is NaN");
      }
      events += outcome[i] ? 1 : 0;
    }
    int nonEvents = predicted.length - events;
    if (events == 0 || nonEvents == 0) {
      return Double.NaN;
    }
    double[] withEvent = new double[events];
    double[] without = new double[nonEvents];
    for (int i = 0, e = 0, ne = 0; i < predicted.length; i++) {
      if (outcome[i]) {
        withEvent[e++] = predicted[i];
      } else {
        without[ne++] = predicted[i];
      }
    }
    Arrays.sort(withEvent);
    Arrays.sort(without);
    // Twice the Mann-Whitney U: 2 per pair ranked correctly, 1 per tie. Comparisons are primitive, so -0.0
    // and 0.0 tie as they do in R.
    long twiceU = 0;
    int below = 0;
    for (int e = 0; e < events; ) {
      double v = withEvent[e];
      int sameEvents = 0;
      while (e < events && withEvent[e] == v) {
        sameEvents++;
        e++;
      }
      while (below < nonEvents && without[below] < v) {
        below++;
      }
      int tied = 0;
      while (below + tied < nonEvents && without[below + tied] == v) {
        tied++;
      }
      twiceU += (long) sameEvents * (2L * below + tied);
    }
    return twiceU / (2.0 * events * nonEvents);
  }
}
