package org.spineoutcomes.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Determinism, time order, and follow-ups relative to their procedure. */
class SimulatorOrderTest {

  @Test
  void sameSeedGivesTheSameFeedAndAnotherSeedAnotherFeed() {
    SimulatorConfig config = SimulatorContractTest.MESSY.toBuilder().procedures(1_500).build();
    List<SimulatedEvent> first = new Simulator(config).stream().toList();
    List<SimulatedEvent> second = new Simulator(config).stream().toList();
    Simulator reused = new Simulator(config);
    List<SimulatedEvent> third = reused.stream().toList();
    List<SimulatedEvent> fourth = reused.stream().toList();
    assertThat(first).hasSizeGreaterThan(8_000);
    assertThat(second).isEqualTo(first);
    assertThat(third).isEqualTo(first);
    assertThat(fourth).isEqualTo(first);

    List<SimulatedEvent> other = new Simulator(config.toBuilder().seed(config.seed() + 1).build()).stream()
        .toList();
    assertThat(other.stream().map(SimulatedEvent::json).collect(Collectors.toSet()))
        .doesNotContainAnyElementsOf(first.stream().map(SimulatedEvent::json).toList());
  }

  @Test
  void switchingMessinessOffKeepsTheClinicalContent() {
    SimulatorConfig messy = SimulatorContractTest.MESSY.toBuilder().procedures(1_000).build();
    SimulatorConfig clean = messy.toBuilder().noMessiness().build();
    Map<String, Feeds.Procedure> a = Feeds.procedures(Feeds.events(messy), false);
    Map<String, Feeds.Procedure> b = Feeds.procedures(Feeds.events(clean), false);
    assertThat(a.keySet()).isEqualTo(b.keySet());
    a.forEach((id, p) -> {
      Feeds.Procedure q = b.get(id);
      assertThat(withoutEventId(p.node())).isEqualTo(withoutEventId(q.node()));
    });
  }

  private static JsonNode withoutEventId(JsonNode node) {
    ObjectNode copy = node.deepCopy();
    copy.remove("eventId");
    return copy;
  }

  @Test
  void eventsComeInNonDecreasingTimeOrder() {
    Instant previous = Instant.MIN;
    for (Feeds.Event e : Feeds.events(SimulatorContractTest.MESSY)) {
      assertThat(e.at()).isAfterOrEqualTo(previous);
      previous = e.at();
    }
  }

  @Test
  void inACleanFeedEveryEventArrivesAtItsOwnTimestamp() {
    SimulatorConfig clean = SimulatorContractTest.MESSY.toBuilder().noMessiness().procedures(2_000).build();
    for (Feeds.Event e : Feeds.events(clean)) {
      String field = switch (e.type()) {
        case SimulatedEvent.PROCEDURE_PERFORMED -> "performedAt";
        case SimulatedEvent.FOLLOW_UP_RECORDED -> "recordedAt";
        default -> "withdrawnAt";
      };
      assertThat(e.at()).isEqualTo(e.time(field));
    }
  }

  @Test
  void followUpsComeAfterTheirProcedureAndLateOnesOnlyLaterThanDue() {
    SimulatorConfig config = SimulatorContractTest.MESSY.toBuilder().lateFollowUpRate(0.3).procedures(3_000)
        .build();
    Map<String, Instant> performedAt = new HashMap<>();
    Map<String, Instant> latestRecorded = new HashMap<>();
    int late = 0;
    int outOfOrder = 0;
    for (Feeds.Event e : Feeds.events(config)) {
      String id = e.text("type").equals("ConsentWithdrawn") ? null : e.text("procedureId");
      if (e.type().equals(SimulatedEvent.PROCEDURE_PERFORMED)) {
        performedAt.putIfAbsent(id, e.time("performedAt"));
      } else if (e.type().equals(SimulatedEvent.FOLLOW_UP_RECORDED)) {
        Instant procedure = performedAt.get(id);
        assertThat(procedure).as("procedure of %s emitted before its follow-up", id).isNotNull();
        Instant recorded = e.time("recordedAt");
        assertThat(recorded).isAfterOrEqualTo(procedure);
        assertThat(e.at()).isAfterOrEqualTo(recorded).isAfterOrEqualTo(procedure);
        if (e.at().isAfter(recorded.plusSeconds(72 * 3600))) { // beyond any duplicate's delay
          late++;
        }
        Instant latest = latestRecorded.get(id);
        if (latest != null && recorded.isBefore(latest)) {
          outOfOrder++;
        }
        latestRecorded.merge(id, recorded, (x, y) -> x.isAfter(y) ? x : y);
      }
    }
    assertThat(late).isGreaterThan(1_000);
    assertThat(outOfOrder).isGreaterThan(100);
  }

  @Test
  void withoutLateDeliveryNoFollowUpArrivesLaterThanItsRecordedAtExceptReSends() {
    SimulatorConfig config = SimulatorContractTest.MESSY.toBuilder().lateFollowUpRate(0).duplicateRate(0)
        .procedures(2_000).build();
    for (Feeds.Event e : Feeds.events(config)) {
      if (e.type().equals(SimulatedEvent.FOLLOW_UP_RECORDED)) {
        assertThat(e.at()).isEqualTo(e.time("recordedAt"));
      }
    }
  }

  @Test
  void writesTheSameLinesToAFile(@TempDir Path dir) throws IOException {
    SimulatorConfig config = SimulatorContractTest.MESSY.toBuilder().procedures(500).build();
    Path file = dir.resolve("feed.jsonl");
    long lines = Simulator.writeJsonLines(config, file);
    List<String> expected = new ArrayList<>();
    new Simulator(config).forEach(e -> expected.add(e.json()));
    assertThat(lines).isEqualTo(expected.size());
    assertThat(Files.readAllLines(file)).isEqualTo(expected);
    assertThat(Files.readString(file)).endsWith("}\n");
  }

  @Test
  void anEmptyConfigGivesAnEmptyFeed() {
    assertThat(new Simulator(SimulatorConfig.builder().procedures(0).build()).stream()).isEmpty();
  }
}
