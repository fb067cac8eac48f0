package org.spineoutcomes.streams.strata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.schemas.state.ArmSums;
import org.spineoutcomes.schemas.state.CaseMixSums;

class DistinctPatientsTest {

  /** Random patients in random cells: the grouped count equals counting each patient once, for any inclusion. */
  @Test
  void equalsCountingEachPatientOnce() {
    Random random = new Random(17);
    List<String> cells = List.of("A", "B", "C", "D", "E", "F");
    for (int round = 0; round < 300; round++) {
      Map<String, Integer> perCell = new HashMap<>();
      Map<List<String>, Integer> shared = new HashMap<>();
      List<Set<String>> patients = new ArrayList<>();
      for (int p = 0; p < random.nextInt(400); p++) {
        TreeSet<String> in = new TreeSet<>();
        int procedures = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
        for (int i = 0; i < procedures; i++) {
          in.add(cells.get(random.nextInt(cells.size())));
        }
        patients.add(in);
        in.forEach(c -> perCell.merge(c, 1, Integer::sum));
        if (in.size() >= 2) {
          shared.merge(new ArrayList<>(in), 1, Integer::sum);
        }
      }
      List<CaseMixSums> metricCells = new ArrayList<>();
      perCell.forEach((c, n) -> metricCells.add(new CaseMixSums(c, new ArmSums(), new ArmSums(), n)));
      Set<String> included = new HashSet<>();
      boolean everyCell = random.nextInt(3) == 0; // as in most large strata
      cells.forEach(c -> {
        if (everyCell || random.nextBoolean()) {
          included.add(c);
        }
      });
      long expected = patients.stream().filter(in -> in.stream().anyMatch(included::contains)).count();
      assertThat(StratumAggregator.distinctPatients(metricCells, shared, included)).as("round %d", round)
          .isEqualTo((int) expected);
    }
  }
}
