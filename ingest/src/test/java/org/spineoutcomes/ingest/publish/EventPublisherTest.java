package org.spineoutcomes.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.ingest.contract.Pseudonymizer;
import org.spineoutcomes.ingest.simulator.SimulatedEvent;
import org.spineoutcomes.ingest.simulator.Simulator;
import org.spineoutcomes.ingest.simulator.SimulatorConfig;
import org.spineoutcomes.schemas.DeadLetter;
import org.spineoutcomes.schemas.RejectionReason;
import org.spineoutcomes.schemas.Topics;

/** A file published on parser threads gives exactly what publishing it line by line gives, in the same order. */
class EventPublisherTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T08:00:00Z"), ZoneOffset.UTC);
  private static final Pseudonymizer PSEUDONYMS = new Pseudonymizer("publisher-test");

  @Test
  void parallelValidationSendsEveryLineInFileOrderWithItsPosition() throws Exception {
    List<String> lines = new ArrayList<>();
    for (SimulatedEvent e : new Simulator(SimulatorConfig.builder().seed(7).procedures(1_600).build())) {
      lines.add(e.json());
      if (lines.size() % 997 == 0) {
        lines.add("");
        lines.add("{\"type\": \"ProcedurePerformed\"}");
        lines.add("   ");
      }
    }
    assertThat(lines.size()).as("more batches of 512 lines than are validated at once").isGreaterThan(16 * 512);

    MockProducer<byte[], byte[]> oneByOne = producer();
    IngestSummary expected;
    try (EventPublisher publisher = new EventPublisher(oneByOne, PSEUDONYMS, CLOCK)) {
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).isBlank()) {
          publisher.publish("feed.jsonl", i + 1, lines.get(i));
        }
      }
      expected = publisher.summary();
    }

    MockProducer<byte[], byte[]> parallel = producer();
    IngestSummary actual;
    long read;
    List<Long> progress = new ArrayList<>();
    try (EventPublisher publisher = new EventPublisher(parallel, PSEUDONYMS, CLOCK)) {
      read = publisher.publishLines("feed.jsonl", new BufferedReader(new StringReader(String.join("\n", lines))), 2,
          progress::add);
      actual = publisher.summary();
    }

    assertThat(read).isEqualTo(lines.size());
    assertThat(progress).isSorted().last().isEqualTo((long) lines.size());
    assertThat(render(parallel.history())).containsExactlyElementsOf(render(oneByOne.history()));
    assertThat(actual.lines()).isEqualTo(lines.size());
    assertThat(actual.blank()).isEqualTo(2L * (lines.size() / 1000));
    assertThat(actual.lines() - actual.blank()).isEqualTo(expected.lines());
    assertThat(actual.accepted()).isEqualTo(expected.accepted()).isPositive();
    assertThat(actual.procedures()).isEqualTo(expected.procedures());
    assertThat(actual.followUps()).isEqualTo(expected.followUps());
    assertThat(actual.rejected(RejectionReason.MISSING_FIELD)).isEqualTo(expected.rejected(RejectionReason.MISSING_FIELD))
        .isGreaterThanOrEqualTo(lines.size() / 1000);

    int bad = lines.indexOf("{\"type\": \"ProcedurePerformed\"}");
    DeadLetter first = parallel.history().stream()
        .filter(r -> r.topic().equals(Topics.DEAD_LETTER.name()))
        .map(r -> Topics.DEAD_LETTER_SERDE.decode(r.value()))
        .filter(l -> l.getPosition() == bad + 1)
        .findFirst().orElseThrow();
    assertThat(first.getReason()).isEqualTo(RejectionReason.MISSING_FIELD);
  }

  private static MockProducer<byte[], byte[]> producer() {
    return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static List<String> render(List<ProducerRecord<byte[], byte[]>> records) {
    List<String> out = new ArrayList<>(records.size());
    for (ProducerRecord<byte[], byte[]> r : records) {
      out.add(r.topic() + " " + new String(r.key(), java.nio.charset.StandardCharsets.UTF_8) + " "
          + java.util.HexFormat.of().formatHex(r.value()));
    }
    return out;
  }
}
