package org.spineoutcomes.streams.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.schemas.ProcedurePerformed;
import org.spineoutcomes.schemas.state.ArmDelta;
import org.spineoutcomes.schemas.state.CellDelta;
import org.spineoutcomes.schemas.state.MetricDelta;
import org.spineoutcomes.schemas.state.OutcomeDelta;
import org.spineoutcomes.schemas.state.PatientEvent;
import org.spineoutcomes.schemas.state.PatientState;
import org.spineoutcomes.schemas.state.ProcedureOutcome;
import org.spineoutcomes.schemas.state.StratumDelta;
import org.spineoutcomes.streams.InputBacklog;
import org.spineoutcomes.streams.PendingChanges;
import org.spineoutcomes.streams.RandomEvents;
import org.spineoutcomes.streams.StateSerdes;
import org.spineoutcomes.streams.metrics.OutcomeFactsDeriver;

class PatientTrackerTest {

  private static final String STORE = "patients";
  private static final Instant START = Instant.parse("2024-01-01T08:00:00Z");

  /**
   * Which patients await a flush is known only from their stored state (the facts the aggregates still reflect):
   * a tracker started on the state another left unflushed, as after a restart or a move of the task, sends exactly
   * the changes the first would have sent.
   */
  @Test
  void aRestartedTrackerFlushesTheChangesItsPredecessorLeftInTheStore() {
    List<Record<String, PatientEvent>> events = events();
    Set<String> patients = new HashSet<>();
    events.forEach(e -> patients.add(e.key()));

    KeyValueStore<String, PatientState> uninterruptedStore = store();
    Run uninterrupted = new Run(uninterruptedStore);
    events.forEach(uninterrupted.tracker::process);
    assertThat(uninterrupted.pending.total()).isEqualTo(patients.size());
    uninterrupted.punctuate();
    assertThat(uninterrupted.pending.total()).isZero();

    KeyValueStore<String, PatientState> store = store();
    Run first = new Run(store);
    events.forEach(first.tracker::process);
    assertThat(first.context.forwarded()).as("nothing is sent before a flush").isEmpty();
    first.tracker.close();
    assertThat(first.pending.total()).as("a closed task holds no pending patients").isZero();

    Run restarted = new Run(store);
    assertThat(restarted.pending.total()).as("found in the store").isEqualTo(patients.size());
    restarted.punctuate();
    assertThat(restarted.pending.total()).isZero();
    assertThat(forwarded(restarted)).hasSizeGreaterThan(patients.size()).isEqualTo(forwarded(uninterrupted));
    try (var it = store.all()) {
      it.forEachRemaining(kv -> assertThat(kv.value.getReflected()).as(kv.key).isNull());
    }

    Run again = new Run(store);
    again.punctuate();
    assertThat(again.context.forwarded()).as("what was flushed is not sent twice").isEmpty();
  }

  /**
   * A flush whose combined changes outgrow the slice's heap budget goes out in several slices, each committed, and
   * the slices together send exactly what one flush would: the same procedure changes, and stratum deltas that add
   * up to the same counts.
   */
  @Test
  void aFlushOverItsHeapBudgetGoesOutInSlicesThatAddUpToTheWhole() {
    List<Record<String, PatientEvent>> events = events();
    Run whole = new Run(store());
    events.forEach(whole.tracker::process);
    whole.punctuate();
    assertThat(whole.pending.total()).isZero();

    Run sliced = new Run(store(), 64 * 1024);
    events.forEach(sliced.tracker::process);
    int slices = 0;
    for (long now = 5_000L; sliced.pending.total() > 0 && slices < 100; now += 250) {
      sliced.context.scheduledPunctuators().get(0).getPunctuator().punctuate(now);
      slices++;
    }
    assertThat(sliced.pending.total()).isZero();
    assertThat(slices).as("slices").isGreaterThan(2);

    assertThat(procedureChanges(sliced)).isEqualTo(procedureChanges(whole));
    assertThat(strataCounts(sliced)).isNotEmpty().isEqualTo(strataCounts(whole));
  }

  private static List<String> procedureChanges(Run run) {
    List<String> out = new ArrayList<>();
    run.context.forwarded().stream().filter(c -> c.record().value() instanceof OutcomeDelta)
        .forEach(c -> out.add(c.record().key() + " " + c.record().value()));
    out.sort(null);
    return out;
  }

  /** Every count the stratum deltas carry, summed by stratum, metric, cell, arm and value; shared patients listed. */
  private static Map<String, Long> strataCounts(Run run) {
    Map<String, Long> sums = new TreeMap<>();
    for (var captured : run.context.forwarded()) {
      if (!(captured.record().value() instanceof StratumDelta delta)) {
        continue;
      }
      String stratum = captured.record().key();
      add(sums, stratum + " performed OPEN", delta.getPerformedOpen());
      add(sums, stratum + " performed MICROSCOPIC", delta.getPerformedMicroscopic());
      for (MetricDelta m : delta.getMetrics()) {
        for (CellDelta cell : m.getCells()) {
          String at = stratum + " " + m.getMetric() + " " + cell.getCaseMix();
          sums.merge(at + " patients", (long) cell.getPatients(), Long::sum);
          add(sums, at + " OPEN", cell.getOpen());
          add(sums, at + " MICROSCOPIC", cell.getMicroscopic());
        }
        m.getSharedPatients().forEach((patient, cells) ->
            sums.merge(stratum + " " + m.getMetric() + " shared " + patient + " " + cells, 1L, Long::sum));
      }
    }
    sums.values().removeIf(v -> v == 0);
    return sums;
  }

  private static void add(Map<String, Long> sums, String at, ArmDelta arm) {
    sums.merge(at + " n", arm.getN(), Long::sum);
    sums.merge(at + " events", arm.getEvents(), Long::sum);
    for (int i = 0; i < arm.getValues().size(); i++) {
      sums.merge(at + " value " + arm.getValues().get(i), arm.getCounts().get(i), Long::sum);
    }
  }

  private static List<Record<String, PatientEvent>> events() {
    RandomEvents gen = new RandomEvents(5);
    List<Record<String, PatientEvent>> out = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String patient = String.format("%064x", i % 45);
      ProcedurePerformed p = gen.procedure("P-" + i, patient, START.plus(Duration.ofDays(3L * i)));
      PatientEvent event = PatientEvent.newBuilder().setProcedureId(p.getProcedureId())
          .setFacts(OutcomeFactsDeriver.derive(ProcedureOutcome.newBuilder().setProcedureId(p.getProcedureId())
              .setProcedure(p).setFollowUps(gen.followUps(p)).build()))
          .build();
      out.add(new Record<>(patient, event, 1_000L + i));
    }
    return out;
  }

  /** Everything forwarded, by key, in a form independent of the order patients were flushed in. */
  private static Map<String, List<String>> forwarded(Run run) {
    Map<String, List<String>> byKey = new TreeMap<>();
    for (var captured : run.context.forwarded()) {
      byKey.computeIfAbsent(captured.record().key(), k -> new ArrayList<>())
          .add(String.valueOf(captured.record().value()));
    }
    byKey.values().forEach(list -> list.sort(null));
    return byKey;
  }

  private static KeyValueStore<String, PatientState> store() {
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), StateSerdes.PATIENT_STATE)
        .withLoggingDisabled().build();
  }

  /** One tracker on a mock context holding the given store. */
  private static final class Run {
    final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
    final PendingChanges pending = new PendingChanges();
    final PatientTracker tracker;

    Run(KeyValueStore<String, PatientState> store) {
      this(store, PatientTracker.SLICE_BYTES);
    }

    Run(KeyValueStore<String, PatientState> store, long sliceBytes) {
      tracker = new PatientTracker(STORE, Duration.ofSeconds(1), pending, new InputBacklog(), sliceBytes);
      if (!store.isOpen()) {
        store.init(context.getStateStoreContext(), store);
      }
      context.addStateStore(store);
      context.setCurrentSystemTimeMs(2_000L);
      context.setCurrentStreamTimeMs(1_100L);
      tracker.init(context);
    }

    void punctuate() {
      context.scheduledPunctuators().get(0).getPunctuator().punctuate(5_000L);
    }
  }
}
