package org.spineoutcomes.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.ArmFigures;
import org.spineoutcomes.schemas.OutcomeComparison;

/**
 * Complementary suppression for what people see. The strata of one dimension partition the procedures, so
 * their arms' n add up to the overall n shown beside them: when exactly one stratum's arm is suppressed, its n
 * could be recovered by subtraction. The stratum with the next smallest n in that arm is then suppressed too.
 * (The topic keeps the primary rule only, so its figures stay those of the published analysis.)
 */
public final class PublicationRule {

  /** An arm of one comparison that must not be shown. */
  public record Arm(String key, Approach approach) {}

  /** Arms to suppress in addition to those the records already suppress, for a snapshot of comparisons. */
  public static Set<Arm> complementary(Map<String, OutcomeComparison> comparisons) {
    Map<String, List<Map.Entry<String, OutcomeComparison>>> byDimensionAndMetric = new HashMap<>();
    comparisons.forEach((key, c) -> {
      if (!"overall".equals(c.getDimension())) {
        byDimensionAndMetric.computeIfAbsent(c.getDimension() + "/" + c.getMetric(), k -> new ArrayList<>())
            .add(Map.entry(key, c));
      }
    });
    Set<Arm> extra = new HashSet<>();
    for (List<Map.Entry<String, OutcomeComparison>> strata : byDimensionAndMetric.values()) {
      for (Approach approach : Approach.values()) {
        long suppressed = strata.stream().filter(e -> arm(e.getValue(), approach).getSuppressed()).count();
        if (suppressed != 1) {
          continue; // none to protect, or several whose individual n no subtraction reveals
        }
        strata.stream()
            .filter(e -> !arm(e.getValue(), approach).getSuppressed())
            .min(Comparator.<Map.Entry<String, OutcomeComparison>>comparingInt(e -> arm(e.getValue(), approach).getN())
                .thenComparing(Map.Entry::getKey))
            .ifPresent(e -> extra.add(new Arm(e.getKey(), approach)));
      }
    }
    return extra;
  }

  private static ArmFigures arm(OutcomeComparison c, Approach approach) {
    return approach == Approach.OPEN ? c.getOpen() : c.getMicroscopic();
  }

  private PublicationRule() {}
}
