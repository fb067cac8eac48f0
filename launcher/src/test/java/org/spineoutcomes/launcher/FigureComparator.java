package org.spineoutcomes.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Compares figures against R's reference values with the stated tolerances, collecting every mismatch. */
final class FigureComparator {

  static final double ESTIMATE_RTOL = 1e-9;
  static final double P_RTOL = 1e-6;

  final List<String> mismatches = new ArrayList<>();
  int compared;

  void estimate(String where, JsonNode expected, Object actual) {
    number(where, expected, actual, ESTIMATE_RTOL, 1e-12);
  }

  void pValue(String where, JsonNode expected, Object actual) {
    number(where, expected, actual, P_RTOL, 1e-15);
  }

  void exact(String where, JsonNode expected, Object actual) {
    compared++;
    if (expected == null || expected.isNull()) {
      if (actual != null) {
        mismatches.add(where + ": expected null, got " + actual);
      }
      return;
    }
    if (actual == null) {
      mismatches.add(where + ": expected " + expected + ", got null");
    } else if (expected.isBoolean() ? expected.asBoolean() != (Boolean) actual
        : expected.asLong() != ((Number) actual).longValue()) {
      mismatches.add(where + ": expected " + expected + ", got " + actual);
    }
  }

  private void number(String where, JsonNode expected, Object actual, double rtol, double atol) {
    compared++;
    boolean expectedNull = expected == null || expected.isNull();
    if (expectedNull || actual == null) {
      if (expectedNull != (actual == null)) {
        mismatches.add(where + ": expected " + expected + ", got " + actual);
      }
      return;
    }
    double e = expected.asDouble();
    double a = ((Number) actual).doubleValue();
    if (Math.abs(a - e) > Math.max(atol, rtol * Math.abs(e))) {
      mismatches.add(String.format("%s: expected %.17g, got %.17g (rel %.2e)", where, e, a,
          Math.abs(a - e) / Math.max(Math.abs(e), 1e-300)));
    }
  }

  String report() {
    StringBuilder sb = new StringBuilder(mismatches.size() + " of " + compared + " figures differ from R:\n");
    mismatches.stream().limit(60).forEach(m -> sb.append("  ").append(m).append('\n'));
    return sb.toString();
  }
}
