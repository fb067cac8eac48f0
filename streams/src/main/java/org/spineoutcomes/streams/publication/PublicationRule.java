package org.spineoutcomes.streams.publication;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.spineoutcomes.schemas.AdjustedComparison;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.ArmFigures;
import org.spineoutcomes.schemas.OutcomeComparison;

/**
 * What may be shown to people, from the analysis comparisons of one dimension and metric (the small-cell rule
 * everywhere). The analysis topic already suppresses any arm of fewer than 11 procedures; publication adds:
 * <ul>
 *   <li><b>complementary suppression</b>: the strata of one dimension partition the procedures, so their arms' n
 *       add up to the overall n; when exactly one stratum's arm is suppressed its n could be recovered by
 *       subtraction, so the stratum with the next smallest n in that arm (ties: the smaller key) is suppressed
 *       too;</li>
 *   <li><b>adjusted estimates</b> only when both approaches contribute at least 11 procedures;</li>
 *   <li>a comparison with a suppressed arm carries no comparison figures.</li>
 * </ul>
 */
public final class PublicationRule {

  /** No published figure rests on fewer procedures than this. */
  public static final int MIN_CELL_SIZE = 11;

  private static final Set<String> NOT_FIGURES =
      Set.of("dimension", "value", "metric", "kind", "suppressed", "open", "microscopic", "adjusted", "computedAt");

  /** An adjusted comparison withheld; a template, never published itself (records are mutable). */
  private static final AdjustedComparison HIDDEN_ADJUSTED = AdjustedComparison.newBuilder().setSuppressed(true).build();

  /** A withheld arm; a template, as above. */
  private static final ArmFigures SUPPRESSED_ARM = ArmFigures.newBuilder().setSuppressed(true).build();

  /** An arm of one comparison. */
  public record Arm(String key, Approach approach) {}

  /**
   * All that complementary suppression needs of one analysis comparison: whether it is the overall stratum, and per
   * approach whether its arm is suppressed and its n.
   */
  public record Arms(boolean overall, boolean openSuppressed, int openN, boolean microscopicSuppressed,
      int microscopicN) {

    public static Arms of(OutcomeComparison c) {
      return new Arms("overall".equals(c.getDimension()), c.getOpen().getSuppressed(), n(c.getOpen()),
          c.getMicroscopic().getSuppressed(), n(c.getMicroscopic()));
    }

    private static int n(ArmFigures arm) {
      return arm.getN() == null ? 0 : arm.getN();
    }

    boolean suppressed(Approach approach) {
      return approach == Approach.OPEN ? openSuppressed : microscopicSuppressed;
    }

    int n(Approach approach) {
      return approach == Approach.OPEN ? openN : microscopicN;
    }
  }

  /**
   * The published form of every comparison of one dimension and metric.
   *
   * @param group analysis comparisons keyed "dimension/value/metric", all of one dimension and metric
   */
  public static Map<String, OutcomeComparison> publish(Map<String, OutcomeComparison> group) {
    Map<String, Arms> arms = new TreeMap<>();
    group.forEach((key, c) -> arms.put(key, Arms.of(c)));
    Set<Arm> extra = complementary(arms);
    Map<String, OutcomeComparison> out = new TreeMap<>();
    group.forEach((key, c) -> out.put(key, publish(key, c, extra)));
    return out;
  }

  /**
   * Arms to suppress beyond those the records suppress, so no suppressed n follows by subtraction.
   *
   * @param group the arms of every analysis comparison of one dimension and metric, by key
   */
  static Set<Arm> complementary(Map<String, Arms> group) {
    Set<Arm> extra = new HashSet<>();
    List<Map.Entry<String, Arms>> strata = group.entrySet().stream()
        .filter(e -> !e.getValue().overall())
        .toList();
    for (Approach approach : Approach.values()) {
      long suppressed = strata.stream().filter(e -> e.getValue().suppressed(approach)).count();
      if (suppressed != 1) {
        continue; // none to protect, or several whose individual n no subtraction reveals
      }
      strata.stream()
          .filter(e -> !e.getValue().suppressed(approach))
          .min(Comparator.<Map.Entry<String, Arms>>comparingInt(e -> e.getValue().n(approach))
              .thenComparing(Map.Entry::getKey))
          .ifPresent(e -> extra.add(new Arm(e.getKey(), approach)));
    }
    return extra;
  }

  /** The published form of one analysis comparison, given the arms its group's complementary suppression adds. */
  static OutcomeComparison publish(String key, OutcomeComparison analysis, Set<Arm> extra) {
    boolean openHidden = analysis.getOpen().getSuppressed() || extra.contains(new Arm(key, Approach.OPEN));
    boolean microHidden = analysis.getMicroscopic().getSuppressed()
        || extra.contains(new Arm(key, Approach.MICROSCOPIC));
    boolean suppressed = analysis.getSuppressed() || openHidden || microHidden;
    AdjustedComparison a = analysis.getAdjusted();
    boolean hideAdjusted = a != null
        && (suppressed || a.getSuppressed() || small(a.getNOpen()) || small(a.getNMicroscopic()));
    if (!suppressed && (!hideAdjusted || a.equals(HIDDEN_ADJUSTED))) {
      return analysis; // nothing to hide: published as analysed (most comparisons; a deep copy cost 4% of the thread)
    }
    // A shallow copy, without the figures when suppressed: a deep copy of every hidden comparison cost 3% of the
    // thread live. The parts it shares with the analysis are never changed once a comparison is built.
    OutcomeComparison c = new OutcomeComparison();
    for (Schema.Field f : c.getSchema().getFields()) {
      if (!suppressed || NOT_FIGURES.contains(f.name())) {
        c.put(f.pos(), analysis.get(f.pos()));
      }
    }
    if (openHidden) {
      c.setOpen(suppressedArm());
    }
    if (microHidden) {
      c.setMicroscopic(suppressedArm());
    }
    c.setSuppressed(suppressed);
    if (hideAdjusted) {
      c.setAdjusted(AdjustedComparison.newBuilder(HIDDEN_ADJUSTED).build());
    }
    return c;
  }

  private static boolean small(Integer n) {
    return n == null || n < MIN_CELL_SIZE;
  }

  private static ArmFigures suppressedArm() {
    return ArmFigures.newBuilder(SUPPRESSED_ARM).build();
  }

  private PublicationRule() {}
}
