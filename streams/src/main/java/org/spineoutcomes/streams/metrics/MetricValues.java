package org.spineoutcomes.streams.metrics;

import java.util.List;
import org.spineoutcomes.schemas.state.OutcomeFacts;

/** The metric values a procedure's facts hold, which {@link OutcomeFacts} keeps by {@link Metric#slot() slot}. */
public final class MetricValues {

  /**
   * The metric's value in the facts: an {@code Integer} for a continuous metric, a {@code Boolean} for a binary one;
   * null if the facts do not hold it.
   */
  public static Object of(OutcomeFacts facts, Metric metric) {
    return metric.continuous() ? continuous(facts, metric) : binary(facts, metric);
  }

  public static Integer continuous(OutcomeFacts facts, Metric metric) {
    return at(facts.getContinuousValues(), metric.slot());
  }

  public static Boolean binary(OutcomeFacts facts, Metric metric) {
    return at(facts.getBinaryValues(), metric.slot());
  }

  // Facts written before a metric was added to the catalogue are shorter: they do not hold it.
  private static <V> V at(List<V> values, int slot) {
    return slot < values.size() ? values.get(slot) : null;
  }

  private MetricValues() {}
}
