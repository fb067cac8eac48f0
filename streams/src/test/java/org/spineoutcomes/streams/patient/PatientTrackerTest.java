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
import org.spineoutcomes.schemas.state.PatientEvent;
import org.spineoutcomes.schemas.state.PatientState;
import org.spineoutcomes.schemas.state.ProcedureOutcome;
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
    final PatientTracker tracker = new PatientTracker(STORE, Duration.ofSeconds(1), pending, new InputBacklog());

    Run(KeyValueStore<String, PatientState> store) {
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
