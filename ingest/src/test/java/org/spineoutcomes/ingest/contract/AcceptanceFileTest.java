package org.spineoutcomes.ingest.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.ingest.contract.ParseResult.Accepted;
import org.spineoutcomes.ingest.contract.ParseResult.Rejected;
import org.spineoutcomes.schemas.ConsentWithdrawn;
import org.spineoutcomes.schemas.DeadLetter;
import org.spineoutcomes.schemas.FollowUpRecorded;
import org.spineoutcomes.schemas.ProcedurePerformed;

/**
 * Replays the shared acceptance file (testdata/acceptance) and compares with the reference's verdict on
 * every line: the same rejected line numbers, the same reason, the same field.
 */
class AcceptanceFileTest {

  private static final Pattern RAW_PATIENT_ID = Pattern.compile("H\\d\\d-P\\d{6}");

  private static List<String> lines;
  private static JsonNode summary;
  private static final Pseudonymizer PSEUDONYMIZER = new Pseudonymizer("acceptance-test-secret");
  private static final EventParser PARSER = new EventParser(PSEUDONYMIZER);

  @BeforeAll
  static void load() throws IOException {
    String text = resource("/acceptance/events.jsonl");
    lines = List.of(text.split("\n", -1));
    if (lines.get(lines.size() - 1).isEmpty()) {
      lines = lines.subList(0, lines.size() - 1);
    }
    summary = new ObjectMapper().readTree(resource("/acceptance/summary.json"));
  }

  /** Reads a file of the shared acceptance set (testdata/acceptance, located by the build's acceptance.dir). */
  private static String resource(String name) throws IOException {
    java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("acceptance.dir", "../testdata/acceptance"));
    return java.nio.file.Files.readString(dir.resolve(name.substring("/acceptance/".length())), StandardCharsets.UTF_8);
  }

  /** The field the reference detail names, in the reference's wording of each reason. */
  static String fieldNamedIn(String reason, String detail) {
    switch (reason) {
      case "bad_json":
        return null;
      case "unknown_type":
        return "type"; // the reference's detail is only the value, e.g. 'ConsentRevoked'
      case "missing_field":
        return detail;
      case "wrong_type":
        return detail.substring(0, detail.indexOf(" must be"));
      default: // unknown_enum, out_of_range, bad_timestamp: field='value' or field=value
        return detail.substring(0, detail.indexOf('='));
    }
  }

  @Test
  void rejectsExactlyTheReferenceLinesForTheSameReasonAndField() {
    assertThat(lines).hasSize(summary.get("lines").asInt());

    Map<Integer, String> expected = new TreeMap<>();
    for (JsonNode r : summary.get("rejected_lines")) {
      String reason = r.get("reason").asText();
      String detail = r.get("detail").asText();
      expected.put(r.get("line").asInt(), reason + " field=" + fieldNamedIn(reason, detail));
    }

    Map<Integer, String> actual = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      ParseResult result = PARSER.parse(lines.get(i));
      if (result instanceof Rejected rejected) {
        actual.put(i + 1, rejected.reason().name().toLowerCase(Locale.ROOT) + " field=" + rejected.field());
      }
    }

    assertThat(actual.keySet()).as("rejected line numbers").isEqualTo(expected.keySet());
    assertThat(actual).as("reason and field per rejected line").isEqualTo(expected);
    assertThat(actual).hasSize(summary.get("rejected_total").asInt());
    assertThat(lines.size() - actual.size()).isEqualTo(summary.get("valid").asInt());
  }

  @Test
  void everyRejectionHasAReadableDetailNamingItsFieldAndNoRawPatientId() {
    for (JsonNode r : summary.get("rejected_lines")) {
      int number = r.get("line").asInt();
      Rejected rejected = (Rejected) PARSER.parse(lines.get(number - 1));
      assertThat(rejected.detail()).as("detail of line %d", number).isNotBlank().hasSizeGreaterThan(20);
      if (rejected.field() != null) {
        assertThat(rejected.detail()).as("detail of line %d", number).contains(rejected.field());
      }
      assertThat(RAW_PATIENT_ID.matcher(rejected.detail()).find()).as("raw id in detail of line %d: %s",
          number, rejected.detail()).isFalse();
    }
  }

  @Test
  void acceptedEventsMatchTheReferenceCountsAndCarryOnlyPseudonyms() {
    Map<String, Set<String>> eventIds = new TreeMap<>();
    Set<String> procedureIds = new HashSet<>();
    Set<String> withdrawnPseudonyms = new HashSet<>();
    int accepted = 0;
    for (String line : lines) {
      ParseResult result = PARSER.parse(line);
      if (!(result instanceof Accepted a)) {
        continue;
      }
      accepted++;
      SpecificRecord event = a.event();
      assertThat(RAW_PATIENT_ID.matcher(event.toString()).find()).as("raw id in %s", event).isFalse();
      if (event instanceof ProcedurePerformed p) {
        eventIds.computeIfAbsent("procedure", k -> new HashSet<>()).add(p.getEventId());
        procedureIds.add(p.getProcedureId());
        assertThat(p.getPatientPseudonym()).matches("[0-9a-f]{64}");
      } else if (event instanceof FollowUpRecorded f) {
        eventIds.computeIfAbsent("followup", k -> new HashSet<>()).add(f.getEventId());
        assertThat(f.getComplications()).isNotNull();
      } else if (event instanceof ConsentWithdrawn c) {
        eventIds.computeIfAbsent("withdrawal", k -> new HashSet<>()).add(c.getEventId());
        withdrawnPseudonyms.add(c.getPatientPseudonym());
      }
    }
    assertThat(accepted).isEqualTo(summary.get("valid").asInt());
    // The reference counts events once per eventId (exact duplicates are ignored downstream).
    assertThat(eventIds.get("procedure")).hasSize(summary.get("procedure_events").asInt());
    assertThat(eventIds.get("followup")).hasSize(summary.get("followup_events").asInt());
    assertThat(eventIds.get("withdrawal")).hasSize(summary.get("withdrawal_events").asInt());
    assertThat(procedureIds).hasSize(summary.get("procedures").asInt());
    assertThat(withdrawnPseudonyms).hasSize(summary.get("withdrawn_patients").asInt());
  }

  @Test
  void deadLettersOfTheRejectedLinesNeverCarryARawPatientId() {
    int withPatientId = 0;
    for (JsonNode r : summary.get("rejected_lines")) {
      int number = r.get("line").asInt();
      String raw = lines.get(number - 1);
      Rejected rejected = (Rejected) PARSER.parse(raw);
      DeadLetter letter = DeadLetters.deadLetter("events.jsonl", number, raw, rejected,
          Instant.parse("2027-01-01T00:00:00Z"), PSEUDONYMIZER);
      Matcher m = RAW_PATIENT_ID.matcher(raw);
      while (m.find()) {
        withPatientId++;
        assertThat(letter.getLine()).as("dead letter of line %d", number).doesNotContain(m.group());
      }
      assertThat(letter.getPosition()).isEqualTo(number);
      assertThat(letter.getReason()).isEqualTo(rejected.reason());
      assertThat(letter.getField()).isEqualTo(rejected.field());
    }
    assertThat(withPatientId).as("rejected lines that had a patient id").isGreaterThan(50);
  }

  @Test
  void parsesTheWholeFileQuickly() {
    List<String> all = new ArrayList<>(lines);
    int rounds = 30;
    long accepted = 0;
    for (int warm = 0; warm < 5; warm++) {
      for (String line : all) {
        accepted += PARSER.parse(line).isAccepted() ? 1 : 0;
      }
    }
    long start = System.nanoTime();
    for (int round = 0; round < rounds; round++) {
      for (String line : all) {
        accepted += PARSER.parse(line).isAccepted() ? 1 : 0;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double perSecond = rounds * all.size() / seconds;
    System.out.printf(Locale.ROOT, "parsed %.0f lines/s on one thread (%d accepted)%n", perSecond, accepted);
    // A lax floor: the machine is shared; the real figure is printed above.
    assertThat(perSecond).isGreaterThan(20_000);
  }
}
