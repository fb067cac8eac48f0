package org.spineoutcomes.streams.metrics;

import org.spineoutcomes.schemas.MetricKind;
import org.spineoutcomes.schemas.Timepoint;

/**
 * A metric of the public contract: its identifier, kind, unit, a one-line definition, and the follow-up visit
 * that must have come due for a procedure to be expected to have it (null when the procedure itself holds it).
 * {@code slot} is its position among the catalogue's metrics of its kind: where a procedure's facts hold its value
 * ({@link MetricValues}).
 */
public record Metric(String id, MetricKind kind, String unit, String definition, Timepoint dueAt, int slot) {

  public boolean continuous() {
    return kind == MetricKind.CONTINUOUS;
  }
}
