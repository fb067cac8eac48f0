package org.spineoutcomes.streams.procedure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.schemas.FollowUpRecorded;
import org.spineoutcomes.schemas.ProcedurePerformed;
import org.spineoutcomes.schemas.Topics;
import org.spineoutcomes.schemas.state.OutcomeFacts;
import org.spineoutcomes.schemas.state.PatientEvent;
import org.spineoutcomes.schemas.state.StoredProcedure;
import org.spineoutcomes.streams.ConsumerLag;
import org.spineoutcomes.streams.FlushPacing;
import org.spineoutcomes.streams.InputBacklog;
import org.spineoutcomes.streams.PendingChanges;
import org.spineoutcomes.streams.RandomEvents;
import org.spineoutcomes.streams.StateSerdes;
import org.spineoutcomes.streams.metrics.MetricCatalogue;
import org.spineoutcomes.streams.metrics.MetricValues;
import org.spineoutcomes.streams.metrics.OutcomeFactsDeriver;

class ProcedureAssemblerTest {

  private static final String STORE = "procedures";
  private static final Instant START = Instant.parse("2024-01-01T08:00:00Z");
  private static final String ALICE = String.format("%064x", 1);
  private static final String BOB = String.format("%064x", 2);

  private final RandomEvents gen = new RandomEvents(11);

  @Test
  void liveEachChangeIsSentAsItIsApplied() {
    Run run = new Run(store(), 0);
    ProcedurePerformed wrong = gen.procedure("P-1", BOB, START);
    ProcedurePerformed corrected = gen.procedure("P-1", ALICE, START);
    run.process(wrong);
    run.process(wrong); // a re-send changes nothing and sends nothing
    run.process(corrected);
    assertThat(run.sent()).containsExactly(
        BOB + " P-1 facts of " + BOB,
        BOB + " P-1 removed",
        ALICE + " P-1 facts of " + ALICE);
  }

  /**
   * While the streams work through a backlog, a procedure's changes are held and sent once per flush; the held
   * procedures are known from the store alone, so a task restarted on its predecessor's store sends them.
   */
  @Test
  void behindChangesAreHeldAndARestartedTaskSendsThemOnce() {
    KeyValueStore<String, StoredProcedure> store = store();
    Run live = new Run(store, 0);
    live.process(gen.procedure("P-1", BOB, START)); // sent live to Bob before the backlog

    Run first = new Run(store, 10 * FlushPacing.BACKLOG_RECORDS);
    first.punctuate(5_000L); // finds the backlog; flushes only on the period's boundary
    ProcedurePerformed p1 = gen.procedure("P-1", ALICE, START); // corrected: Alice's, not Bob's
    ProcedurePerformed p2 = gen.procedure("P-2", BOB, START.plus(Duration.ofDays(2)));
    List<FollowUpRecorded> followUps = new ArrayList<>(gen.followUps(p1));
    followUps.addAll(gen.followUps(p2));
    first.process(p1);
    first.process(p2);
    followUps.forEach(first::process);
    followUps.forEach(first::process); // re-sends
    assertThat(first.context.forwarded()).as("held while behind").isEmpty();
    assertThat(first.pending.total()).isEqualTo(2);
    first.assembler.close();
    assertThat(first.pending.total()).as("a closed task holds nothing pending").isZero();

    Run restarted = new Run(store, 0);
    assertThat(restarted.pending.total()).as("found in the store").isEqualTo(2);
    restarted.punctuate(5_000L);
    assertThat(restarted.pending.total()).isZero();
    assertThat(restarted.sent()).containsExactly(
        BOB + " P-1 removed",
        ALICE + " P-1 facts of " + ALICE,
        BOB + " P-2 facts of " + BOB);
    OutcomeFacts p1Facts = OutcomeFactsDeriver.derive(ProcedureAssembler.decoded(store.get("P-1")));
    assertThat(restarted.context.forwarded().get(1).record().value().getFacts()).isEqualTo(p1Facts);
    assertThat(MetricValues.of(p1Facts, MetricCatalogue.byId("length_of_stay_days"))).as("with its follow-ups")
        .isNotNull();

    Run again = new Run(store, 0);
    again.punctuate(5_000L);
    assertThat(again.context.forwarded()).as("what was sent is not sent twice").isEmpty();
  }

  private static KeyValueStore<String, StoredProcedure> store() {
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(),
        StateSerdes.STORED_PROCEDURE).withLoggingDisabled().build();
  }

  /** An assembler on a mock context holding the given store, with that many records waiting to be read. */
  private static final class Run {
    final MockProcessorContext<String, PatientEvent> context = new MockProcessorContext<>();
    final PendingChanges pending = new PendingChanges();
    final ProcedureAssembler assembler;
    private long timestamp = 1_000L;

    Run(KeyValueStore<String, StoredProcedure> store, long waiting) {
      InputBacklog backlog = ConsumerLag.waiting(waiting);
      assembler = new ProcedureAssembler(STORE, Duration.ofSeconds(1), pending, backlog);
      if (!store.isOpen()) {
        store.init(context.getStateStoreContext(), store);
      }
      context.addStateStore(store);
      context.setCurrentSystemTimeMs(2_000L);
      context.setCurrentStreamTimeMs(1_100L);
      assembler.init(context);
    }

    void process(SpecificRecord event) {
      String key;
      byte[] bytes;
      if (event instanceof ProcedurePerformed p) {
        key = p.getProcedureId();
        bytes = Topics.PROCEDURE_SERDE.encode(p);
      } else {
        FollowUpRecorded f = (FollowUpRecorded) event;
        key = f.getProcedureId();
        bytes = Topics.FOLLOW_UP_SERDE.encode(f);
      }
      assembler.process(new Record<>(key, new AsRead(event, bytes), timestamp++));
    }

    void punctuate(long now) {
      context.scheduledPunctuators().get(0).getPunctuator().punctuate(now);
    }

    /** What was sent, as "patient procedure facts of patient" or "patient procedure removed". */
    List<String> sent() {
      List<String> out = new ArrayList<>();
      for (var captured : context.forwarded()) {
        PatientEvent e = captured.record().value();
        out.add(captured.record().key() + " " + e.getProcedureId() + " "
            + (e.getFacts() == null ? "removed" : "facts of " + e.getFacts().getPatientPseudonym()));
      }
      return out;
    }
  }
}
