package org.spineoutcomes.ingest.simulator;

import java.util.Arrays;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.ComplicationType;
import org.spineoutcomes.schemas.Condition;
import org.spineoutcomes.schemas.Sex;
import org.spineoutcomes.schemas.SpinalRegion;
import org.spineoutcomes.schemas.Technique;
import org.spineoutcomes.schemas.Timepoint;
import org.spineoutcomes.schemas.Visualization;

/**
 * One simulated procedure with everything the feed will ever say about it, held compactly (ids as numbers,
 * scores as small ints) while any of its events is still pending, plus its own sorted emission schedule.
 */
final class SimCase {

  static final int VISITS = Timepoint.values().length;
  static final ComplicationType[] NO_COMPLICATIONS = new ComplicationType[0];
  private static final ComplicationType[] TYPES = ComplicationType.values();
  private static final Timepoint[] TIMEPOINTS = Timepoint.values();

  // emission kinds
  static final int K_PROCEDURE = 0;
  static final int K_PROCEDURE_CORRECTION = 1;
  static final int K_FOLLOW_UP = 2;
  static final int K_FOLLOW_UP_CORRECTION = 3;
  static final int K_WITHDRAWAL = 4;

  // procedure fields that the first, wrong ProcedurePerformed may carry
  static final int P_OPERATIVE_TIME = 0;
  static final int P_BLOOD_LOSS = 1;
  static final int P_BMI = 2;
  static final int P_ASA = 3;
  static final int P_AGE = 4;
  static final int P_INCISION = 5;

  // follow-up fields that the first, wrong FollowUpRecorded may carry
  static final int F_NONE = 0;
  static final int F_BACK = 1;
  static final int F_LEG = 2;
  static final int F_ODI = 3;
  static final int F_LOS = 4;
  static final int F_DROP_COMPLICATION = 5;
  static final int F_DAYS_TO_NORMAL = 6;

  final long index;
  final long seed;
  int hospital;
  int surgeon;
  long procedureNo;
  long patientNo;
  long performedAt;
  Approach approach;
  Visualization visualization;
  Technique technique;
  Condition condition;
  SpinalRegion region;
  int levelStart;
  int levelCount;
  int incisionMm;
  int operativeTimeMin;
  int bloodLossMl;
  int ageYears;
  Sex sex;
  int asaClass;
  int bmiTenths;
  boolean smoker;
  boolean diabetic;
  int baseBack;
  int baseLeg;
  int baseOdi;
  ComplicationType[] intraop = NO_COMPLICATIONS;
  int procedureErrorField = -1;
  int procedureErrorValue;
  long procedureCorrectionAt;

  /** recordedAt per timepoint (epoch seconds); 0 when the visit is never recorded. */
  final long[] recordedAt = new long[VISITS];
  /** Day after surgery of each visit. */
  final int[] visitDay = new int[VISITS];
  /** Scores per visit; -1 when not measured. */
  final byte[] back = new byte[VISITS];
  final byte[] leg = new byte[VISITS];
  final byte[] odi = new byte[VISITS];
  int lengthOfStayDays;
  /** -1 when never known within the follow-up. */
  int daysToNormalActivity = -1;
  /** Complications reported at each visit, as (type ordinal, onset day, grade) triplets; null for none. */
  final int[][] complications = new int[VISITS][];
  /** Correction of a visit: when, and what the first record got wrong. */
  final long[] correctionAt = new long[VISITS];
  final byte[] errorKind = new byte[VISITS];
  final int[] errorValue = new int[VISITS];
  /** When the first record of a visit is delivered if late; 0 when on time. */
  final long[] lateAt = new long[VISITS];
  long withdrawnAt;

  // the emission schedule, sorted by time
  private long[] at = new long[12];
  private int[] code = new int[12];
  private int size;
  private int position;

  SimCase(long index, long seed) {
    this.index = index;
    this.seed = seed;
    Arrays.fill(back, (byte) -1);
    Arrays.fill(leg, (byte) -1);
    Arrays.fill(odi, (byte) -1);
  }

  static int code(int kind, int visit, boolean duplicate) {
    return kind | visit << 3 | (duplicate ? 1 << 6 : 0);
  }

  static int kind(int code) {
    return code & 7;
  }

  static int visit(int code) {
    return code >> 3 & 7;
  }

  void schedule(long time, int c) {
    if (size == at.length) {
      at = Arrays.copyOf(at, size * 2);
      code = Arrays.copyOf(code, size * 2);
    }
    // insertion keeps the schedule sorted and stable (equal times keep insertion order)
    int i = size++;
    while (i > 0 && at[i - 1] > time) {
      at[i] = at[i - 1];
      code[i] = code[i - 1];
      i--;
    }
    at[i] = time;
    code[i] = c;
  }

  /** Schedules, for each emission so far, an exact re-send with probability {@code rate}, minDelay-maxDelay s later. */
  void addDuplicates(Rng r, double rate, long minDelay, long maxDelay) {
    int n = size;
    long[] times = Arrays.copyOf(at, n);
    int[] codes = Arrays.copyOf(code, n);
    for (int i = 0; i < n; i++) {
      if (r.chance(rate)) {
        schedule(times[i] + r.betweenLong(minDelay, maxDelay), codes[i] | 1 << 6);
      }
    }
  }

  boolean hasPending() {
    return position < size;
  }

  long nextAt() {
    return at[position];
  }

  int nextCode() {
    return code[position];
  }

  void advance() {
    position++;
  }

  /** Renders the JSON line of emission {@code c} into {@code sb} and returns the event type. */
  String render(int c, Site site, StringBuilder sb) {
    int kind = kind(c);
    switch (kind) {
      case K_PROCEDURE, K_PROCEDURE_CORRECTION -> {
        renderProcedure(kind == K_PROCEDURE ? procedureErrorField : -1, kind, site, sb);
        return SimulatedEvent.PROCEDURE_PERFORMED;
      }
      case K_FOLLOW_UP, K_FOLLOW_UP_CORRECTION -> {
        renderFollowUp(visit(c), kind, site, sb);
        return SimulatedEvent.FOLLOW_UP_RECORDED;
      }
      case K_WITHDRAWAL -> {
        sb.append("{\"type\":\"ConsentWithdrawn\"");
        eventId(sb, kind, 0);
        JsonText.name(sb, "hospitalId");
        JsonText.string(sb, site.hospitals[hospital].id());
        JsonText.name(sb, "patientId");
        patientId(sb, site);
        JsonText.name(sb, "withdrawnAt");
        JsonText.instant(sb, withdrawnAt);
        sb.append('}');
        return SimulatedEvent.CONSENT_WITHDRAWN;
      }
      default -> throw new IllegalStateException("unknown emission kind " + kind);
    }
  }

  private void eventId(StringBuilder sb, int kind, int visit) {
    long h = Rng.derive(seed, 0xE7E47L, index * 64 + kind * 8L + visit);
    JsonText.name(sb, "eventId");
    sb.append('"');
    JsonText.uuid(sb, h, Rng.mix(h ^ 0x5DEECE66DL));
    sb.append('"');
  }

  private void procedureId(StringBuilder sb, Site site) {
    sb.append('"').append(site.hospitals[hospital].id()).append("-PROC-");
    JsonText.padded(sb, procedureNo, 6);
    sb.append('"');
  }

  private void patientId(StringBuilder sb, Site site) {
    sb.append('"').append(site.hospitals[hospital].id()).append("-P");
    JsonText.padded(sb, patientNo, 6);
    sb.append('"');
  }

  private void renderProcedure(int wrongField, int kind, Site site, StringBuilder sb) {
    sb.append("{\"type\":\"ProcedurePerformed\"");
    eventId(sb, kind, 0);
    JsonText.name(sb, "procedureId");
    procedureId(sb, site);
    JsonText.name(sb, "hospitalId");
    JsonText.string(sb, site.hospitals[hospital].id());
    JsonText.name(sb, "surgeonId");
    JsonText.string(sb, site.hospitals[hospital].surgeons()[surgeon].id());
    JsonText.name(sb, "patientId");
    patientId(sb, site);
    JsonText.name(sb, "performedAt");
    JsonText.instant(sb, performedAt);
    JsonText.name(sb, "approach");
    sb.append('"').append(approach.name()).append('"');
    JsonText.name(sb, "visualization");
    sb.append('"').append(visualization.name()).append('"');
    JsonText.name(sb, "technique");
    sb.append('"').append(technique.name()).append('"');
    JsonText.name(sb, "condition");
    sb.append('"').append(condition.name()).append('"');
    JsonText.name(sb, "spinalRegion");
    sb.append('"').append(region.name()).append('"');
    JsonText.name(sb, "levels");
    sb.append('[');
    String[] segments = Tables.SEGMENTS[region.ordinal()];
    for (int i = 0; i < levelCount; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append('"').append(segments[levelStart + i]).append('"');
    }
    sb.append(']');
    JsonText.name(sb, "incisionLengthMm");
    sb.append(wrongField == P_INCISION ? procedureErrorValue : incisionMm);
    JsonText.name(sb, "operativeTimeMin");
    sb.append(wrongField == P_OPERATIVE_TIME ? procedureErrorValue : operativeTimeMin);
    JsonText.name(sb, "estimatedBloodLossMl");
    sb.append(wrongField == P_BLOOD_LOSS ? procedureErrorValue : bloodLossMl);
    sb.append(",\"patient\":{\"ageYears\":").append(wrongField == P_AGE ? procedureErrorValue : ageYears);
    sb.append(",\"sex\":\"").append(sex.name()).append('"');
    sb.append(",\"asaClass\":").append(wrongField == P_ASA ? procedureErrorValue : asaClass);
    sb.append(",\"bmi\":");
    JsonText.tenths(sb, wrongField == P_BMI ? procedureErrorValue : bmiTenths);
    sb.append(",\"smoker\":").append(smoker);
    sb.append(",\"diabetic\":").append(diabetic);
    sb.append("},\"baseline\":{\"backPainNrs\":").append(baseBack);
    sb.append(",\"legPainNrs\":").append(baseLeg);
    sb.append(",\"odi\":").append(baseOdi);
    sb.append("},\"intraoperativeComplications\":[");
    for (int i = 0; i < intraop.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append('"').append(intraop[i].name()).append('"');
    }
    sb.append("]}");
  }

  private void renderFollowUp(int v, int kind, Site site, StringBuilder sb) {
    int wrong = kind == K_FOLLOW_UP ? errorKind[v] : F_NONE;
    int wrongValue = errorValue[v];
    sb.append("{\"type\":\"FollowUpRecorded\"");
    eventId(sb, kind, v);
    JsonText.name(sb, "procedureId");
    procedureId(sb, site);
    JsonText.name(sb, "hospitalId");
    JsonText.string(sb, site.hospitals[hospital].id());
    JsonText.name(sb, "recordedAt");
    JsonText.instant(sb, kind == K_FOLLOW_UP ? recordedAt[v] : correctionAt[v]);
    JsonText.name(sb, "timepoint");
    sb.append('"').append(TIMEPOINTS[v].name()).append('"');
    optional(sb, "backPainNrs", wrong == F_BACK ? wrongValue : back[v]);
    optional(sb, "legPainNrs", wrong == F_LEG ? wrongValue : leg[v]);
    optional(sb, "odi", wrong == F_ODI ? wrongValue : odi[v]);
    if (v == Timepoint.DISCHARGE.ordinal()) {
      optional(sb, "lengthOfStayDays", wrong == F_LOS ? wrongValue : lengthOfStayDays);
    } else if (daysToNormalActivity >= 0 && visitDay[v] >= daysToNormalActivity) {
      optional(sb, "daysToNormalActivity", wrong == F_DAYS_TO_NORMAL ? wrongValue : daysToNormalActivity);
    }
    sb.append(",\"complications\":[");
    int[] list = complications[v];
    if (list != null) {
      int n = list.length / 3 - (wrong == F_DROP_COMPLICATION ? 1 : 0);
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append("{\"type\":\"").append(TYPES[list[3 * i]].name())
            .append("\",\"onsetDay\":").append(list[3 * i + 1])
            .append(",\"clavienDindoGrade\":").append(list[3 * i + 2]).append('}');
      }
    }
    sb.append("]}");
  }

  private static void optional(StringBuilder sb, String name, int value) {
    if (value >= 0) {
      JsonText.name(sb, name);
      sb.append(value);
    }
  }
}
