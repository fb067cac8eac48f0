package org.spineoutcomes.streams.strata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.schemas.state.ArmDelta;
import org.spineoutcomes.schemas.state.CellDelta;
import org.spineoutcomes.schemas.state.StratumMetric;
import org.spineoutcomes.streams.StateSerdes;

class CellsTest {

  /**
   * Stored stratum values hold one cell per case mix; decoded or newly added, every cell of the same case mix
   * refers to one string, so a million procedures' strata do not keep hundreds of thousands of copies of a few
   * hundred keys, and the values are otherwise unchanged.
   */
  @Test
  void cellsOfTheSameCaseMixShareOneStringWhetherAddedOrDecoded() {
    String caseMix = "LUMBAR_DISC_HERNIATION|MICRODISCECTOMY|40-64|ASA_1_2";
    StratumMetric first = Cells.emptyMetric();
    Cells.apply(first, delta(new String(caseMix.toCharArray())), "test");
    StratumMetric second = Cells.emptyMetric();
    Cells.apply(second, delta(new String(caseMix.toCharArray())), "test");
    assertThat(second.getCells().get(0).getCaseMix()).isSameAs(first.getCells().get(0).getCaseMix());

    byte[] stored = StateSerdes.STRATUM_METRIC.encode(first);
    StratumMetric decoded = StateSerdes.STRATUM_METRIC.decode(stored);
    assertThat(decoded.getCells().get(0).getCaseMix()).isNotSameAs(first.getCells().get(0).getCaseMix());
    StratumMetric editable = Cells.editable(decoded);
    assertThat(editable.getCells().get(0).getCaseMix()).isSameAs(first.getCells().get(0).getCaseMix());
    assertThat(StateSerdes.STRATUM_METRIC.encode(editable)).isEqualTo(stored);
  }

  private static CellDelta delta(String caseMix) {
    ArmDelta open = new ArmDelta(new ArrayList<>(List.of(120, 300)), new ArrayList<>(List.of(1L, 2L)), 0L, 3L);
    ArmDelta microscopic = new ArmDelta(new ArrayList<>(List.of(40)), new ArrayList<>(List.of(1L)), 0L, 1L);
    return new CellDelta(caseMix, open, microscopic, 3);
  }
}
