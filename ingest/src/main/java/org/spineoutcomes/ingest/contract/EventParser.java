package org.spineoutcomes.ingest.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.spineoutcomes.ingest.contract.ParseResult.Accepted;
import org.spineoutcomes.ingest.contract.ParseResult.Rejected;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.BaselineScores;
import org.spineoutcomes.schemas.Complication;
import org.spineoutcomes.schemas.ComplicationType;
import org.spineoutcomes.schemas.Condition;
import org.spineoutcomes.schemas.ConsentWithdrawn;
import org.spineoutcomes.schemas.FollowUpRecorded;
import org.spineoutcomes.schemas.PatientProfile;
import org.spineoutcomes.schemas.ProcedurePerformed;
import org.spineoutcomes.schemas.RejectionReason;
import org.spineoutcomes.schemas.Sex;
import org.spineoutcomes.schemas.SpinalRegion;
import org.spineoutcomes.schemas.Technique;
import org.spineoutcomes.schemas.Timepoint;
import org.spineoutcomes.schemas.Visualization;

/**
 * Strict validator of the JSON contract: turns one JSON event into its Avro record, with the raw patientId replaced
 * by its {@link Pseudonymizer pseudonym}, or says precisely why it is rejected. Nothing is ever coerced:
 * a string is never read as a number, a float never as an integer, a number never as a boolean or timestamp.
 *
 * <p>Rules, in the order they are checked (the first failure is reported):
 * <ol>
 *   <li>the line is one JSON object (strict JSON, see {@link StrictJson}) – else {@code BAD_JSON};</li>
 *   <li>{@code type} is present ({@code MISSING_FIELD}), a string ({@code WRONG_TYPE}) and one of the three event
 *       types ({@code UNKNOWN_TYPE});</li>
 *   <li>then every field in contract order. A required field that is absent or JSON {@code null} is
 *       {@code MISSING_FIELD}; an optional field that is {@code null} is absent. Unknown extra fields are ignored.</li>
 * </ol>
 * Ids ({@code eventId, procedureId, hospitalId, surgeonId, patientId}) and levels are non-blank strings
 * ({@code MISSING_FIELD} if empty) of at most {@value #MAX_ID_LENGTH} characters without control characters
 * ({@code OUT_OF_RANGE} otherwise). Timestamps are ISO-8601 date-times with a UTC offset
 * ({@code 2025-01-01T09:40:00Z}, {@code 2025-01-01T10:40:00.250+01:00}); a real calendar date is required.
 * Numeric ranges (inclusive) are the {@code *_MIN}/{@code *_MAX} constants of this class; an integer that does not
 * fit a 32-bit int is {@code OUT_OF_RANGE}.
 *
 * <p>Thread-safe and allocation-light; share one instance.
 */
public final class EventParser {

  public static final String PROCEDURE_PERFORMED = "ProcedurePerformed";
  public static final String FOLLOW_UP_RECORDED = "FollowUpRecorded";
  public static final String CONSENT_WITHDRAWN = "ConsentWithdrawn";
  /** The event types of the contract. */
  public static final List<String> EVENT_TYPES = List.of(PROCEDURE_PERFORMED, FOLLOW_UP_RECORDED, CONSENT_WITHDRAWN);

  public static final int MAX_ID_LENGTH = 256;
  public static final int INCISION_MM_MIN = 0;
  public static final int INCISION_MM_MAX = 2_000;
  public static final int OPERATIVE_TIME_MIN_MIN = 0;
  /** Two days, skin to skin. */
  public static final int OPERATIVE_TIME_MIN_MAX = 2_880;
  public static final int BLOOD_LOSS_ML_MIN = 0;
  public static final int BLOOD_LOSS_ML_MAX = 50_000;
  public static final int AGE_YEARS_MIN = 0;
  public static final int AGE_YEARS_MAX = 120;
  public static final int ASA_CLASS_MIN = 1;
  public static final int ASA_CLASS_MAX = 5;
  public static final double BMI_MIN = 10.0;
  public static final double BMI_MAX = 80.0;
  public static final int NRS_MIN = 0;
  public static final int NRS_MAX = 10;
  public static final int ODI_MIN = 0;
  public static final int ODI_MAX = 100;
  /** Ten years: the bound for lengthOfStayDays, daysToNormalActivity and complication onsetDay. */
  public static final int DAYS_MIN = 0;
  public static final int DAYS_MAX = 3_650;
  public static final int CLAVIEN_DINDO_MIN = 1;
  public static final int CLAVIEN_DINDO_MAX = 5;

  private static final String TIMESTAMP_EXPECTED =
      "an ISO-8601 date-time with a UTC offset, such as 2025-01-01T09:40:00Z";
  private static final String TYPES_EXPECTED = "one of " + String.join(", ", EVENT_TYPES);

  /** ISO-8601 local date-time plus offset, case-sensitive ('T' and 'Z' upper case), strict calendar. */
  private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .appendLiteral('T')
      .append(DateTimeFormatter.ISO_LOCAL_TIME)
      .appendOffsetId()
      .toFormatter(Locale.ROOT)
      .withChronology(IsoChronology.INSTANCE)
      .withResolverStyle(ResolverStyle.STRICT);

  private static final EnumSpec<Approach> APPROACH = new EnumSpec<>(Approach.values());
  private static final EnumSpec<Visualization> VISUALIZATION = new EnumSpec<>(Visualization.values());
  private static final EnumSpec<Technique> TECHNIQUE = new EnumSpec<>(Technique.values());
  private static final EnumSpec<Condition> CONDITION = new EnumSpec<>(Condition.values());
  private static final EnumSpec<SpinalRegion> SPINAL_REGION = new EnumSpec<>(SpinalRegion.values());
  private static final EnumSpec<Sex> SEX = new EnumSpec<>(Sex.values());
  private static final EnumSpec<Timepoint> TIMEPOINT = new EnumSpec<>(Timepoint.values());
  private static final EnumSpec<ComplicationType> COMPLICATION_TYPE = new EnumSpec<>(ComplicationType.values());

  private static final String INTRAOPERATIVE_EXPECTED =
      "a list of complication types (" + COMPLICATION_TYPE.expected + "), possibly empty";
  private static final String TOP = "";
  private static final String PATIENT = "patient.";
  private static final String BASELINE = "baseline.";

  private final Pseudonymizer pseudonymizer;

  public EventParser(Pseudonymizer pseudonymizer) {
    this.pseudonymizer = Objects.requireNonNull(pseudonymizer, "pseudonymizer");
  }

  /** Validates one line of the contract (one JSON object carrying {@code "type"}). */
  public ParseResult parse(String line) {
    if (line == null) {
      return new Rejected(RejectionReason.BAD_JSON, null, "the line is missing; expected one JSON object");
    }
    JsonNode node;
    try {
      node = StrictJson.reader().readTree(line);
    } catch (JsonProcessingException e) {
      return StrictJson.badJson(e);
    }
    return parse(node);
  }

  /** Validates one line given as UTF-8 bytes (avoids decoding to a String first). */
  public ParseResult parse(byte[] utf8Line) {
    if (utf8Line == null) {
      return new Rejected(RejectionReason.BAD_JSON, null, "the line is missing; expected one JSON object");
    }
    JsonNode node;
    try {
      node = StrictJson.reader().readTree(utf8Line);
    } catch (JsonProcessingException e) {
      return StrictJson.badJson(e);
    } catch (IOException e) {
      return new Rejected(RejectionReason.BAD_JSON, null, "the line could not be read: " + e.getMessage());
    }
    return parse(node);
  }

  /** Validates an already parsed event whose {@code "type"} field names its type. */
  public ParseResult parse(JsonNode node) {
    if (node == null || !node.isObject()) {
      return notAnObject(node);
    }
    JsonNode type = node.get("type");
    if (type == null || type.isNull()) {
      return new Rejected(RejectionReason.MISSING_FIELD, "type",
          "type is " + (type == null ? "missing" : "null") + "; expected " + TYPES_EXPECTED);
    }
    if (!type.isTextual()) {
      return new Rejected(RejectionReason.WRONG_TYPE, "type",
          "type must be a string, " + TYPES_EXPECTED + ", got " + describe(type));
    }
    return parseTyped(type.textValue(), node);
  }

  /**
   * Validates an already parsed event of the given type (e.g. taken from an HTTP path). A {@code "type"} field in the
   * object is optional; if present it must name the same type.
   */
  public ParseResult parse(String type, JsonNode node) {
    if (type == null) {
      return new Rejected(RejectionReason.MISSING_FIELD, "type", "type is missing; expected " + TYPES_EXPECTED);
    }
    if (node == null || !node.isObject()) {
      return notAnObject(node);
    }
    JsonNode inBody = node.get("type");
    if (inBody != null && !inBody.isNull() && !(inBody.isTextual() && inBody.textValue().equals(type))) {
      return new Rejected(RejectionReason.UNKNOWN_TYPE, "type",
          "type in the body is " + describe(inBody) + " but the event was sent as " + quote(type)
              + "; expected both to name the same event type");
    }
    return parseTyped(type, node);
  }

  /** Reads {@code body} with the strict reader and validates it as an event of {@code type}. */
  public ParseResult parseBody(String type, String body) {
    if (body == null) {
      return new Rejected(RejectionReason.BAD_JSON, null, "the body is missing; expected one JSON object");
    }
    JsonNode node;
    try {
      node = StrictJson.reader().readTree(body);
    } catch (JsonProcessingException e) {
      return StrictJson.badJson(e);
    }
    return parse(type, node);
  }

  private ParseResult parseTyped(String type, JsonNode node) {
    try {
      switch (type) {
        case PROCEDURE_PERFORMED:
          return new Accepted(procedure(node));
        case FOLLOW_UP_RECORDED:
          return new Accepted(followUp(node));
        case CONSENT_WITHDRAWN:
          return new Accepted(consent(node));
        default:
          return new Rejected(RejectionReason.UNKNOWN_TYPE, "type",
              "type must be " + TYPES_EXPECTED + ", got " + quote(type));
      }
    } catch (Invalid e) {
      return new Rejected(e.reason, e.field, e.getMessage());
    }
  }

  private static Rejected notAnObject(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return new Rejected(RejectionReason.BAD_JSON, null, "the line is empty; expected one JSON object");
    }
    return new Rejected(RejectionReason.BAD_JSON, null,
        "the line is not a JSON object but " + kind(node) + "; expected one JSON object per line");
  }

  // ---------------------------------------------------------------------------------------------- event types

  private ProcedurePerformed procedure(JsonNode o) {
    String eventId = id(o, "eventId");
    String procedureId = id(o, "procedureId");
    String hospitalId = id(o, "hospitalId");
    String surgeonId = id(o, "surgeonId");
    String patientId = patientId(o);
    Instant performedAt = timestamp(o, "performedAt");
    Approach approach = enumField(o, TOP, "approach", APPROACH);
    Visualization visualization = enumField(o, TOP, "visualization", VISUALIZATION);
    Technique technique = enumField(o, TOP, "technique", TECHNIQUE);
    Condition condition = enumField(o, TOP, "condition", CONDITION);
    SpinalRegion spinalRegion = enumField(o, TOP, "spinalRegion", SPINAL_REGION);
    List<String> levels = levels(o);
    int incision = intField(o, TOP, "incisionLengthMm", INCISION_MM_MIN, INCISION_MM_MAX);
    int operativeTime = intField(o, TOP, "operativeTimeMin", OPERATIVE_TIME_MIN_MIN, OPERATIVE_TIME_MIN_MAX);
    int bloodLoss = intField(o, TOP, "estimatedBloodLossMl", BLOOD_LOSS_ML_MIN, BLOOD_LOSS_ML_MAX);

    JsonNode p = object(o, "patient", "an object with ageYears, sex, asaClass, bmi, smoker and diabetic");
    PatientProfile patient = new PatientProfile(
        intField(p, PATIENT, "ageYears", AGE_YEARS_MIN, AGE_YEARS_MAX),
        enumField(p, PATIENT, "sex", SEX),
        intField(p, PATIENT, "asaClass", ASA_CLASS_MIN, ASA_CLASS_MAX),
        number(p, PATIENT, "bmi", BMI_MIN, BMI_MAX),
        bool(p, PATIENT, "smoker"),
        bool(p, PATIENT, "diabetic"));

    JsonNode b = object(o, "baseline", "an object with backPainNrs, legPainNrs and odi");
    BaselineScores baseline = new BaselineScores(
        intField(b, BASELINE, "backPainNrs", NRS_MIN, NRS_MAX),
        intField(b, BASELINE, "legPainNrs", NRS_MIN, NRS_MAX),
        intField(b, BASELINE, "odi", ODI_MIN, ODI_MAX));

    List<ComplicationType> intraoperative = intraoperativeComplications(o);

    return new ProcedurePerformed(eventId, procedureId, hospitalId, surgeonId,
        pseudonymizer.pseudonym(hospitalId, patientId), performedAt,
        approach, visualization, technique, condition, spinalRegion, levels,
        incision, operativeTime, bloodLoss, patient, baseline, intraoperative);
  }

  private static FollowUpRecorded followUp(JsonNode o) {
    String eventId = id(o, "eventId");
    String procedureId = id(o, "procedureId");
    String hospitalId = id(o, "hospitalId");
    Instant recordedAt = timestamp(o, "recordedAt");
    Timepoint timepoint = enumField(o, TOP, "timepoint", TIMEPOINT);
    Integer backPain = optionalInt(o, "backPainNrs", NRS_MIN, NRS_MAX);
    Integer legPain = optionalInt(o, "legPainNrs", NRS_MIN, NRS_MAX);
    Integer odi = optionalInt(o, "odi", ODI_MIN, ODI_MAX);
    Integer lengthOfStay = optionalInt(o, "lengthOfStayDays", DAYS_MIN, DAYS_MAX);
    Integer daysToNormal = optionalInt(o, "daysToNormalActivity", DAYS_MIN, DAYS_MAX);
    List<Complication> complications = complications(o);
    return new FollowUpRecorded(eventId, procedureId, hospitalId, recordedAt, timepoint,
        backPain, legPain, odi, lengthOfStay, daysToNormal, complications);
  }

  private ConsentWithdrawn consent(JsonNode o) {
    String eventId = id(o, "eventId");
    String hospitalId = id(o, "hospitalId");
    String patientId = patientId(o);
    Instant withdrawnAt = timestamp(o, "withdrawnAt");
    return new ConsentWithdrawn(eventId, hospitalId, pseudonymizer.pseudonym(hospitalId, patientId), withdrawnAt);
  }

  // ---------------------------------------------------------------------------------------------- field readers

  private static JsonNode required(JsonNode o, String prefix, String name, String expected) {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      throw missing(prefix, name, v, expected);
    }
    return v;
  }

  // Messages are built only on failure: building them for every valid field cost a sixth of the ingest.
  private static Invalid missing(String prefix, String name, JsonNode v, String expected) {
    String path = prefix + name;
    return new Invalid(RejectionReason.MISSING_FIELD, path,
        path + " is " + (v == null ? "missing" : "null") + "; expected " + expected);
  }

  private static String id(JsonNode o, String name) {
    JsonNode v = required(o, TOP, name, "a non-empty string");
    if (!v.isTextual()) {
      throw new Invalid(RejectionReason.WRONG_TYPE, name, name + " must be a string, got " + describe(v));
    }
    String s = v.textValue();
    checkIdentifier(s, name, -1, false);
    return s;
  }

  /** Like {@link #id} but never echoes the value, which must not leave the parser in clear. */
  private static String patientId(JsonNode o) {
    String name = "patientId";
    JsonNode v = required(o, TOP, name, "a non-empty string");
    if (!v.isTextual()) {
      throw new Invalid(RejectionReason.WRONG_TYPE, name,
          name + " must be a string, got " + kind(v) + " (value withheld)");
    }
    String s = v.textValue();
    checkIdentifier(s, name, -1, true);
    return s;
  }

  /** The path is the field, or its element {@code field[index]} for index ≥ 0. */
  private static void checkIdentifier(String s, String field, int index, boolean withheld) {
    if (s.length() > MAX_ID_LENGTH || s.isBlank() || hasControl(s)) {
      String path = index < 0 ? field : field + "[" + index + "]";
      identifierFailure(s, field, path, withheld);
    }
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static void identifierFailure(String s, String field, String path, boolean withheld) {
    if (s.isBlank()) {
      throw new Invalid(RejectionReason.MISSING_FIELD, field, path + " is empty; expected a non-empty string");
    }
    if (s.length() > MAX_ID_LENGTH) {
      throw new Invalid(RejectionReason.OUT_OF_RANGE, field, path + " must be at most " + MAX_ID_LENGTH
          + " characters long, got " + s.length() + " characters");
    }
    if (hasControl(s)) {
      throw new Invalid(RejectionReason.OUT_OF_RANGE, field,
          path + " must not contain control characters, got "
              + (withheld ? "a string of " + s.length() + " characters (value withheld)" : quote(s)));
    }
  }

  private static Instant timestamp(JsonNode o, String name) {
    JsonNode v = required(o, TOP, name, TIMESTAMP_EXPECTED);
    if (!v.isTextual()) {
      throw new Invalid(RejectionReason.WRONG_TYPE, name,
          name + " must be a string holding " + TIMESTAMP_EXPECTED + ", got " + describe(v));
    }
    Instant t = parseTimestamp(v.textValue());
    if (t == null) {
      throw new Invalid(RejectionReason.BAD_TIMESTAMP, name,
          name + " must be " + TIMESTAMP_EXPECTED + " (a real date and time), got " + describe(v));
    }
    return t;
  }

  /** ISO-8601 date-time with offset to Instant; {@code null} if it is not one. */
  static Instant parseTimestamp(String s) {
    // Fast path for the common canonical form yyyy-MM-ddTHH:mm:ssZ; anything else goes to java.time.
    if (s.length() == 20 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T'
        && s.charAt(13) == ':' && s.charAt(16) == ':' && s.charAt(19) == 'Z') {
      int year = digits(s, 0, 4);
      int month = digits(s, 5, 2);
      int day = digits(s, 8, 2);
      int hour = digits(s, 11, 2);
      int minute = digits(s, 14, 2);
      int second = digits(s, 17, 2);
      if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && hour <= 23
          && minute >= 0 && minute <= 59 && second >= 0 && second <= 59) {
        long epochDay;
        try {
          epochDay = LocalDate.of(year, month, day).toEpochDay(); // rejects 2026-02-30, month 13, ...
        } catch (DateTimeException e) {
          return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second);
      }
    }
    if (s.isEmpty()) {
      return null;
    }
    try {
      return TIMESTAMP.parse(s, OffsetDateTime::from).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  private static <E extends Enum<E>> E enumField(JsonNode o, String prefix, String name, EnumSpec<E> spec) {
    JsonNode v = required(o, prefix, name, spec.expected);
    return enumValue(v, prefix, name, -1, spec);
  }

  /** The field is {@code prefix + name}; the path adds {@code [index]} for an element of a list (index ≥ 0). */
  private static <E extends Enum<E>> E enumValue(JsonNode v, String prefix, String name, int index,
      EnumSpec<E> spec) {
    E e = v.isTextual() ? spec.byName.get(v.textValue()) : null;
    if (e == null) {
      String field = prefix + name;
      String path = index < 0 ? field : field + "[" + index + "]";
      throw v.isTextual()
          ? new Invalid(RejectionReason.UNKNOWN_ENUM, field, path + " must be " + spec.expected + ", got " + describe(v))
          : new Invalid(RejectionReason.WRONG_TYPE, field,
              path + " must be a string, " + spec.expected + ", got " + describe(v));
    }
    return e;
  }

  private static int intField(JsonNode o, String prefix, String name, int min, int max) {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      throw missing(prefix, name, v, integerExpected(min, max));
    }
    return intValue(v, prefix, name, min, max);
  }

  private static Integer optionalInt(JsonNode o, String name, int min, int max) {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    return intValue(v, TOP, name, min, max);
  }

  private static int intValue(JsonNode v, String prefix, String name, int min, int max) {
    if (v.isInt()) {
      int x = v.intValue();
      if (x >= min && x <= max) {
        return x;
      }
    } else if (!v.isIntegralNumber()) {
      String path = prefix + name;
      throw new Invalid(RejectionReason.WRONG_TYPE, path,
          path + " must be " + integerExpected(min, max) + ", got " + describe(v));
    }
    String path = prefix + name;
    throw new Invalid(RejectionReason.OUT_OF_RANGE, path,
        path + " must be " + integerExpected(min, max) + ", got " + describe(v));
  }

  private static String integerExpected(int min, int max) {
    return "an integer from " + min + " to " + max;
  }

  private static double number(JsonNode o, String prefix, String name, double min, double max) {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      throw missing(prefix, name, v, numberExpected(min, max));
    }
    if (!v.isNumber()) {
      String path = prefix + name;
      throw new Invalid(RejectionReason.WRONG_TYPE, path,
          path + " must be " + numberExpected(min, max) + ", got " + describe(v));
    }
    double x = v.doubleValue();
    if (!(x >= min && x <= max)) {
      String path = prefix + name;
      throw new Invalid(RejectionReason.OUT_OF_RANGE, path,
          path + " must be " + numberExpected(min, max) + ", got " + describe(v));
    }
    return x;
  }

  private static String numberExpected(double min, double max) {
    return "a number from " + trim(min) + " to " + trim(max);
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static boolean bool(JsonNode o, String prefix, String name) {
    JsonNode v = required(o, prefix, name, "a boolean (true or false)");
    if (!v.isBoolean()) {
      String path = prefix + name;
      throw new Invalid(RejectionReason.WRONG_TYPE, path,
          path + " must be a boolean (true or false), got " + describe(v));
    }
    return v.booleanValue();
  }

  private static JsonNode object(JsonNode o, String name, String expected) {
    JsonNode v = required(o, TOP, name, expected);
    if (!v.isObject()) {
      throw new Invalid(RejectionReason.WRONG_TYPE, name, name + " must be " + expected + ", got " + describe(v));
    }
    return v;
  }

  private static JsonNode list(JsonNode v, String name, String expected) {
    if (!v.isArray()) {
      throw new Invalid(RejectionReason.WRONG_TYPE, name, name + " must be " + expected + ", got " + describe(v));
    }
    return v;
  }

  private static List<String> levels(JsonNode o) {
    String name = "levels";
    String expected = "a non-empty list of strings such as [\"L4-L5\"]";
    JsonNode v = list(required(o, TOP, name, expected), name, expected);
    int n = v.size();
    if (n == 0) {
      throw new Invalid(RejectionReason.OUT_OF_RANGE, name, "levels must name at least one level, got []");
    }
    List<String> levels = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      JsonNode e = v.get(i);
      if (!e.isTextual()) {
        throw new Invalid(RejectionReason.WRONG_TYPE, name,
            name + "[" + i + "] must be a string such as \"L4-L5\", got " + describe(e));
      }
      String s = e.textValue();
      checkIdentifier(s, name, i, false);
      levels.add(s);
    }
    return levels;
  }

  private static List<ComplicationType> intraoperativeComplications(JsonNode o) {
    String name = "intraoperativeComplications";
    JsonNode v = list(required(o, TOP, name, INTRAOPERATIVE_EXPECTED), name, INTRAOPERATIVE_EXPECTED);
    int n = v.size();
    List<ComplicationType> types = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      // Errors in an element name the list itself as the field (as the reference does); the detail has the index.
      types.add(enumValue(v.get(i), TOP, name, i, COMPLICATION_TYPE));
    }
    return types;
  }

  private static List<Complication> complications(JsonNode o) {
    String name = "complications";
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      return new ArrayList<>(0);
    }
    list(v, name, "a list of objects with type, onsetDay and clavienDindoGrade");
    int n = v.size();
    List<Complication> complications = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      JsonNode e = v.get(i);
      String prefix = name + "[" + i + "].";
      if (!e.isObject()) {
        String path = name + "[" + i + "]";
        throw new Invalid(RejectionReason.WRONG_TYPE, path,
            path + " must be an object with type, onsetDay and clavienDindoGrade, got " + describe(e));
      }
      complications.add(new Complication(
          enumField(e, prefix, "type", COMPLICATION_TYPE),
          intField(e, prefix, "onsetDay", DAYS_MIN, DAYS_MAX),
          intField(e, prefix, "clavienDindoGrade", CLAVIEN_DINDO_MIN, CLAVIEN_DINDO_MAX)));
    }
    return complications;
  }

  // ---------------------------------------------------------------------------------------------- messages

  /** The offending value as a person should see it: JSON text for scalars, its kind for containers. */
  static String describe(JsonNode v) {
    if (v == null) {
      return "nothing";
    }
    switch (v.getNodeType()) {
      case STRING:
        return quote(v.textValue());
      case NUMBER:
      case BOOLEAN:
        return v.asText();
      case NULL:
        return "null";
      default:
        return kind(v);
    }
  }

  private static String kind(JsonNode v) {
    switch (v.getNodeType()) {
      case OBJECT:
        return "an object";
      case ARRAY:
        return "a list";
      case STRING:
        return "a string";
      case NUMBER:
        return "a number";
      case BOOLEAN:
        return "a boolean";
      case NULL:
        return "null";
      default:
        return v.getNodeType().name().toLowerCase(Locale.ROOT);
    }
  }

  /** JSON-quoted, escaped, shortened to 80 characters. */
  static String quote(String s) {
    String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return new TextNode(shown).toString();
  }

  private static final class EnumSpec<E extends Enum<E>> {
    final Map<String, E> byName = new HashMap<>();
    final String expected;

    EnumSpec(E[] values) {
      for (E e : values) {
        byName.put(e.name(), e);
      }
      expected = "one of " + Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
    }
  }

  /** A validation failure; cheap (no stack trace), caught in {@link #parseTyped}. */
  private static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient RejectionReason reason;
    final String field;

    Invalid(RejectionReason reason, String field, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
      this.field = field;
    }
  }
}
