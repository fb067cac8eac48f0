package org.spineoutcomes.ingest.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spineoutcomes.ingest.contract.ParseResult.Accepted;
import org.spineoutcomes.ingest.contract.ParseResult.Rejected;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.Complication;
import org.spineoutcomes.schemas.ComplicationType;
import org.spineoutcomes.schemas.Condition;
import org.spineoutcomes.schemas.ConsentWithdrawn;
import org.spineoutcomes.schemas.FollowUpRecorded;
import org.spineoutcomes.schemas.ProcedurePerformed;
import org.spineoutcomes.schemas.RejectionReason;
import org.spineoutcomes.schemas.Sex;
import org.spineoutcomes.schemas.SpinalRegion;
import org.spineoutcomes.schemas.Technique;
import org.spineoutcomes.schemas.Timepoint;
import org.spineoutcomes.schemas.Visualization;

class EventParserTest {

  static final String PROCEDURE = "{\"type\":\"ProcedurePerformed\",\"eventId\":\"e-1\",\"procedureId\":\"H02-PROC-000216\","
      + "\"hospitalId\":\"H02\",\"surgeonId\":\"H02-S01\",\"patientId\":\"H02-P000004\","
      + "\"performedAt\":\"2025-01-01T09:40:00Z\",\"approach\":\"OPEN\",\"visualization\":\"LOUPES\","
      + "\"technique\":\"DECOMPRESSION\",\"condition\":\"SPINAL_STENOSIS\",\"spinalRegion\":\"LUMBAR\","
      + "\"levels\":[\"L4-L5\",\"L5-S1\"],\"incisionLengthMm\":62,\"operativeTimeMin\":109,\"estimatedBloodLossMl\":157,"
      + "\"patient\":{\"ageYears\":58,\"sex\":\"F\",\"asaClass\":3,\"bmi\":23.4,\"smoker\":true,\"diabetic\":false},"
      + "\"baseline\":{\"backPainNrs\":6,\"legPainNrs\":6,\"odi\":52},"
      + "\"intraoperativeComplications\":[\"DURAL_TEAR\"]}";
  static final String FOLLOW_UP = "{\"type\":\"FollowUpRecorded\",\"eventId\":\"e-2\",\"procedureId\":\"H02-PROC-000216\","
      + "\"hospitalId\":\"H02\",\"recordedAt\":\"2025-04-05T07:19:49Z\",\"timepoint\":\"MONTH_3\","
      + "\"backPainNrs\":3,\"legPainNrs\":2,\"odi\":21,\"daysToNormalActivity\":40,"
      + "\"complications\":[{\"type\":\"INFECTION\",\"onsetDay\":10,\"clavienDindoGrade\":2},"
      + "{\"type\":\"HEMATOMA\",\"onsetDay\":0,\"clavienDindoGrade\":3}]}";
  static final String CONSENT = "{\"type\":\"ConsentWithdrawn\",\"eventId\":\"e-3\",\"hospitalId\":\"H02\","
      + "\"patientId\":\"H02-P000004\",\"withdrawnAt\":\"2025-06-01T00:00:00Z\"}";

  static final ObjectMapper JSON = new ObjectMapper();
  final Pseudonymizer pseudonymizer = new Pseudonymizer("unit-test-secret");
  final EventParser parser = new EventParser(pseudonymizer);

  // ------------------------------------------------------------------------------------------- helpers

  /** {@code base} with the value at a '/'-separated path (object keys or list indexes) set to {@code json}. */
  static String set(String base, String path, String json) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(base);
      String[] parts = path.split("/");
      JsonNode parent = root;
      for (int i = 0; i < parts.length - 1; i++) {
        parent = parent.isArray() ? parent.get(Integer.parseInt(parts[i])) : parent.get(parts[i]);
      }
      String last = parts[parts.length - 1];
      if (json == null) {
        ((ObjectNode) parent).remove(last);
      } else if (parent.isArray()) {
        ((ArrayNode) parent).set(Integer.parseInt(last), JSON.readTree(json));
      } else {
        ((ObjectNode) parent).set(last, JSON.readTree(json));
      }
      return JSON.writeValueAsString(root);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String remove(String base, String path) {
    return set(base, path, null);
  }

  Rejected rejected(String line) {
    ParseResult result = parser.parse(line);
    assertThat(result).as("result of %s", line).isInstanceOf(Rejected.class);
    return (Rejected) result;
  }

  <T> T accepted(String line, Class<T> type) {
    ParseResult result = parser.parse(line);
    assertThat(result).as("result of %s", line).isInstanceOf(Accepted.class);
    return type.cast(((Accepted) result).event());
  }

  void assertRejected(String line, RejectionReason reason, String field, String detail) {
    Rejected r = rejected(line);
    assertThat(r.reason()).as("reason, detail %s", r.detail()).isEqualTo(reason);
    assertThat(r.field()).as("field").isEqualTo(field);
    assertThat(r.detail()).isEqualTo(detail);
  }

  void assertRejected(String line, RejectionReason reason, String field) {
    Rejected r = rejected(line);
    assertThat(r.reason()).as("reason, detail %s", r.detail()).isEqualTo(reason);
    assertThat(r.field()).as("field").isEqualTo(field);
    assertThat(r.detail()).isNotBlank();
  }

  // ------------------------------------------------------------------------------------------- accepted

  @Nested
  class Accepts {

    @Test
    void aProcedureWithEveryFieldMapped() {
      ProcedurePerformed p = accepted(PROCEDURE, ProcedurePerformed.class);
      assertThat(p.getEventId()).isEqualTo("e-1");
      assertThat(p.getProcedureId()).isEqualTo("H02-PROC-000216");
      assertThat(p.getHospitalId()).isEqualTo("H02");
      assertThat(p.getSurgeonId()).isEqualTo("H02-S01");
      assertThat(p.getPatientPseudonym()).isEqualTo(pseudonymizer.pseudonym("H02", "H02-P000004"))
          .matches("[0-9a-f]{64}");
      assertThat(p.getPerformedAt()).isEqualTo(Instant.parse("2025-01-01T09:40:00Z"));
      assertThat(p.getApproach()).isEqualTo(Approach.OPEN);
      assertThat(p.getVisualization()).isEqualTo(Visualization.LOUPES);
      assertThat(p.getTechnique()).isEqualTo(Technique.DECOMPRESSION);
      assertThat(p.getCondition()).isEqualTo(Condition.SPINAL_STENOSIS);
      assertThat(p.getSpinalRegion()).isEqualTo(SpinalRegion.LUMBAR);
      assertThat(p.getLevels()).containsExactly("L4-L5", "L5-S1");
      assertThat(p.getIncisionLengthMm()).isEqualTo(62);
      assertThat(p.getOperativeTimeMin()).isEqualTo(109);
      assertThat(p.getEstimatedBloodLossMl()).isEqualTo(157);
      assertThat(p.getPatient().getAgeYears()).isEqualTo(58);
      assertThat(p.getPatient().getSex()).isEqualTo(Sex.F);
      assertThat(p.getPatient().getAsaClass()).isEqualTo(3);
      assertThat(p.getPatient().getBmi()).isEqualTo(23.4);
      assertThat(p.getPatient().getSmoker()).isTrue();
      assertThat(p.getPatient().getDiabetic()).isFalse();
      assertThat(p.getBaseline().getBackPainNrs()).isEqualTo(6);
      assertThat(p.getBaseline().getLegPainNrs()).isEqualTo(6);
      assertThat(p.getBaseline().getOdi()).isEqualTo(52);
      assertThat(p.getIntraoperativeComplications()).containsExactly(ComplicationType.DURAL_TEAR);
      assertThat(p.toString()).doesNotContain("H02-P000004");
    }

    @Test
    void aFollowUpWithComplications() {
      FollowUpRecorded f = accepted(FOLLOW_UP, FollowUpRecorded.class);
      assertThat(f.getEventId()).isEqualTo("e-2");
      assertThat(f.getRecordedAt()).isEqualTo(Instant.parse("2025-04-05T07:19:49Z"));
      assertThat(f.getTimepoint()).isEqualTo(Timepoint.MONTH_3);
      assertThat(f.getBackPainNrs()).isEqualTo(3);
      assertThat(f.getLegPainNrs()).isEqualTo(2);
      assertThat(f.getOdi()).isEqualTo(21);
      assertThat(f.getLengthOfStayDays()).isNull();
      assertThat(f.getDaysToNormalActivity()).isEqualTo(40);
      assertThat(f.getComplications()).containsExactly(
          new Complication(ComplicationType.INFECTION, 10, 2),
          new Complication(ComplicationType.HEMATOMA, 0, 3));
    }

    @Test
    void aFollowUpWithOnlyRequiredFieldsAndNullOptionals() {
      String line = "{\"type\":\"FollowUpRecorded\",\"eventId\":\"e\",\"procedureId\":\"P\",\"hospitalId\":\"H\","
          + "\"recordedAt\":\"2025-04-05T07:19:49Z\",\"timepoint\":\"DISCHARGE\",\"odi\":null}";
      FollowUpRecorded f = accepted(line, FollowUpRecorded.class);
      assertThat(f.getBackPainNrs()).isNull();
      assertThat(f.getLegPainNrs()).isNull();
      assertThat(f.getOdi()).isNull();
      assertThat(f.getLengthOfStayDays()).isNull();
      assertThat(f.getDaysToNormalActivity()).isNull();
      assertThat(f.getComplications()).isEmpty();
      assertThat(accepted(set(line, "complications", "null"), FollowUpRecorded.class).getComplications()).isEmpty();
    }

    @Test
    void aConsentWithdrawalWithTheSamePseudonymAsTheProcedure() {
      ConsentWithdrawn c = accepted(CONSENT, ConsentWithdrawn.class);
      assertThat(c.getEventId()).isEqualTo("e-3");
      assertThat(c.getHospitalId()).isEqualTo("H02");
      assertThat(c.getPatientPseudonym())
          .isEqualTo(accepted(PROCEDURE, ProcedurePerformed.class).getPatientPseudonym());
      assertThat(c.getWithdrawnAt()).isEqualTo(Instant.parse("2025-06-01T00:00:00Z"));
    }

    @Test
    void unknownExtraFieldsAreIgnored() {
      String line = set(set(PROCEDURE, "comment", "{\"free\":[1,2]}"), "patient/height", "180");
      assertThat(accepted(line, ProcedurePerformed.class))
          .isEqualTo(accepted(PROCEDURE, ProcedurePerformed.class));
    }

    @Test
    void rangeLimitsAreInclusive() {
      String line = set(set(set(set(PROCEDURE, "patient/asaClass", "5"), "patient/bmi", "80"),
          "patient/ageYears", "0"), "baseline/odi", "100");
      ProcedurePerformed p = accepted(line, ProcedurePerformed.class);
      assertThat(p.getPatient().getBmi()).isEqualTo(80.0);
      assertThat(p.getPatient().getAsaClass()).isEqualTo(5);
      accepted(set(FOLLOW_UP, "complications/0/clavienDindoGrade", "5"), FollowUpRecorded.class);
      accepted(set(FOLLOW_UP, "legPainNrs", "0"), FollowUpRecorded.class);
      accepted(set(PROCEDURE, "intraoperativeComplications", "[]"), ProcedurePerformed.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-01-01T10:40:00+01:00", "2025-01-01T09:40:00.000Z", "2025-01-01T04:40:00-05:00",
        "2025-01-01T09:40Z"})
    void timestampsWithAnOffset(String timestamp) {
      ProcedurePerformed p = accepted(set(PROCEDURE, "performedAt", "\"" + timestamp + "\""),
          ProcedurePerformed.class);
      assertThat(p.getPerformedAt()).isEqualTo(Instant.parse("2025-01-01T09:40:00Z"));
    }

    @Test
    void aLeapDayAndMilliseconds() {
      assertThat(EventParser.parseTimestamp("2024-02-29T23:59:59Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
      assertThat(EventParser.parseTimestamp("2024-12-31T23:59:59.123Z"))
          .isEqualTo(Instant.parse("2024-12-31T23:59:59.123Z"));
      assertThat(EventParser.parseTimestamp("1970-01-01T00:00:00Z")).isEqualTo(Instant.EPOCH);
    }

    @Test
    void fromBytes() {
      assertThat(parser.parse(PROCEDURE.getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(parser.parse(PROCEDURE));
    }
  }

  // ------------------------------------------------------------------------------------------- parse(type, node)

  @Nested
  class FromATree {

    @Test
    void theTypeMayComeFromTheCaller() throws Exception {
      JsonNode node = JSON.readTree(remove(CONSENT, "type"));
      assertThat(parser.parse("ConsentWithdrawn", node)).isEqualTo(parser.parse(CONSENT));
      assertThat(parser.parse("ConsentWithdrawn", JSON.readTree(CONSENT))).isEqualTo(parser.parse(CONSENT));
    }

    @Test
    void aContradictingTypeInTheBodyIsRejected() throws Exception {
      Rejected r = (Rejected) parser.parse("FollowUpRecorded", JSON.readTree(CONSENT));
      assertThat(r.reason()).isEqualTo(RejectionReason.UNKNOWN_TYPE);
      assertThat(r.field()).isEqualTo("type");
      assertThat(r.detail()).isEqualTo("type in the body is \"ConsentWithdrawn\" but the event was sent as "
          + "\"FollowUpRecorded\"; expected both to name the same event type");
    }

    @Test
    void anUnknownTypeFromTheCaller() throws Exception {
      Rejected r = (Rejected) parser.parse("Nope", JSON.readTree(remove(CONSENT, "type")));
      assertThat(r.reason()).isEqualTo(RejectionReason.UNKNOWN_TYPE);
    }

    @Test
    void aTreeThatIsNotAnObject() throws Exception {
      Rejected r = (Rejected) parser.parse("ConsentWithdrawn", JSON.readTree("[1]"));
      assertThat(r.reason()).isEqualTo(RejectionReason.BAD_JSON);
      assertThat(r.field()).isNull();
    }

    @Test
    void aBodyIsReadStrictly() {
      assertThat(parser.parseBody("ConsentWithdrawn", remove(CONSENT, "type"))).isInstanceOf(Accepted.class);
      Rejected r = (Rejected) parser.parseBody("ConsentWithdrawn", CONSENT.replace("\"eventId\"", "\"hospitalId\""));
      assertThat(r.reason()).isEqualTo(RejectionReason.BAD_JSON);
      assertThat(r.detail()).contains("Duplicate field 'hospitalId'");
    }

    @Test
    void theStrictReaderIsShared() throws Exception {
      JsonNode node = StrictJson.reader().readTree(PROCEDURE);
      assertThat(parser.parse(node)).isEqualTo(parser.parse(PROCEDURE));
    }
  }

  // ------------------------------------------------------------------------------------------- rejections

  @Nested
  class BadJson {

    @ParameterizedTest
    @ValueSource(strings = {
      "ProcedurePerformed H08-PROC-000141 estimatedBloodLossMl=120 mL",
      "{\"type\":\"ConsentWithdrawn\",}",
      "{'type':'ConsentWithdrawn'}",
      "{\"type\":\"ConsentWithdrawn\",\"eventId\":\"e",
      "{\"type\":\"ConsentWithdrawn\"} trailing",
      "{\"type\":\"ConsentWithdrawn\"}{\"type\":\"ConsentWithdrawn\"}",
      "{\"type\":\"ConsentWithdrawn\"}]",
      "{\"a\":NaN}",
      "{\"a\":Infinity}",
      "{\"a\":-Infinity}",
      "{\"a\":012}",
      "{\"a\":1} // comment",
      "[{\"type\":\"ConsentWithdrawn\"}]",
      "42",
      "\"ConsentWithdrawn\"",
      "null",
      "true",
      "",
      "   ",
    })
    void isRejectedWithoutAField(String line) {
      Rejected r = rejected(line);
      assertThat(r.reason()).as(r.detail()).isEqualTo(RejectionReason.BAD_JSON);
      assertThat(r.field()).isNull();
      assertThat(r.detail()).isNotBlank();
    }

    @Test
    void duplicateKeysAreRejectedEvenWithEqualValues() {
      String line = CONSENT.replace("\"eventId\":\"e-3\"", "\"eventId\":\"e-3\",\"eventId\":\"e-3\"");
      Rejected r = rejected(line);
      assertThat(r.reason()).isEqualTo(RejectionReason.BAD_JSON);
      assertThat(r.detail()).isEqualTo("the line is not valid JSON at column 53: Duplicate field 'eventId'; "
          + "expected one JSON object per line");
    }

    @Test
    void nestedDuplicateKeysAreRejected() {
      assertThat(rejected(PROCEDURE.replace("\"asaClass\":3", "\"asaClass\":3,\"asaClass\":4")).reason())
          .isEqualTo(RejectionReason.BAD_JSON);
    }

    @Test
    void detailsAreReadable() {
      assertThat(rejected("[1,2]").detail())
          .isEqualTo("the line is not a JSON object but a list; expected one JSON object per line");
      assertThat(rejected("").detail()).isEqualTo("the line is empty; expected one JSON object");
      assertThat(rejected("{\"a\":1} x").detail()).startsWith("the line is not valid JSON at column ");
      assertThat(rejected("{\"a\":1} {}").detail()).contains("unexpected content after the end of the JSON object");
      assertThat(rejected("{\"a\":tru}").detail()).isEqualTo("the line is not valid JSON at column 6: "
          + "Unrecognized token: was expecting (JSON String, Number, Array, Object or token 'null', 'true' or "
          + "'false'); expected one JSON object per line");
      assertThat(rejected("{\"a\":1} // c").detail()).contains("comments are not allowed in JSON");
      assertThat(rejected("{\"a\":NaN}").detail()).isEqualTo("the line is not valid JSON at column 9: NaN and Infinity are not JSON numbers; "
          + "expected one JSON object per line");
    }

    @Test
    void anUnquotedPatientIdIsNotEchoed() {
      Rejected r = rejected("{\"type\":\"ConsentWithdrawn\",\"patientId\":secretid42}");
      assertThat(r.reason()).isEqualTo(RejectionReason.BAD_JSON);
      assertThat(r.detail()).doesNotContain("secretid42");
    }
  }

  @Nested
  class Types {

    @Test
    void unknownType() {
      assertRejected(set(CONSENT, "type", "\"ConsentRevoked\""), RejectionReason.UNKNOWN_TYPE, "type",
          "type must be one of ProcedurePerformed, FollowUpRecorded, ConsentWithdrawn, got \"ConsentRevoked\"");
    }

    @Test
    void typeIsCaseSensitive() {
      assertRejected(set(CONSENT, "type", "\"consentwithdrawn\""), RejectionReason.UNKNOWN_TYPE, "type");
    }

    @Test
    void missingOrNullType() {
      assertRejected(remove(CONSENT, "type"), RejectionReason.MISSING_FIELD, "type",
          "type is missing; expected one of ProcedurePerformed, FollowUpRecorded, ConsentWithdrawn");
      assertRejected(set(CONSENT, "type", "null"), RejectionReason.MISSING_FIELD, "type");
    }

    @Test
    void typeThatIsNotAString() {
      assertRejected(set(CONSENT, "type", "3"), RejectionReason.WRONG_TYPE, "type");
    }
  }

  @Nested
  class MissingField {

    @Test
    void absentRequiredField() {
      assertRejected(remove(PROCEDURE, "approach"), RejectionReason.MISSING_FIELD, "approach",
          "approach is missing; expected one of OPEN, MICROSCOPIC");
    }

    @Test
    void nullRequiredFieldIsMissingNotAbsentOptional() {
      assertRejected(set(PROCEDURE, "approach", "null"), RejectionReason.MISSING_FIELD, "approach",
          "approach is null; expected one of OPEN, MICROSCOPIC");
      assertRejected(set(FOLLOW_UP, "recordedAt", "null"), RejectionReason.MISSING_FIELD, "recordedAt");
    }

    @Test
    void nestedFields() {
      assertRejected(remove(PROCEDURE, "patient/asaClass"), RejectionReason.MISSING_FIELD, "patient.asaClass",
          "patient.asaClass is missing; expected an integer from 1 to 5");
      assertRejected(remove(PROCEDURE, "baseline/odi"), RejectionReason.MISSING_FIELD, "baseline.odi");
      assertRejected(remove(PROCEDURE, "patient"), RejectionReason.MISSING_FIELD, "patient");
      assertRejected(remove(FOLLOW_UP, "complications/1/onsetDay"), RejectionReason.MISSING_FIELD,
          "complications[1].onsetDay", "complications[1].onsetDay is missing; expected an integer from 0 to 3650");
    }

    @Test
    void everyRequiredFieldOfEachType() {
      for (String f : List.of("eventId", "procedureId", "hospitalId", "surgeonId", "patientId", "performedAt",
          "approach", "visualization", "technique", "condition", "spinalRegion", "levels", "incisionLengthMm",
          "operativeTimeMin", "estimatedBloodLossMl", "patient", "baseline", "intraoperativeComplications")) {
        assertRejected(remove(PROCEDURE, f), RejectionReason.MISSING_FIELD, f);
      }
      for (String f : List.of("ageYears", "sex", "asaClass", "bmi", "smoker", "diabetic")) {
        assertRejected(remove(PROCEDURE, "patient/" + f), RejectionReason.MISSING_FIELD, "patient." + f);
      }
      for (String f : List.of("eventId", "procedureId", "hospitalId", "recordedAt", "timepoint")) {
        assertRejected(remove(FOLLOW_UP, f), RejectionReason.MISSING_FIELD, f);
      }
      for (String f : List.of("type", "onsetDay", "clavienDindoGrade")) {
        assertRejected(remove(FOLLOW_UP, "complications/0/" + f), RejectionReason.MISSING_FIELD,
            "complications[0]." + f);
      }
      for (String f : List.of("eventId", "hospitalId", "patientId", "withdrawnAt")) {
        assertRejected(remove(CONSENT, f), RejectionReason.MISSING_FIELD, f);
      }
    }

    @Test
    void emptyIdentifier() {
      assertRejected(set(CONSENT, "eventId", "\"\""), RejectionReason.MISSING_FIELD, "eventId",
          "eventId is empty; expected a non-empty string");
      assertRejected(set(CONSENT, "patientId", "\"  \""), RejectionReason.MISSING_FIELD, "patientId");
    }

    @Test
    void optionalFollowUpFieldsMayBeAbsent() {
      for (String f : List.of("backPainNrs", "legPainNrs", "odi", "daysToNormalActivity", "complications")) {
        accepted(remove(FOLLOW_UP, f), FollowUpRecorded.class);
      }
    }
  }

  @Nested
  class WrongType {

    @Test
    void aStringWhereAnIntegerBelongs() {
      assertRejected(set(PROCEDURE, "patient/asaClass", "\"3\""), RejectionReason.WRONG_TYPE, "patient.asaClass",
          "patient.asaClass must be an integer from 1 to 5, got \"3\"");
      assertRejected(set(FOLLOW_UP, "legPainNrs", "\"3\""), RejectionReason.WRONG_TYPE, "legPainNrs",
          "legPainNrs must be an integer from 0 to 10, got \"3\"");
    }

    @Test
    void aFloatWhereAnIntegerBelongsEvenIfWhole() {
      assertRejected(set(PROCEDURE, "operativeTimeMin", "95.0"), RejectionReason.WRONG_TYPE, "operativeTimeMin",
          "operativeTimeMin must be an integer from 0 to 2880, got 95.0");
      assertRejected(set(PROCEDURE, "estimatedBloodLossMl", "1.5e2"), RejectionReason.WRONG_TYPE,
          "estimatedBloodLossMl");
      assertRejected(set(FOLLOW_UP, "complications/0/onsetDay", "10.5"), RejectionReason.WRONG_TYPE,
          "complications[0].onsetDay");
    }

    @Test
    void aBooleanWhereAnIntegerBelongsAndViceVersa() {
      assertRejected(set(PROCEDURE, "patient/asaClass", "true"), RejectionReason.WRONG_TYPE, "patient.asaClass",
          "patient.asaClass must be an integer from 1 to 5, got true");
      assertRejected(set(PROCEDURE, "patient/diabetic", "1"), RejectionReason.WRONG_TYPE, "patient.diabetic",
          "patient.diabetic must be a boolean (true or false), got 1");
      assertRejected(set(PROCEDURE, "patient/smoker", "\"yes\""), RejectionReason.WRONG_TYPE, "patient.smoker");
    }

    @Test
    void aStringWhereANumberBelongs() {
      assertRejected(set(PROCEDURE, "patient/bmi", "\"23.4\""), RejectionReason.WRONG_TYPE, "patient.bmi",
          "patient.bmi must be a number from 10 to 80, got \"23.4\"");
    }

    @Test
    void aNonListWhereAListBelongs() {
      assertRejected(set(PROCEDURE, "levels", "\"L4-L5\""), RejectionReason.WRONG_TYPE, "levels",
          "levels must be a non-empty list of strings such as [\"L4-L5\"], got \"L4-L5\"");
      assertRejected(set(PROCEDURE, "intraoperativeComplications", "\"DURAL_TEAR\""), RejectionReason.WRONG_TYPE,
          "intraoperativeComplications");
      assertRejected(set(FOLLOW_UP, "complications", "{\"type\":\"INFECTION\",\"onsetDay\":1,\"clavienDindoGrade\":1}"),
          RejectionReason.WRONG_TYPE, "complications",
          "complications must be a list of objects with type, onsetDay and clavienDindoGrade, got an object");
    }

    @Test
    void aNonObjectWhereAnObjectBelongs() {
      assertRejected(set(PROCEDURE, "patient", "\"adult\""), RejectionReason.WRONG_TYPE, "patient",
          "patient must be an object with ageYears, sex, asaClass, bmi, smoker and diabetic, got \"adult\"");
      assertRejected(set(PROCEDURE, "baseline", "[6,6,52]"), RejectionReason.WRONG_TYPE, "baseline");
      assertRejected(set(FOLLOW_UP, "complications/1", "\"HEMATOMA\""), RejectionReason.WRONG_TYPE,
          "complications[1]");
    }

    @Test
    void anObjectWhereAScalarBelongs() {
      assertRejected(set(PROCEDURE, "approach", "{\"name\":\"OPEN\"}"), RejectionReason.WRONG_TYPE, "approach",
          "approach must be a string, one of OPEN, MICROSCOPIC, got an object");
      assertRejected(set(PROCEDURE, "levels/1", "5"), RejectionReason.WRONG_TYPE, "levels",
          "levels[1] must be a string such as \"L4-L5\", got 5");
      assertRejected(set(PROCEDURE, "intraoperativeComplications/0", "null"), RejectionReason.WRONG_TYPE,
          "intraoperativeComplications");
    }

    @Test
    void aNumberWhereAStringOrTimestampBelongs() {
      assertRejected(set(PROCEDURE, "procedureId", "12345"), RejectionReason.WRONG_TYPE, "procedureId",
          "procedureId must be a string, got 12345");
      assertRejected(set(PROCEDURE, "performedAt", "1741944600"), RejectionReason.WRONG_TYPE, "performedAt",
          "performedAt must be a string holding an ISO-8601 date-time with a UTC offset, such as "
              + "2025-01-01T09:40:00Z, got 1741944600");
    }

    @Test
    void aPatientIdOfTheWrongTypeIsNotEchoed() {
      Rejected r = rejected(set(CONSENT, "patientId", "987654321"));
      assertThat(r.reason()).isEqualTo(RejectionReason.WRONG_TYPE);
      assertThat(r.field()).isEqualTo("patientId");
      assertThat(r.detail()).isEqualTo("patientId must be a string, got a number (value withheld)")
          .doesNotContain("987654321");
    }
  }

  @Nested
  class UnknownEnum {

    @Test
    void topLevel() {
      assertRejected(set(PROCEDURE, "approach", "\"ENDOSCOPIC\""), RejectionReason.UNKNOWN_ENUM, "approach",
          "approach must be one of OPEN, MICROSCOPIC, got \"ENDOSCOPIC\"");
      assertRejected(set(PROCEDURE, "visualization", "\"EXOSCOPE\""), RejectionReason.UNKNOWN_ENUM, "visualization");
      assertRejected(set(PROCEDURE, "technique", "\"MICRODISCECTOMY\""), RejectionReason.UNKNOWN_ENUM, "technique");
      assertRejected(set(PROCEDURE, "condition", "\"SCIATICA\""), RejectionReason.UNKNOWN_ENUM, "condition");
      assertRejected(set(PROCEDURE, "spinalRegion", "\"SACRAL\""), RejectionReason.UNKNOWN_ENUM, "spinalRegion");
      assertRejected(set(FOLLOW_UP, "timepoint", "\"MONTH_24\""), RejectionReason.UNKNOWN_ENUM, "timepoint",
          "timepoint must be one of DISCHARGE, WEEK_2, WEEK_6, MONTH_3, MONTH_6, MONTH_12, got \"MONTH_24\"");
    }

    @Test
    void isCaseSensitiveAndNotTrimmed() {
      assertRejected(set(PROCEDURE, "approach", "\"open\""), RejectionReason.UNKNOWN_ENUM, "approach");
      assertRejected(set(PROCEDURE, "approach", "\" OPEN\""), RejectionReason.UNKNOWN_ENUM, "approach");
      assertRejected(set(PROCEDURE, "patient/sex", "\"UNKNOWN\""), RejectionReason.UNKNOWN_ENUM, "patient.sex",
          "patient.sex must be one of F, M, OTHER, got \"UNKNOWN\"");
    }

    @Test
    void inLists() {
      assertRejected(set(PROCEDURE, "intraoperativeComplications", "[\"DURAL_TEAR\",\"CSF_LEAK\"]"),
          RejectionReason.UNKNOWN_ENUM, "intraoperativeComplications",
          "intraoperativeComplications[1] must be one of DURAL_TEAR, NERVE_INJURY, INFECTION, HEMATOMA, "
              + "REOPERATION, RECURRENT_HERNIATION, INCOMPLETE_RESOLUTION, OTHER, got \"CSF_LEAK\"");
      assertRejected(set(FOLLOW_UP, "complications/1/type", "\"CSF_LEAK\""), RejectionReason.UNKNOWN_ENUM,
          "complications[1].type");
    }
  }

  @Nested
  class OutOfRange {

    @Test
    void scoresAndClasses() {
      assertRejected(set(PROCEDURE, "patient/asaClass", "6"), RejectionReason.OUT_OF_RANGE, "patient.asaClass",
          "patient.asaClass must be an integer from 1 to 5, got 6");
      assertRejected(set(PROCEDURE, "patient/asaClass", "0"), RejectionReason.OUT_OF_RANGE, "patient.asaClass");
      assertRejected(set(PROCEDURE, "baseline/legPainNrs", "11"), RejectionReason.OUT_OF_RANGE, "baseline.legPainNrs");
      assertRejected(set(PROCEDURE, "baseline/backPainNrs", "-1"), RejectionReason.OUT_OF_RANGE,
          "baseline.backPainNrs");
      assertRejected(set(PROCEDURE, "baseline/odi", "101"), RejectionReason.OUT_OF_RANGE, "baseline.odi");
      assertRejected(set(FOLLOW_UP, "odi", "-5"), RejectionReason.OUT_OF_RANGE, "odi",
          "odi must be an integer from 0 to 100, got -5");
      assertRejected(set(FOLLOW_UP, "complications/0/clavienDindoGrade", "6"), RejectionReason.OUT_OF_RANGE,
          "complications[0].clavienDindoGrade");
      assertRejected(set(FOLLOW_UP, "complications/1/onsetDay", "-1"), RejectionReason.OUT_OF_RANGE,
          "complications[1].onsetDay");
      assertRejected(set(FOLLOW_UP, "lengthOfStayDays", "-1"), RejectionReason.OUT_OF_RANGE, "lengthOfStayDays");
      assertRejected(set(FOLLOW_UP, "daysToNormalActivity", "3651"), RejectionReason.OUT_OF_RANGE,
          "daysToNormalActivity");
    }

    @Test
    void plausibility() {
      assertRejected(set(PROCEDURE, "estimatedBloodLossMl", "-50"), RejectionReason.OUT_OF_RANGE,
          "estimatedBloodLossMl", "estimatedBloodLossMl must be an integer from 0 to 50000, got -50");
      assertRejected(set(PROCEDURE, "incisionLengthMm", "-25"), RejectionReason.OUT_OF_RANGE, "incisionLengthMm");
      assertRejected(set(PROCEDURE, "operativeTimeMin", "-10"), RejectionReason.OUT_OF_RANGE, "operativeTimeMin");
      assertRejected(set(PROCEDURE, "patient/ageYears", "121"), RejectionReason.OUT_OF_RANGE, "patient.ageYears");
      assertRejected(set(PROCEDURE, "patient/bmi", "9.9"), RejectionReason.OUT_OF_RANGE, "patient.bmi",
          "patient.bmi must be a number from 10 to 80, got 9.9");
      assertRejected(set(PROCEDURE, "patient/bmi", "80.01"), RejectionReason.OUT_OF_RANGE, "patient.bmi");
      assertRejected(set(PROCEDURE, "levels", "[]"), RejectionReason.OUT_OF_RANGE, "levels");
    }

    @Test
    void integersBeyondThirtyTwoBitsAreOutOfRangeNotWrapped() {
      assertRejected(set(PROCEDURE, "estimatedBloodLossMl", "4294967446"), RejectionReason.OUT_OF_RANGE,
          "estimatedBloodLossMl", "estimatedBloodLossMl must be an integer from 0 to 50000, got 4294967446");
      assertRejected(set(PROCEDURE, "estimatedBloodLossMl", "123456789012345678901234567890"),
          RejectionReason.OUT_OF_RANGE, "estimatedBloodLossMl");
      assertRejected(PROCEDURE.replace("\"bmi\":23.4", "\"bmi\":1e400"), RejectionReason.OUT_OF_RANGE,
          "patient.bmi");
    }

    @Test
    void identifiersWithControlCharactersOrTooLong() {
      assertRejected(set(CONSENT, "hospitalId", "\"H02\\u001fX\""), RejectionReason.OUT_OF_RANGE, "hospitalId");
      assertRejected(set(CONSENT, "eventId", "\"" + "e".repeat(257) + "\""), RejectionReason.OUT_OF_RANGE,
          "eventId", "eventId must be at most 256 characters long, got 257 characters");
      Rejected r = rejected(set(CONSENT, "patientId", "\"P1\\nP2\""));
      assertThat(r.reason()).isEqualTo(RejectionReason.OUT_OF_RANGE);
      assertThat(r.detail()).isEqualTo(
          "patientId must not contain control characters, got a string of 5 characters (value withheld)");
    }

    /** The detail is written only once a check fails; it names the element of a list and quotes the value. */
    @Test
    void detailsOfIdentifierFailuresNameThePathAndQuoteTheValue() {
      assertRejected(set(CONSENT, "hospitalId", "\"H02\\u001fX\""), RejectionReason.OUT_OF_RANGE, "hospitalId",
          "hospitalId must not contain control characters, got \"H02\\u001FX\"");
      assertRejected(set(PROCEDURE, "levels/1", "\"L5\\tS1\""), RejectionReason.OUT_OF_RANGE, "levels",
          "levels[1] must not contain control characters, got \"L5\\tS1\"");
      assertRejected(set(PROCEDURE, "levels/0", "\" \""), RejectionReason.MISSING_FIELD, "levels",
          "levels[0] is empty; expected a non-empty string");
    }
  }

  @Nested
  class BadTimestamp {

    @ParameterizedTest
    @ValueSource(strings = {"not-a-date", "", " ", "2026-02-30T10:00:00Z", "2025-02-29T10:00:00Z",
        "2026-13-45T25:61:00Z", "2026-04-31T10:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:59:60Z",
        "14/03/2026 09:30", "2025-01-01T09:40:00", "2025-01-01", "2025-01-01 09:40:00Z",
        "2025-01-01t09:40:00z", "2025-01-01T09:40:00+0100", "20250101T094000Z", "2025-1-01T09:40:00Z",
        "2025-01-01T09:40:00Z ", "yesterday"})
    void isRejected(String timestamp) {
      Rejected r = rejected(set(FOLLOW_UP, "recordedAt", JSON.valueToTree(timestamp).toString()));
      assertThat(r.reason()).as(r.detail()).isEqualTo(RejectionReason.BAD_TIMESTAMP);
      assertThat(r.field()).isEqualTo("recordedAt");
      assertThat(EventParser.parseTimestamp(timestamp)).isNull();
    }

    @Test
    void detailSaysWhatIsExpected() {
      assertRejected(set(CONSENT, "withdrawnAt", "\"2026-02-30T10:00:00Z\""), RejectionReason.BAD_TIMESTAMP,
          "withdrawnAt", "withdrawnAt must be an ISO-8601 date-time with a UTC offset, such as "
              + "2025-01-01T09:40:00Z (a real date and time), got \"2026-02-30T10:00:00Z\"");
    }
  }

  @Test
  void theFirstErrorInContractOrderIsReported() {
    String line = set(set(PROCEDURE, "patient/asaClass", "9"), "approach", "\"X\"");
    assertRejected(line, RejectionReason.UNKNOWN_ENUM, "approach");
    assertRejected(set(line, "type", "\"Other\""), RejectionReason.UNKNOWN_TYPE, "type");
  }

  @Test
  void longValuesAreShortenedInDetails() {
    Rejected r = rejected(set(PROCEDURE, "approach", "\"" + "X".repeat(500) + "\""));
    assertThat(r.detail()).hasSizeLessThan(200).contains("...");
  }
}
