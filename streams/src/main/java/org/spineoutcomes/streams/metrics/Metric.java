package org.spineoutcomes.streams.metrics;

import org.spineoutcomes.schemas.MetricKind;

/** A metric of the public contract: its identifier, kind, unit and a one-line definition. */
public record Metric(String id, MetricKind kind, String unit, String definition) {

  public boolean continuous() {
    return kind == MetricKind.CONTINUOUS;
  }
}
