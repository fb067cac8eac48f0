package org.spineoutcomes.ingest.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.ingest.contract.ParseResult.Rejected;
import org.spineoutcomes.schemas.DeadLetter;
import org.spineoutcomes.schemas.ProcedurePerformed;
import org.spineoutcomes.schemas.RejectionReason;

class DeadLettersTest {

  final Pseudonymizer p = new Pseudonymizer("dead-letter-secret");
  final String pseudonym = p.pseudonym("H02", "H02-P000004");

  @Test
  void aValidLineGetsThePseudonymItsEventWouldCarryAndIsOtherwiseUnchanged() {
    String line = EventParserTest.PROCEDURE;
    String redacted = DeadLetters.redact(line, p);
    assertThat(redacted).isEqualTo(line.replace("\"H02-P000004\"", "\"" + pseudonym + "\""));
    ProcedurePerformed event = (ProcedurePerformed) ((ParseResult.Accepted) new EventParser(p).parse(line)).event();
    assertThat(redacted).contains(event.getPatientPseudonym());
  }

  @Test
  void keepsSpacingAndWorksWhateverTheFieldOrder() {
    String line = "{ \"patientId\" :  \"H02-P000004\", \"hospitalId\": \"H02\", \"x\": 1 ";
    assertThat(DeadLetters.redact(line, p))
        .isEqualTo("{ \"patientId\" :  \"" + pseudonym + "\", \"hospitalId\": \"H02\", \"x\": 1 ");
  }

  @Test
  void brokenLines() {
    // trailing comma (invalid JSON)
    assertThat(DeadLetters.redact("{\"hospitalId\":\"H02\",\"patientId\":\"H02-P000004\",}", p))
        .isEqualTo("{\"hospitalId\":\"H02\",\"patientId\":\"" + pseudonym + "\",}");
    // single quotes
    assertThat(DeadLetters.redact("{'hospitalId':'H02','patientId':'H02-P000004'}", p))
        .isEqualTo("{'hospitalId':'H02','patientId':'" + pseudonym + "'}");
    // cut inside the id
    assertThat(DeadLetters.redact("{\"hospitalId\":\"H02\",\"patientId\":\"H02-P0000", p))
        .doesNotContain("H02-P0000").startsWith("{\"hospitalId\":\"H02\",\"patientId\":\"")
        .matches(".*\"[0-9a-f]{64}\"$");
    // unquoted and numeric ids
    assertThat(DeadLetters.redact("{\"hospitalId\":\"H02\",\"patientId\":H02-P000004}", p))
        .isEqualTo("{\"hospitalId\":\"H02\",\"patientId\":\"" + pseudonym + "\"}");
    assertThat(DeadLetters.redact("{\"hospitalId\":\"H02\",\"patientId\":123456}", p))
        .doesNotContain("123456").contains(p.pseudonym("H02", "123456"));
    // not JSON at all
    assertThat(DeadLetters.redact("ProcedurePerformed patientId=H02-P000004 hospitalId=H02", p))
        .isEqualTo("ProcedurePerformed patientId=\"" + pseudonym + "\" hospitalId=H02");
  }

  @Test
  void everyOccurrenceIsReplacedIncludingDuplicatesAndNestedOnes() {
    String line = "{\"hospitalId\":\"H02\",\"patientId\":\"H02-P000004\",\"patientId\":\"H02-P000005\","
        + "\"extra\":{\"patientId\":\"H02-P000006\"}}";
    String redacted = DeadLetters.redact(line, p);
    assertThat(redacted).doesNotContain("H02-P00000")
        .contains(pseudonym, p.pseudonym("H02", "H02-P000005"), p.pseudonym("H02", "H02-P000006"));
  }

  @Test
  void escapedIdsAreDecodedBeforeHashing() {
    String line = "{\"hospitalId\":\"H02\",\"patientId\":\"H02\\u002dP000004\"}";
    assertThat(DeadLetters.redact(line, p)).contains(pseudonym);
  }

  @Test
  void anIdThePatternCannotSeeIsStillRemovedWhenTheLineIsJson() {
    String escapedKey = "{\"hospitalId\":\"H02\",\"patient\\u0049d\":\"H02-P000004\"}";
    assertThat(DeadLetters.redact(escapedKey, p)).doesNotContain("H02-P000004").contains(pseudonym);
    String objectValue = "{\"hospitalId\":\"H02\",\"patientId\":{\"id\":\"H02-P000004\"}}";
    assertThat(DeadLetters.redact(objectValue, p)).doesNotContain("H02-P000004");
  }

  @Test
  void linesWithoutPatientIdAreUnchanged() {
    String line = EventParserTest.FOLLOW_UP;
    assertThat(DeadLetters.redact(line, p)).isEqualTo(line);
    assertThat(DeadLetters.redact("garbage", p)).isEqualTo("garbage");
    assertThat(DeadLetters.redact("", p)).isEmpty();
  }

  @Test
  void buildsTheDeadLetterRecord() {
    String raw = EventParserTest.PROCEDURE.replace("\"asaClass\":3", "\"asaClass\":\"3\"");
    Rejected rejected = (Rejected) new EventParser(p).parse(raw);
    Instant now = Instant.parse("2026-03-01T12:00:00.123Z");
    DeadLetter letter = DeadLetters.deadLetter("events.jsonl", 46, raw, rejected, now, p);
    assertThat(letter.getSource()).isEqualTo("events.jsonl");
    assertThat(letter.getPosition()).isEqualTo(46L);
    assertThat(letter.getLine()).doesNotContain("H02-P000004").contains(pseudonym).contains("\"asaClass\":\"3\"");
    assertThat(letter.getReason()).isEqualTo(RejectionReason.WRONG_TYPE);
    assertThat(letter.getField()).isEqualTo("patient.asaClass");
    assertThat(letter.getDetail()).isEqualTo("patient.asaClass must be an integer from 1 to 5, got \"3\"");
    assertThat(letter.getRejectedAt()).isEqualTo(now);
  }
}
