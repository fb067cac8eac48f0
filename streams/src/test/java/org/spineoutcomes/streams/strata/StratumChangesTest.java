package org.spineoutcomes.streams.strata;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.spineoutcomes.schemas.FollowUpRecorded;
import org.spineoutcomes.schemas.ProcedurePerformed;
import org.spineoutcomes.schemas.state.CellDelta;
import org.spineoutcomes.schemas.state.MetricDelta;
import org.spineoutcomes.schemas.state.OutcomeFacts;
import org.spineoutcomes.schemas.state.ProcedureOutcome;
import org.spineoutcomes.schemas.state.StratumDelta;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.streams.RandomEvents;
import org.spineoutcomes.streams.StateSerdes;
import org.spineoutcomes.streams.metrics.OutcomeFactsDeriver;

class StratumChangesTest {

  /**
   * A flush of thousands of patients changes more of a stratum than fits one Kafka record; the delta is cut into
   * records under the budget that together hold exactly the same changes.
   */
  @Test
  void aLargeChangeIsCutIntoRecordsUnderTheBudgetThatAddUpToTheWhole() {
    int budget = 8 * 1024;
    StratumChanges whole = new StratumChanges();
    StratumChanges cut = new StratumChanges();
    RandomEvents events = new RandomEvents(7);
    Instant start = Instant.parse("2024-01-01T08:00:00Z");
    for (int i = 0; i < 3000; i++) {
      String patient = "P" + (i % 2200); // some patients have two procedures, often in different cells
      ProcedurePerformed p = events.procedure("PR" + i, patient, start.plusSeconds(3600L * i));
      List<FollowUpRecorded> followUps = events.followUps(p);
      OutcomeFacts facts = OutcomeFactsDeriver.derive(
          ProcedureOutcome.newBuilder().setProcedureId(p.getProcedureId()).setProcedure(p).setFollowUps(followUps)
              .build());
      List<OutcomeFacts> now = i >= 2200 ? List.of(previous.get(patient), facts) : List.of(facts);
      List<OutcomeFacts> before = i >= 2200 ? List.of(previous.get(patient)) : List.of();
      whole.patientChanged(patient, before, now);
      cut.patientChanged(patient, before, now);
      previous.putIfAbsent(patient, facts);
    }
    Map<String, List<StratumDelta>> one = whole.drain(Integer.MAX_VALUE);
    Map<String, List<StratumDelta>> many = cut.drain(budget);

    assertThat(one.values()).allSatisfy(list -> assertThat(list).hasSize(1));
    assertThat(many.get("overall/all")).hasSizeGreaterThan(10);
    assertThat(many.keySet()).isEqualTo(one.keySet());
    for (String stratum : one.keySet()) {
      for (StratumDelta part : many.get(stratum)) {
        assertThat(StateSerdes.STRATUM_DELTA.serializer().serialize("t", part).length).as(stratum)
            .isLessThanOrEqualTo(budget);
      }
      assertThat(flatten(many.get(stratum))).as(stratum).isEqualTo(flatten(one.get(stratum)));
    }
  }

  /**
   * The patient stage ends a flush slice on this estimate. It grows with what is combined, never exceeds what the
   * combiner allocated meanwhile (retained heap is part of it), and is back to zero once drained.
   */
  @Test
  void theHeapEstimateGrowsWithTheChangesStaysUnderWhatWasAllocatedAndIsResetByDraining() {
    var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    StratumChanges changes = new StratumChanges();
    assertThat(changes.estimatedBytes()).isZero();
    RandomEvents events = new RandomEvents(11);
    Instant start = Instant.parse("2024-01-01T08:00:00Z");
    List<OutcomeFacts> facts = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      ProcedurePerformed p = events.procedure("PR" + i, "P" + i, start.plusSeconds(3600L * i));
      facts.add(OutcomeFactsDeriver.derive(ProcedureOutcome.newBuilder().setProcedureId(p.getProcedureId())
          .setProcedure(p).setFollowUps(events.followUps(p)).build()));
    }
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    long last = 0;
    for (int i = 0; i < facts.size(); i++) {
      changes.patientChanged("P" + i, List.of(), List.of(facts.get(i)));
      assertThat(changes.estimatedBytes()).isGreaterThanOrEqualTo(last);
      last = changes.estimatedBytes();
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;

    assertThat(last).isGreaterThan(100_000).isLessThan(allocated);
    changes.drain();
    assertThat(changes.estimatedBytes()).isZero();
    assertThat(changes.isEmpty()).isTrue();
  }

  private final Map<String, OutcomeFacts> previous = new TreeMap<>();

  /** Every cell change, shared-patient entry and performed-day change, by metric, in order. */
  private static List<Object> flatten(List<StratumDelta> deltas) {
    Map<String, List<CellDelta>> cells = new TreeMap<>();
    Map<String, Map<String, List<String>>> shared = new TreeMap<>();
    List<Object> performed = new ArrayList<>();
    for (StratumDelta d : deltas) {
      for (MetricDelta m : d.getMetrics()) {
        cells.computeIfAbsent(m.getMetric(), k -> new ArrayList<>()).addAll(m.getCells());
        shared.computeIfAbsent(m.getMetric(), k -> new TreeMap<>()).putAll(m.getSharedPatients());
      }
      if (d.getPerformedOpen().getN() != 0 || !d.getPerformedOpen().getValues().isEmpty()) {
        performed.add(d.getPerformedOpen());
      }
      if (d.getPerformedMicroscopic().getN() != 0 || !d.getPerformedMicroscopic().getValues().isEmpty()) {
        performed.add(d.getPerformedMicroscopic());
      }
    }
    return List.of(cells, shared, performed);
  }
}
