package org.spineoutcomes.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.ComplicationType;
import org.spineoutcomes.schemas.Condition;
import org.spineoutcomes.schemas.Sex;
import org.spineoutcomes.schemas.SpinalRegion;
import org.spineoutcomes.schemas.Technique;
import org.spineoutcomes.schemas.Timepoint;
import org.spineoutcomes.schemas.Visualization;

/** Every line is a JSON object of the contract, with its fields, types, enum values, id formats and ranges. */
class SimulatorContractTest {

  static final SimulatorConfig MESSY = SimulatorConfig.builder()
      .seed(7)
      .procedures(6_000)
      .proceduresPerDay(20)
      .duplicateRate(0.05)
      .procedureCorrectionRate(0.05)
      .followUpCorrectionRate(0.05)
      .lateFollowUpRate(0.05)
      .consentWithdrawalRate(0.01)
      .missingFollowUpRate(0.10)
      .build();

  private static final Pattern UUID = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
  private static final Pattern HOSPITAL = Pattern.compile("H\\d\\d");
  private static final Pattern LEVEL = Pattern.compile("([CTL])(\\d+)-([CTLS])(\\d+)");
  private static final Set<String> PROCEDURE_FIELDS = Set.of("type", "eventId", "procedureId", "hospitalId",
      "surgeonId", "patientId", "performedAt", "approach", "visualization", "technique", "condition",
      "spinalRegion", "levels", "incisionLengthMm", "operativeTimeMin", "estimatedBloodLossMl", "patient",
      "baseline", "intraoperativeComplications");
  private static final Set<String> FOLLOW_UP_REQUIRED = Set.of("type", "eventId", "procedureId", "hospitalId",
      "recordedAt", "timepoint", "complications");
  private static final Set<String> FOLLOW_UP_OPTIONAL = Set.of("backPainNrs", "legPainNrs", "odi",
      "lengthOfStayDays", "daysToNormalActivity");
  private static final Set<String> WITHDRAWAL_FIELDS = Set.of("type", "eventId", "hospitalId", "patientId",
      "withdrawnAt");

  private final Set<String> seen = new HashSet<>();

  @Test
  void everyLineIsAContractObjectWithinRange() {
    List<Feeds.Event> events = Feeds.events(MESSY);
    assertThat(events).hasSizeGreaterThan(30_000);
    for (Feeds.Event e : events) {
      JsonNode n = e.node();
      assertThat(n.isObject()).as(e.json()).isTrue();
      assertThat(e.json()).startsWith("{\"type\":\"").doesNotContain("\n");
      assertThat(n.get("type").asText()).isEqualTo(e.type());
      assertThat(n.get("eventId").asText()).matches(UUID);
      assertThat(n.get("hospitalId").asText()).matches(HOSPITAL);
      switch (e.type()) {
        case SimulatedEvent.PROCEDURE_PERFORMED -> checkProcedure(n, e);
        case SimulatedEvent.FOLLOW_UP_RECORDED -> checkFollowUp(n, e);
        case SimulatedEvent.CONSENT_WITHDRAWN -> checkWithdrawal(n, e);
        default -> throw new AssertionError("unknown type " + e.type());
      }
    }
    // all the contract's values occur somewhere in the feed
    Set<String> expected = new HashSet<>();
    EnumSet.allOf(Approach.class).forEach(v -> expected.add("approach=" + v));
    EnumSet.allOf(Visualization.class).forEach(v -> expected.add("visualization=" + v));
    EnumSet.allOf(Technique.class).forEach(v -> expected.add("technique=" + v));
    EnumSet.allOf(Condition.class).forEach(v -> expected.add("condition=" + v));
    EnumSet.allOf(SpinalRegion.class).forEach(v -> expected.add("spinalRegion=" + v));
    EnumSet.allOf(Sex.class).forEach(v -> expected.add("sex=" + v));
    EnumSet.allOf(Timepoint.class).forEach(v -> expected.add("timepoint=" + v));
    EnumSet.allOf(ComplicationType.class).forEach(v -> expected.add("complication=" + v));
    for (int g = 1; g <= 4; g++) { // grade 5 (death) is too rare to be certain in a small feed
      expected.add("grade=" + g);
    }
    for (int a = 1; a <= 4; a++) {
      expected.add("asa=" + a);
    }
    expected.add("intraop=DURAL_TEAR");
    expected.add("type=ConsentWithdrawn");
    assertThat(seen).containsAll(expected);
  }

  private void checkProcedure(JsonNode n, Feeds.Event e) {
    assertThat(names(n)).isEqualTo(PROCEDURE_FIELDS);
    String hospital = n.get("hospitalId").asText();
    assertThat(n.get("procedureId").asText()).matches(Pattern.quote(hospital) + "-PROC-\\d{6,}");
    assertThat(n.get("surgeonId").asText()).matches(Pattern.quote(hospital) + "-S\\d\\d");
    assertThat(n.get("patientId").asText()).matches(Pattern.quote(hospital) + "-P\\d{6,}");
    Instant performedAt = timestamp(n, "performedAt");
    assertThat(e.at()).isAfterOrEqualTo(performedAt);
    seen.add("approach=" + enumValue(n, "approach", Approach.class));
    seen.add("visualization=" + enumValue(n, "visualization", Visualization.class));
    seen.add("technique=" + enumValue(n, "technique", Technique.class));
    seen.add("condition=" + enumValue(n, "condition", Condition.class));
    String region = enumValue(n, "spinalRegion", SpinalRegion.class);
    seen.add("spinalRegion=" + region);
    if (n.get("approach").asText().equals("OPEN")) {
      assertThat(n.get("visualization").asText()).isIn("NAKED_EYE", "LOUPES");
    } else {
      assertThat(n.get("visualization").asText()).isIn("MICROSCOPE", "ENDOSCOPE");
    }
    JsonNode levels = n.get("levels");
    assertThat(levels.isArray() && !levels.isEmpty()).isTrue();
    Set<String> distinct = new HashSet<>();
    for (JsonNode level : levels) {
      assertThat(level.isTextual()).isTrue();
      assertThat(level.asText()).matches(LEVEL).startsWith(region.substring(0, 1));
      assertThat(distinct.add(level.asText())).isTrue();
    }
    assertThat(integer(n, "incisionLengthMm")).isBetween(5, 1_000);
    assertThat(integer(n, "operativeTimeMin")).isBetween(1, 1_440);
    assertThat(integer(n, "estimatedBloodLossMl")).isBetween(0, 100_000);
    JsonNode p = n.get("patient");
    assertThat(names(p)).isEqualTo(Set.of("ageYears", "sex", "asaClass", "bmi", "smoker", "diabetic"));
    assertThat(integer(p, "ageYears")).isBetween(0, 120);
    seen.add("sex=" + enumValue(p, "sex", Sex.class));
    int asa = integer(p, "asaClass");
    assertThat(asa).isBetween(1, 5);
    seen.add("asa=" + asa);
    assertThat(p.get("bmi").isNumber()).isTrue();
    double bmi = p.get("bmi").asDouble();
    assertThat(bmi).isBetween(10.0, 80.0);
    assertThat(Math.abs(bmi * 10 - Math.round(bmi * 10))).isLessThan(1e-9);
    assertThat(p.get("bmi").toString()).matches("\\d+\\.\\d");
    assertThat(p.get("smoker").isBoolean()).isTrue();
    assertThat(p.get("diabetic").isBoolean()).isTrue();
    JsonNode b = n.get("baseline");
    assertThat(names(b)).isEqualTo(Set.of("backPainNrs", "legPainNrs", "odi"));
    assertThat(integer(b, "backPainNrs")).isBetween(0, 10);
    assertThat(integer(b, "legPainNrs")).isBetween(0, 10);
    assertThat(integer(b, "odi")).isBetween(0, 100);
    JsonNode intraop = n.get("intraoperativeComplications");
    assertThat(intraop.isArray()).isTrue();
    for (JsonNode c : intraop) {
      String type = enumValue(c, ComplicationType.class);
      seen.add("intraop=" + type);
      seen.add("complication=" + type);
    }
  }

  private void checkFollowUp(JsonNode n, Feeds.Event e) {
    Set<String> names = names(n);
    assertThat(names).containsAll(FOLLOW_UP_REQUIRED);
    Set<String> rest = new HashSet<>(names);
    rest.removeAll(FOLLOW_UP_REQUIRED);
    assertThat(FOLLOW_UP_OPTIONAL).containsAll(rest);
    String hospital = n.get("hospitalId").asText();
    assertThat(n.get("procedureId").asText()).matches(Pattern.quote(hospital) + "-PROC-\\d{6,}");
    assertThat(e.at()).isAfterOrEqualTo(timestamp(n, "recordedAt"));
    String timepoint = enumValue(n, "timepoint", Timepoint.class);
    seen.add("timepoint=" + timepoint);
    for (String nrs : List.of("backPainNrs", "legPainNrs")) {
      if (n.has(nrs)) {
        assertThat(integer(n, nrs)).isBetween(0, 10);
      }
    }
    if (n.has("odi")) {
      assertThat(integer(n, "odi")).isBetween(0, 100);
    }
    if (n.has("lengthOfStayDays")) {
      assertThat(timepoint).isEqualTo("DISCHARGE");
      assertThat(integer(n, "lengthOfStayDays")).isBetween(0, 365);
    }
    if (n.has("daysToNormalActivity")) {
      assertThat(timepoint).isNotEqualTo("DISCHARGE");
      assertThat(integer(n, "daysToNormalActivity")).isBetween(1, 500);
    }
    assertThat(n.get("complications").isArray()).isTrue();
    for (JsonNode c : n.get("complications")) {
      assertThat(names(c)).isEqualTo(Set.of("type", "onsetDay", "clavienDindoGrade"));
      seen.add("complication=" + enumValue(c, "type", ComplicationType.class));
      assertThat(integer(c, "onsetDay")).isBetween(0, 500);
      int grade = integer(c, "clavienDindoGrade");
      assertThat(grade).isBetween(1, 5);
      seen.add("grade=" + grade);
    }
  }

  private void checkWithdrawal(JsonNode n, Feeds.Event e) {
    assertThat(names(n)).isEqualTo(WITHDRAWAL_FIELDS);
    String hospital = n.get("hospitalId").asText();
    assertThat(n.get("patientId").asText()).matches(Pattern.quote(hospital) + "-P\\d{6,}");
    assertThat(e.at()).isAfterOrEqualTo(timestamp(n, "withdrawnAt"));
    seen.add("type=ConsentWithdrawn");
  }

  private static Set<String> names(JsonNode n) {
    Set<String> names = new HashSet<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static int integer(JsonNode parent, String field) {
    JsonNode v = parent.get(field);
    assertThat(v).as(field).isNotNull();
    assertThat(v.isInt()).as(field + " must be an integer: " + v).isTrue();
    return v.asInt();
  }

  private static Instant timestamp(JsonNode parent, String field) {
    String text = parent.get(field).asText();
    assertThat(text).matches(TIMESTAMP);
    return Instant.parse(text);
  }

  private static <E extends Enum<E>> String enumValue(JsonNode parent, String field, Class<E> type) {
    return enumValue(parent.get(field), type);
  }

  private static <E extends Enum<E>> String enumValue(JsonNode value, Class<E> type) {
    assertThat(value.isTextual()).isTrue();
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name());
    }
    assertThat(names).contains(value.asText());
    return value.asText();
  }
}
