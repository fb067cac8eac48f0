package org.spineoutcomes.statistics;

/** Helpers for handing figures to consumers that represent "undefined" as {@code null}. */
public final class Figures {

  private Figures() {
  }

  /** The figure boxed, or {@code null} when it is undefined (NaN or, defensively, infinite). */
  public static Double orNull(double figure) {
    return Double.isFinite(figure) ? figure : null;
  }
}
