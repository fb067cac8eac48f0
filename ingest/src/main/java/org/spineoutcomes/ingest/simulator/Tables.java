package org.spineoutcomes.ingest.simulator;

import org.spineoutcomes.schemas.Condition;
import org.spineoutcomes.schemas.SpinalRegion;
import org.spineoutcomes.schemas.Technique;

/** Enum-indexed lookup tables, filled by name so that enum order never matters. */
final class Tables {

  private Tables() {}

  static double[] byCondition(double herniatedDisc, double stenosis, double degenerative, double tumour,
                double deformity) {
    double[] t = new double[Condition.values().length];
    t[Condition.HERNIATED_DISC.ordinal()] = herniatedDisc;
    t[Condition.SPINAL_STENOSIS.ordinal()] = stenosis;
    t[Condition.DEGENERATIVE_DISC_DISEASE.ordinal()] = degenerative;
    t[Condition.SPINAL_TUMOR.ordinal()] = tumour;
    t[Condition.SPINAL_DEFORMITY.ordinal()] = deformity;
    return t;
  }

  static double[] byTechnique(double discectomy, double laminectomy, double fusion, double decompression) {
    double[] t = new double[Technique.values().length];
    t[Technique.DISCECTOMY.ordinal()] = discectomy;
    t[Technique.LAMINECTOMY.ordinal()] = laminectomy;
    t[Technique.FUSION.ordinal()] = fusion;
    t[Technique.DECOMPRESSION.ordinal()] = decompression;
    return t;
  }

  static double[] byRegion(double cervical, double thoracic, double lumbar) {
    double[] t = new double[SpinalRegion.values().length];
    t[SpinalRegion.CERVICAL.ordinal()] = cervical;
    t[SpinalRegion.THORACIC.ordinal()] = thoracic;
    t[SpinalRegion.LUMBAR.ordinal()] = lumbar;
    return t;
  }

  static final String[][] SEGMENTS = new String[SpinalRegion.values().length][];

  /** Relative frequency of each motion segment as the centre of an operation. */
  static final double[][] SEGMENT_WEIGHTS = new double[SpinalRegion.values().length][];

  static {
    SEGMENTS[SpinalRegion.CERVICAL.ordinal()] = new String[] {"C2-C3", "C3-C4", "C4-C5", "C5-C6", "C6-C7",
      "C7-T1"};
    SEGMENT_WEIGHTS[SpinalRegion.CERVICAL.ordinal()] = new double[] {0.04, 0.10, 0.20, 0.36, 0.25, 0.05};
    SEGMENTS[SpinalRegion.THORACIC.ordinal()] = new String[] {"T1-T2", "T2-T3", "T3-T4", "T4-T5", "T5-T6",
      "T6-T7", "T7-T8", "T8-T9", "T9-T10", "T10-T11", "T11-T12", "T12-L1"};
    SEGMENT_WEIGHTS[SpinalRegion.THORACIC.ordinal()] = new double[] {0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.09,
      0.10, 0.10, 0.11, 0.11, 0.10};
    SEGMENTS[SpinalRegion.LUMBAR.ordinal()] = new String[] {"L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1"};
    SEGMENT_WEIGHTS[SpinalRegion.LUMBAR.ordinal()] = new double[] {0.04, 0.08, 0.18, 0.42, 0.28};
  }
}
