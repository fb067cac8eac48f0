package org.spineoutcomes.ingest.simulator;

import java.time.Instant;
import java.util.Arrays;
import java.util.function.Consumer;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.ComplicationType;
import org.spineoutcomes.schemas.Condition;
import org.spineoutcomes.schemas.Sex;
import org.spineoutcomes.schemas.SpinalRegion;
import org.spineoutcomes.schemas.Technique;
import org.spineoutcomes.schemas.Visualization;

/**
 * The clinical and feed model: turns a procedure slot into a fully specified {@link SimCase}. All the figures are
 * listed in the Javadoc of {@link Simulator}; keep the two in step.
 *
 * <p>Each procedure draws from four independent streams derived from (seed, procedure index): clinical values,
 * follow-up missingness, feed messiness, and further operations. So switching messiness off leaves the clinical
 * content of every procedure unchanged.
 */
final class ClinicalModel {

  private static final Condition[] CONDITIONS = Condition.values();
  private static final Technique[] TECHNIQUES = Technique.values();
  private static final SpinalRegion[] REGIONS = SpinalRegion.values();
  private static final ComplicationType[] TYPES = ComplicationType.values();

  private static final long DAY = 86_400L;
  private static final long HOUR = 3_600L;

  // --- case mix ---------------------------------------------------------------------------------------------
  static final double[] AGE_MEAN = Tables.byCondition(44, 67, 52, 60, 58);
  static final double[] AGE_SD = Tables.byCondition(12, 9, 12, 14, 17);
  static final double[][] REGION_BY_CONDITION = new double[CONDITIONS.length][];
  static final double[][] TECHNIQUE_BY_CONDITION = new double[CONDITIONS.length][];

  static {
    REGION_BY_CONDITION[Condition.HERNIATED_DISC.ordinal()] = Tables.byRegion(0.13, 0.02, 0.85);
    REGION_BY_CONDITION[Condition.SPINAL_STENOSIS.ordinal()] = Tables.byRegion(0.23, 0.02, 0.75);
    REGION_BY_CONDITION[Condition.DEGENERATIVE_DISC_DISEASE.ordinal()] = Tables.byRegion(0.22, 0.03, 0.75);
    REGION_BY_CONDITION[Condition.SPINAL_TUMOR.ordinal()] = Tables.byRegion(0.25, 0.45, 0.30);
    REGION_BY_CONDITION[Condition.SPINAL_DEFORMITY.ordinal()] = Tables.byRegion(0.05, 0.40, 0.55);
    // weights: discectomy, laminectomy, fusion, decompression
    TECHNIQUE_BY_CONDITION[Condition.HERNIATED_DISC.ordinal()] = Tables.byTechnique(0.85, 0.04, 0.03, 0.08);
    TECHNIQUE_BY_CONDITION[Condition.SPINAL_STENOSIS.ordinal()] = Tables.byTechnique(0.0, 0.35, 0.20, 0.45);
    TECHNIQUE_BY_CONDITION[Condition.DEGENERATIVE_DISC_DISEASE.ordinal()] =
        Tables.byTechnique(0.25, 0.0, 0.55, 0.20);
    TECHNIQUE_BY_CONDITION[Condition.SPINAL_TUMOR.ordinal()] = Tables.byTechnique(0.0, 0.55, 0.20, 0.25);
    TECHNIQUE_BY_CONDITION[Condition.SPINAL_DEFORMITY.ordinal()] = Tables.byTechnique(0.0, 0.05, 0.85, 0.10);
  }

  // --- approach choice: logit P(MICROSCOPIC) ---------------------------------------------------------------
  static final double APPROACH_INTERCEPT = 0.5;
  static final double[] APPROACH_TECHNIQUE = Tables.byTechnique(1.0, -0.4, -1.2, 0.3);
  static final double[] APPROACH_CONDITION = Tables.byCondition(0.4, 0.0, -0.2, -1.1, -1.2);

  // --- surgery ---------------------------------------------------------------------------------------------
  static final double[] TIME_TECHNIQUE = Tables.byTechnique(0.75, 1.1, 1.9, 1.0);
  static final double[] TIME_CONDITION = Tables.byCondition(1.0, 1.0, 1.0, 1.4, 1.3);
  static final double[] BLOOD_TECHNIQUE = Tables.byTechnique(0.7, 1.2, 2.6, 1.0);
  static final double[] BLOOD_CONDITION = Tables.byCondition(1.0, 1.0, 1.0, 2.0, 1.6);
  static final double[] STAY_TECHNIQUE = Tables.byTechnique(0.8, 1.1, 1.5, 1.0);
  static final double[] STAY_CONDITION = Tables.byCondition(1.0, 1.0, 1.0, 1.3, 1.3);
  static final double[] RECOVERY_TECHNIQUE = Tables.byTechnique(0.85, 1.1, 1.5, 1.0);
  static final double[] RECOVERY_CONDITION = Tables.byCondition(1.0, 1.0, 1.0, 1.3, 1.4);

  // --- patient-reported outcomes -------------------------------------------------------------------------
  static final double[] BASE_LEG = Tables.byCondition(7.2, 6.6, 4.2, 5.0, 4.0);
  static final double[] BASE_BACK = Tables.byCondition(5.2, 6.0, 7.0, 6.2, 6.6);
  static final double[] BASE_ODI = Tables.byCondition(46, 44, 42, 48, 40);
  static final double[] LEG_GAIN = Tables.byCondition(0.65, 0.55, 0.35, 0.45, 0.35);
  static final double[] BACK_GAIN = Tables.byCondition(0.45, 0.40, 0.40, 0.35, 0.45);
  static final double[] ODI_GAIN = Tables.byCondition(0.55, 0.45, 0.40, 0.35, 0.40);
  /** Share of the final improvement reached at DISCHARGE, WEEK_2, WEEK_6, MONTH_3, MONTH_6, MONTH_12. */
  static final double[] RECOVERY_FRACTION = {0.55, 0.70, 0.85, 0.95, 1.0, 1.0};
  /** Extra early (wound) back pain, NRS points, OPEN and MICROSCOPIC. */
  static final double[] BACK_BURDEN_OPEN = {2.2, 1.4, 0.6, 0, 0, 0};
  static final double[] BACK_BURDEN_MICRO = {1.2, 0.6, 0.2, 0, 0, 0};
  static final double[] LEG_BURDEN_OPEN = {0.6, 0.3, 0, 0, 0, 0};
  static final double[] LEG_BURDEN_MICRO = {0.4, 0.2, 0, 0, 0, 0};
  static final double[] ODI_BURDEN_OPEN = {10, 7, 3, 0, 0, 0};
  static final double[] ODI_BURDEN_MICRO = {6, 3.5, 1.2, 0, 0, 0};

  // --- follow-up schedule ---------------------------------------------------------------------------------
  static final int[] DUE_DAY = {0, 14, 42, 91, 182, 365};
  static final int[] JITTER_LOW = {0, -2, -4, -7, -10, -14};
  static final int[] JITTER_HIGH = {0, 4, 8, 14, 21, 30};
  static final double[] MISSING_BY_TIMEPOINT = {0.15, 0.8, 0.9, 1.0, 1.3, 1.7};

  // --- complications: relative frequency of each type among 90-day complications --------------------------
  static final double[] TYPE_WEIGHTS = new double[TYPES.length];

  static {
    TYPE_WEIGHTS[ComplicationType.DURAL_TEAR.ordinal()] = 0.18;
    TYPE_WEIGHTS[ComplicationType.NERVE_INJURY.ordinal()] = 0.07;
    TYPE_WEIGHTS[ComplicationType.INFECTION.ordinal()] = 0.22;
    TYPE_WEIGHTS[ComplicationType.HEMATOMA.ordinal()] = 0.10;
    TYPE_WEIGHTS[ComplicationType.REOPERATION.ordinal()] = 0.10;
    TYPE_WEIGHTS[ComplicationType.RECURRENT_HERNIATION.ordinal()] = 0.10; // herniated disc only
    TYPE_WEIGHTS[ComplicationType.OTHER.ordinal()] = 0.23;
  }

  static final double MICRO_DURAL_TEAR_FACTOR = 1.5;
  static final double MICRO_INFECTION_FACTOR = 0.45;

  /** A further operation planned for an existing patient. */
  record FollowOnPlan(long epochDay, long order, int hospital, int surgeon, long patientNo, long firstPerformedAt,
            int ageYears, Sex sex, int asaClass, int bmiTenths, boolean smoker, boolean diabetic,
            Condition condition, Technique technique, SpinalRegion region, int levelStart,
            int levelCount) {}

  private final SimulatorConfig config;
  private final Site site;
  private final ComplicationRiskModel risk;
  private final long seed;
  private final int deterioratingHospital;
  private final int deterioratingSurgeon;
  private final long deteriorationFrom;
  private final double deteriorationLogOr;

  ClinicalModel(SimulatorConfig config, Site site) {
    this.config = config;
    this.site = site;
    this.risk = config.complicationRisk();
    this.seed = config.seed();
    SimulatorConfig.DeterioratingSurgeon d = config.deterioratingSurgeon();
    int dh = -1;
    int ds = -1;
    if (d != null) {
      for (int h = 0; h < site.hospitals.length && dh < 0; h++) {
        Site.Surgeon[] surgeons = site.hospitals[h].surgeons();
        for (int s = 0; s < surgeons.length; s++) {
          if (surgeons[s].id().equals(d.surgeonId())) {
            dh = h;
            ds = s;
            break;
          }
        }
      }
      if (dh < 0) {
        throw new IllegalArgumentException("deteriorating surgeon " + d.surgeonId()
            + " is not one of the simulated surgeons");
      }
    }
    this.deterioratingHospital = dh;
    this.deterioratingSurgeon = ds;
    this.deteriorationFrom = d == null ? Long.MAX_VALUE : d.from().toEpochDay() * DAY;
    this.deteriorationLogOr = d == null ? 0.0 : Math.log(d.oddsRatio());
  }

  /**
   * Creates procedure {@code index}, performed at {@code performedAt}.
   *
   * @param plan         the further operation this procedure is, or null for a new patient
   * @param procedureNos per-hospital procedure counters (incremented here)
   * @param patientNos   per-hospital patient counters (incremented for new patients)
   * @param plans        receives further operations planned for this patient
   * @param truth        receives the ground truth, or null
   */
  SimCase create(long index, long performedAt, FollowOnPlan plan, long[] procedureNos, long[] patientNos,
           Consumer<FollowOnPlan> plans, Consumer<ProcedureTruth> truth) {
    Rng r = new Rng(Rng.derive(seed, 0xC11L, index));
    Rng miss = new Rng(Rng.derive(seed, 0x3155L, index));
    Rng mess = new Rng(Rng.derive(seed, 0x3E55L, index));
    Rng more = new Rng(Rng.derive(seed, 0x2DL, index));
    SimCase c = new SimCase(index, seed);
    c.performedAt = performedAt;
    long performedDay = Math.floorDiv(performedAt, DAY);

    // --- who, where, what ---
    Site.Hospital hospital;
    double bmi;
    if (plan == null) {
      c.hospital = r.pick(site.hospitalWeights);
      hospital = site.hospitals[c.hospital];
      c.surgeon = r.pick(hospital.surgeonWeights());
      c.patientNo = ++patientNos[c.hospital];
      c.condition = CONDITIONS[r.pick(hospital.conditionWeights())];
      int ci = c.condition.ordinal();
      c.ageYears = Rng.clamp(Math.round(r.normal(AGE_MEAN[ci] + hospital.profile().ageShift(), AGE_SD[ci])),
          16, 95);
      double u = r.nextDouble();
      c.sex = u < 0.005 ? Sex.OTHER : u < 0.495 ? Sex.F : Sex.M;
      bmi = Rng.clamp(r.logNormal(27.0, 0.16), 16.0, 55.0);
      c.bmiTenths = (int) Math.round(bmi * 10);
      bmi = c.bmiTenths / 10.0;
      c.smoker = r.chance(Rng.clamp(0.24 - 0.003 * (c.ageYears - 45), 0.05, 0.40));
      c.diabetic = r.chance(Rng.logistic(-2.3 + 0.045 * (c.ageYears - 55) + 0.09 * (bmi - 27)));
      double latent = 0.035 * (c.ageYears - 50) + 0.07 * (bmi - 27) + (c.diabetic ? 1.0 : 0.0)
          + (c.smoker ? 0.35 : 0.0) + (c.condition == Condition.SPINAL_TUMOR ? 0.9 : 0.0)
          + (c.condition == Condition.SPINAL_DEFORMITY ? 0.3 : 0.0) + r.normal(0, 0.75);
      c.asaClass = latent < -0.6 ? 1 : latent < 0.9 ? 2 : latent < 2.4 ? 3 : latent < 4.3 ? 4 : 5;
      c.region = REGIONS[r.pick(REGION_BY_CONDITION[ci])];
      c.technique = TECHNIQUES[r.pick(TECHNIQUE_BY_CONDITION[ci])];
      c.levelCount = levelCount(c.technique, c.condition, r);
      chooseLevels(c, r);
    } else {
      c.hospital = plan.hospital();
      hospital = site.hospitals[c.hospital];
      c.surgeon = r.chance(0.8) ? plan.surgeon() : r.pick(hospital.surgeonWeights());
      c.patientNo = plan.patientNo();
      c.condition = plan.condition();
      double years = (performedAt - plan.firstPerformedAt()) / (365.25 * DAY);
      c.ageYears = Math.min(120, plan.ageYears() + (int) Math.floor(years + r.nextDouble()));
      c.sex = plan.sex();
      c.bmiTenths = Rng.clamp(Math.round(plan.bmiTenths() + r.normal(0, 6)), 120, 600);
      bmi = c.bmiTenths / 10.0;
      c.smoker = plan.smoker() && !r.chance(0.2);
      c.diabetic = plan.diabetic() || r.chance(0.03);
      c.asaClass = Math.min(5, plan.asaClass() + (r.chance(0.1) ? 1 : 0));
      c.region = plan.region();
      c.technique = plan.technique();
      c.levelStart = plan.levelStart();
      c.levelCount = plan.levelCount();
    }
    Site.Surgeon surgeon = hospital.surgeons()[c.surgeon];
    c.procedureNo = ++procedureNos[c.hospital];
    int ci = c.condition.ordinal();
    int ti = c.technique.ordinal();
    int levels = c.levelCount;

    // --- approach (confounded by case mix) ---
    double x = -0.045 * (c.ageYears - 50) - 0.55 * (c.asaClass - 2) - (c.diabetic ? 0.5 : 0.0)
        - 0.35 * (levels - 1) + APPROACH_TECHNIQUE[ti] + APPROACH_CONDITION[ci]
        + (c.region == SpinalRegion.THORACIC ? -0.6 : 0.0);
    double approachLogit = APPROACH_INTERCEPT + hospital.microscopicPreference() + surgeon.microscopicPreference()
        + config.confoundingStrength() * x;
    c.approach = r.chance(Rng.logistic(approachLogit)) ? Approach.MICROSCOPIC : Approach.OPEN;
    boolean micro = c.approach == Approach.MICROSCOPIC;
    if (micro) {
      c.visualization = r.chance(hospital.profile().endoscopeShare()) ? Visualization.ENDOSCOPE
          : Visualization.MICROSCOPE;
    } else {
      c.visualization = r.chance(hospital.profile().loupeShare()) ? Visualization.LOUPES
          : Visualization.NAKED_EYE;
    }

    // --- baseline scores ---
    c.baseLeg = Rng.clamp(Math.round(r.normal(BASE_LEG[ci], 1.6)), 0, 10);
    c.baseBack = Rng.clamp(Math.round(r.normal(BASE_BACK[ci], 1.6)), 0, 10);
    c.baseOdi = Rng.clamp(Math.round(r.normal(BASE_ODI[ci] + 0.12 * (c.ageYears - 50)
        + 2.5 * (c.asaClass - 2) + 0.3 * (bmi - 27), 13)), 0, 100);

    // --- the operation ---
    double levelFactor = 1 + 0.25 * (levels - 1);
    c.incisionMm = micro
        ? Rng.clamp(Math.round(r.normal(27, 3.5)), 18, 38) + 10 * (levels - 1)
        : Rng.clamp(Math.round(r.normal(85, 14)), 60, 120) + 25 * (levels - 1)
            + (c.technique == Technique.FUSION ? 10 : 0);
    double minutes = r.logNormal(micro ? 100 : 90, 0.22) * TIME_TECHNIQUE[ti] * TIME_CONDITION[ci]
        * levelFactor * (1 + 0.01 * (bmi - 27));
    double blood = r.logNormal(micro ? 40 : 150, micro ? 0.6 : 0.65) * BLOOD_TECHNIQUE[ti] * BLOOD_CONDITION[ci]
        * (1 + 0.3 * (levels - 1)) * (1 + 0.015 * (bmi - 27)) * (1 + 0.005 * (c.ageYears - 50))
        * (c.asaClass >= 3 ? 1.15 : 1.0) * (c.diabetic ? 1.05 : 1.0);

    // --- 90-day complications (the true logistic model) ---
    double patientLp = risk.linearPredictor(c.ageYears, c.sex, c.asaClass, bmi, c.smoker, c.diabetic,
        c.condition, c.technique, levels, c.approach);
    double lp = patientLp + hospital.profile().complicationEffect() + surgeon.complicationEffect();
    if (c.hospital == deterioratingHospital && c.surgeon == deterioratingSurgeon
        && performedAt >= deteriorationFrom) {
      lp += deteriorationLogOr;
    }
    double probability = Rng.logistic(lp);
    boolean complication90d = r.chance(probability);
    Complications comps = new Complications();
    boolean herniated = c.condition == Condition.HERNIATED_DISC;
    long reoperationDay = -1; // day after surgery of a re-operation for recurrent herniation
    if (complication90d) {
      double[] weights = TYPE_WEIGHTS.clone();
      if (!herniated) {
        weights[ComplicationType.RECURRENT_HERNIATION.ordinal()] = 0;
      }
      if (micro) {
        weights[ComplicationType.DURAL_TEAR.ordinal()] *= MICRO_DURAL_TEAR_FACTOR;
        weights[ComplicationType.INFECTION.ordinal()] *= MICRO_INFECTION_FACTOR;
      }
      int first = r.pick(weights);
      reoperationDay = addComplication(TYPES[first], comps, r);
      if (r.chance(0.12)) {
        weights[first] = 0;
        long d = addComplication(TYPES[r.pick(weights)], comps, r);
        reoperationDay = Math.max(reoperationDay, d);
      }
    }
    // later events, outside the 90-day model
    if (herniated && c.technique == Technique.DISCECTOMY && r.chance(0.03)) {
      int onset = r.between(91, 365);
      int grade = r.chance(0.6) ? 3 : 2;
      comps.add(ComplicationType.RECURRENT_HERNIATION, onset, grade);
      if (grade == 3) {
        int day = onset + r.between(7, 40);
        comps.add(ComplicationType.REOPERATION, day, 3);
        reoperationDay = Math.max(reoperationDay, day);
      }
    } else if (c.technique == Technique.FUSION && r.chance(0.015)) {
      comps.add(r.chance(0.5) ? ComplicationType.INFECTION : ComplicationType.REOPERATION,
          r.between(91, 365), 3);
    }
    if (comps.intraopCount > 0) {
      c.intraop = Arrays.copyOf(comps.intraop, comps.intraopCount);
      if (comps.has(ComplicationType.DURAL_TEAR)) {
        minutes += r.between(15, 30);
      }
    }
    comps.sortByOnset();
    c.operativeTimeMin = Rng.clamp(Math.round(minutes), 15, 900);
    c.bloodLossMl = Rng.clamp(Math.round(blood), 5, 20_000);

    // --- length of stay and death ---
    double stayMedian = (micro ? 1.2 : 2.4) * STAY_TECHNIQUE[ti] * STAY_CONDITION[ci]
        * Math.pow(1.12, (c.ageYears - 50) / 10.0) * (c.asaClass >= 3 ? 1.2 : 1.0)
        * (c.diabetic ? 1.1 : 1.0) * (1 + 0.05 * (levels - 1));
    int los = (int) Math.max(0, Math.round(r.logNormal(stayMedian, 0.45)));
    if (comps.has(ComplicationType.DURAL_TEAR)) {
      los += 1;
    }
    int deathDay = Integer.MAX_VALUE;
    for (int i = 0; i < comps.count; i++) {
      int onset = comps.onset[i];
      int grade = comps.grade[i];
      if (grade == 5) {
        deathDay = Math.min(deathDay, onset);
      } else if (onset <= los) {
        int extra = switch (grade) {
          case 1 -> r.between(0, 1);
          case 2 -> r.between(1, 4);
          case 3 -> r.between(3, 10);
          default -> r.between(7, 21);
        };
        los = Math.max(los, onset + extra);
      }
    }
    if (deathDay <= los) {
      los = deathDay;
    }
    c.lengthOfStayDays = los;

    // --- return to normal activity ---
    double recoveryMedian = (micro ? 21 : 30) * RECOVERY_TECHNIQUE[ti] * RECOVERY_CONDITION[ci]
        * Math.pow(1.06, (c.ageYears - 50) / 10.0) * (c.asaClass >= 3 ? 1.2 : 1.0)
        * (complication90d ? 1.35 : 1.0) * (c.smoker ? 1.1 : 1.0);
    int recovery = Math.max(Math.max(3, los + 1), (int) Math.round(r.logNormal(recoveryMedian, 0.45)));
    c.daysToNormalActivity = recovery > 400 || deathDay != Integer.MAX_VALUE ? -1 : recovery;

    // --- visit days and times ---
    long dayStart = performedDay * DAY;
    c.visitDay[0] = los;
    c.recordedAt[0] = los == 0
        ? performedAt + c.operativeTimeMin * 60L + r.betweenLong(3 * HOUR, 8 * HOUR)
        : dayStart + los * DAY + r.betweenLong(9 * HOUR, 19 * HOUR);
    for (int v = 1; v < SimCase.VISITS; v++) {
      int d = DUE_DAY[v] + r.between(JITTER_LOW[v], JITTER_HIGH[v]);
      d = Math.max(d, v == 1 ? los + 2 : c.visitDay[v - 1] + 1);
      c.visitDay[v] = d;
      c.recordedAt[v] = dayStart + d * DAY + r.betweenLong(8 * HOUR, 18 * HOUR - 1);
    }

    // --- patient-reported outcomes ---
    double z = r.gaussian();
    double common = (c.smoker ? -0.08 : 0) + (c.diabetic ? -0.06 : 0) - 0.02 * (c.ageYears - 50) / 10.0
        - 0.05 * (c.asaClass - 2) + (complication90d ? -0.15 : 0) + (bmi > 35 ? -0.05 : 0) + 0.18 * z;
    double legGain = Rng.clamp(LEG_GAIN[ci] + common + r.normal(0, 0.10), -0.3, 0.98);
    double backGain = Rng.clamp(BACK_GAIN[ci] + common + r.normal(0, 0.10)
        + (c.technique == Technique.FUSION && c.condition == Condition.DEGENERATIVE_DISC_DISEASE ? 0.05 : 0),
        -0.3, 0.98);
    double odiGain = Rng.clamp(ODI_GAIN[ci] + common + r.normal(0, 0.10), -0.3, 0.98);
    double burden = (c.technique == Technique.FUSION ? 1.25 : 1.0)
        * (c.condition == Condition.SPINAL_TUMOR || c.condition == Condition.SPINAL_DEFORMITY ? 1.15 : 1.0)
        * (1 + 0.05 * (levels - 1)) * (c.asaClass >= 3 ? 1.1 : 1.0);
    for (int v = 0; v < SimCase.VISITS; v++) {
      double f = RECOVERY_FRACTION[v];
      double backF = v == 5 ? 0.95 : f; // a little back pain returns by 12 months
      c.back[v] = (byte) Rng.clamp(Math.round(c.baseBack * (1 - backGain * backF)
          + burden * (micro ? BACK_BURDEN_MICRO[v] : BACK_BURDEN_OPEN[v]) + r.normal(0, 0.9)), 0, 10);
      c.leg[v] = (byte) Rng.clamp(Math.round(c.baseLeg * (1 - legGain * f)
          + burden * (micro ? LEG_BURDEN_MICRO[v] : LEG_BURDEN_OPEN[v]) + r.normal(0, 0.9)), 0, 10);
      c.odi[v] = (byte) Rng.clamp(Math.round(c.baseOdi * (1 - odiGain * f)
          + burden * (micro ? ODI_BURDEN_MICRO[v] : ODI_BURDEN_OPEN[v]) + r.normal(0, 5)), 0, 100);
    }

    // --- death ends the follow-up: the visit after it reports it, without scores ---
    int lastVisit = SimCase.VISITS - 1;
    if (deathDay != Integer.MAX_VALUE) {
      int v = 0;
      while (v < SimCase.VISITS && c.visitDay[v] < deathDay) {
        v++;
      }
      if (v < SimCase.VISITS) {
        if (v > 0) {
          int d = Math.max(c.visitDay[v - 1] + 1, deathDay + r.between(1, 10));
          c.visitDay[v] = d;
          c.recordedAt[v] = dayStart + d * DAY + r.betweenLong(8 * HOUR, 18 * HOUR - 1);
        }
        c.back[v] = -1;
        c.leg[v] = -1;
        c.odi[v] = -1;
        lastVisit = v;
      }
    }

    // --- missing visits (more often after poor outcomes), lost to follow-up ---
    boolean poor = legGain < 0.2 || odiGain < 0.15;
    double outcomeFactor = (poor ? 1.8 : 1.0) * (comps.count > 0 || comps.intraopCount > 0 ? 1.5 : 1.0);
    double itemMissing = Math.min(0.02, config.missingFollowUpRate() * 0.25);
    boolean lost = false;
    for (int v = 0; v < SimCase.VISITS; v++) {
      boolean absent = v > lastVisit || lost
          || miss.chance(Math.min(0.95, config.missingFollowUpRate() * MISSING_BY_TIMEPOINT[v]
              * outcomeFactor));
      if (absent && v >= 2 && v <= lastVisit && !lost && miss.chance(0.35)) {
        lost = true;
      }
      if (absent) {
        c.recordedAt[v] = 0;
        continue;
      }
      if (c.back[v] >= 0 && miss.chance(itemMissing)) {
        c.back[v] = -1;
      }
      if (c.leg[v] >= 0 && miss.chance(itemMissing)) {
        c.leg[v] = -1;
      }
      if (c.odi[v] >= 0 && miss.chance(itemMissing)) {
        c.odi[v] = -1;
      }
    }

    // --- complications are reported at the first recorded visit on or after their onset ---
    for (int i = 0; i < comps.count; i++) {
      for (int v = 0; v < SimCase.VISITS; v++) {
        if (c.recordedAt[v] != 0 && c.visitDay[v] >= comps.onset[i]) {
          c.complications[v] = append(c.complications[v], comps.type[i], comps.onset[i], comps.grade[i]);
          break;
        }
      }
    }
    // --- incomplete resolution, at most once, at 6 or 12 months ---
    for (int v = 4; v < SimCase.VISITS; v++) {
      if (c.recordedAt[v] == 0 || c.leg[v] < 0 && c.odi[v] < 0) {
        continue;
      }
      boolean legPoor = c.leg[v] >= 0 && (c.leg[v] >= 7 || c.baseLeg >= 5 && c.baseLeg - c.leg[v] < 2);
      boolean odiPoor = c.odi[v] >= 0 && c.baseOdi >= 30 && c.baseOdi - c.odi[v] < 5;
      if ((legPoor || odiPoor) && r.chance(0.4)) {
        c.complications[v] = append(c.complications[v], ComplicationType.INCOMPLETE_RESOLUTION.ordinal(),
            c.visitDay[v], r.chance(0.7) ? 1 : 2);
        break;
      }
    }

    // --- feed messiness ---
    if (mess.chance(config.procedureCorrectionRate())) {
      corruptProcedure(c, mess);
      c.procedureCorrectionAt = performedAt + mess.betweenLong(2 * HOUR, 14 * DAY);
    }
    for (int v = 0; v < SimCase.VISITS; v++) {
      if (c.recordedAt[v] == 0) {
        continue;
      }
      if (mess.chance(config.followUpCorrectionRate()) && corruptFollowUp(c, v, mess)) {
        c.correctionAt[v] = c.recordedAt[v] + mess.betweenLong(HOUR, 5 * DAY);
      }
      if (mess.chance(config.lateFollowUpRate())) {
        c.lateAt[v] = c.recordedAt[v] + mess.betweenLong(DAY, 45 * DAY);
      }
    }
    boolean suppressAfterWithdrawal = false;
    if (mess.chance(config.consentWithdrawalRate())) {
      c.withdrawnAt = performedAt + mess.betweenLong(DAY, 420 * DAY);
      suppressAfterWithdrawal = mess.chance(0.8);
    }
    buildSchedule(c, suppressAfterWithdrawal, mess, config.duplicateRate());

    // --- further operations on the same patient ---
    if (deathDay == Integer.MAX_VALUE && c.ageYears < 95) {
      long order = index * 4;
      if (reoperationDay >= 0) {
        plans.accept(new FollowOnPlan(performedDay + reoperationDay, order, c.hospital, c.surgeon,
            c.patientNo, performedAt, c.ageYears, c.sex, c.asaClass, c.bmiTenths, c.smoker,
            c.diabetic, Condition.HERNIATED_DISC,
            more.chance(0.2) ? Technique.FUSION : Technique.DISCECTOMY, c.region, c.levelStart,
            c.levelCount));
      } else if (more.chance(config.secondProcedureRate())) {
        boolean adjacent = more.chance(0.5);
        Condition cond = adjacent ? Condition.DEGENERATIVE_DISC_DISEASE : c.condition;
        Technique tech = more.chance(0.6) ? Technique.FUSION
            : TECHNIQUES[more.pick(TECHNIQUE_BY_CONDITION[cond.ordinal()])];
        int count = Math.min(c.levelCount, more.between(1, 2));
        int segments = Tables.SEGMENTS[c.region.ordinal()].length;
        int start = c.levelStart + c.levelCount;
        if (start + count > segments) {
          start = Math.max(0, c.levelStart - count);
        }
        if (!adjacent) {
          start = c.levelStart;
          count = c.levelCount;
        }
        plans.accept(new FollowOnPlan(performedDay + more.between(120, 480), order + 1, c.hospital,
            c.surgeon, c.patientNo, performedAt, c.ageYears, c.sex, c.asaClass, c.bmiTenths, c.smoker,
            c.diabetic, cond, tech, c.region, start, count));
      }
    }

    if (truth != null) {
      truth.accept(new ProcedureTruth(
          hospital.id() + "-PROC-" + String.format("%06d", c.procedureNo), hospital.id(), surgeon.id(),
          hospital.id() + "-P" + String.format("%06d", c.patientNo),
          Instant.ofEpochSecond(performedAt), c.approach, c.technique, c.condition, c.region, levels,
          c.ageYears, c.sex, c.asaClass, bmi, c.smoker, c.diabetic, patientLp, lp, probability,
          complication90d, los, c.daysToNormalActivity, plan != null));
    }
    return c;
  }

  /** Adds one 90-day complication; returns the day of a re-operation (new procedure) it leads to, or -1. */
  private static long addComplication(ComplicationType type, Complications comps, Rng r) {
    switch (type) {
      case DURAL_TEAR -> {
        comps.intraop(ComplicationType.DURAL_TEAR);
        if (r.chance(0.15)) { // persistent CSF leak
          comps.add(ComplicationType.REOPERATION, r.between(2, 10), 3);
        }
      }
      case NERVE_INJURY -> {
        if (r.chance(0.5)) {
          comps.intraop(ComplicationType.NERVE_INJURY);
        } else {
          double u = r.nextDouble();
          comps.add(ComplicationType.NERVE_INJURY, r.between(0, 2), u < 0.5 ? 1 : u < 0.9 ? 2 : 3);
        }
      }
      case INFECTION -> {
        int onset = Rng.clamp(Math.round(r.logNormal(12, 0.5)), 2, 90);
        double u = r.nextDouble();
        int grade = u < 0.65 ? 2 : u < 0.95 ? 3 : 4;
        comps.add(ComplicationType.INFECTION, onset, grade);
        if (grade >= 3 && r.chance(0.6)) {
          comps.add(ComplicationType.REOPERATION, Math.min(90, onset + r.between(1, 3)), 3);
        }
      }
      case HEMATOMA -> {
        int onset = r.pick(new double[] {0.35, 0.35, 0.15, 0.10, 0.05});
        double u = r.nextDouble();
        int grade = u < 0.4 ? 1 : u < 0.7 ? 2 : 3;
        comps.add(ComplicationType.HEMATOMA, onset, grade);
        if (grade == 3) {
          comps.add(ComplicationType.REOPERATION, onset, 3);
        }
      }
      case REOPERATION -> comps.add(ComplicationType.REOPERATION,
          Rng.clamp(Math.round(r.logNormal(15, 0.9)), 1, 90), r.chance(0.9) ? 3 : 4);
      case RECURRENT_HERNIATION -> {
        int onset = r.between(14, 90);
        if (r.chance(0.6)) {
          comps.add(ComplicationType.RECURRENT_HERNIATION, onset, 3);
          int day = onset + r.between(5, 30);
          comps.add(ComplicationType.REOPERATION, day, 3);
          return day;
        }
        comps.add(ComplicationType.RECURRENT_HERNIATION, onset, 2);
      }
      default -> { // OTHER: urinary retention or infection, thrombosis, pneumonia, delirium, ...
        if (r.chance(0.2)) {
          comps.intraop(ComplicationType.OTHER);
        } else {
          double u = r.nextDouble();
          int grade = u < 0.30 ? 1 : u < 0.85 ? 2 : u < 0.90 ? 3 : u < 0.98 ? 4 : 5;
          comps.add(ComplicationType.OTHER, Rng.clamp(Math.round(r.logNormal(4, 0.8)), 0, 30), grade);
        }
      }
    }
    return -1;
  }

  static int levelCount(Technique technique, Condition condition, Rng r) {
    if (condition == Condition.SPINAL_DEFORMITY && technique == Technique.FUSION) {
      return r.between(3, 9);
    }
    if (condition == Condition.SPINAL_TUMOR) {
      return technique == Technique.FUSION ? r.between(2, 4) : 1 + r.pick(new double[] {0.4, 0.4, 0.2});
    }
    return switch (technique) {
      case DISCECTOMY -> r.chance(0.88) ? 1 : 2;
      case FUSION -> 1 + r.pick(new double[] {0.6, 0.3, 0.1});
      default -> 1 + r.pick(new double[] {0.45, 0.35, 0.15, 0.05});
    };
  }

  static void chooseLevels(SimCase c, Rng r) {
    int ri = c.region.ordinal();
    int segments = Tables.SEGMENTS[ri].length;
    c.levelCount = Math.min(c.levelCount, segments);
    int anchor = r.pick(Tables.SEGMENT_WEIGHTS[ri]);
    int start = anchor - r.nextInt(c.levelCount);
    c.levelStart = Math.max(0, Math.min(segments - c.levelCount, start));
  }

  private static void corruptProcedure(SimCase c, Rng r) {
    int field = r.nextInt(6);
    int value;
    switch (field) {
      case SimCase.P_OPERATIVE_TIME -> value = Math.max(10, c.operativeTimeMin
          + (r.chance(0.5) ? 1 : -1) * r.between(15, 60));
      case SimCase.P_BLOOD_LOSS -> value = c.bloodLossMl <= 2_000 ? c.bloodLossMl * 10 : c.bloodLossMl / 10;
      case SimCase.P_BMI -> value = Rng.clamp(c.bmiTenths + (r.chance(0.5) ? 1 : -1) * r.between(20, 60),
          120, 700);
      case SimCase.P_ASA -> value = c.asaClass == 1 ? 2 : c.asaClass == 5 ? 4
          : c.asaClass + (r.chance(0.5) ? 1 : -1);
      case SimCase.P_AGE -> value = Rng.clamp(c.ageYears + (r.chance(0.5) ? 1 : -1) * r.between(1, 10),
          0, 120);
      default -> value = Math.max(5, c.incisionMm + (r.chance(0.5) ? 1 : -1) * r.between(10, 30));
    }
    int trueValue = switch (field) {
      case SimCase.P_OPERATIVE_TIME -> c.operativeTimeMin;
      case SimCase.P_BLOOD_LOSS -> c.bloodLossMl;
      case SimCase.P_BMI -> c.bmiTenths;
      case SimCase.P_ASA -> c.asaClass;
      case SimCase.P_AGE -> c.ageYears;
      default -> c.incisionMm;
    };
    if (value == trueValue) {
      value = field == SimCase.P_AGE && trueValue == 120 || field == SimCase.P_BMI && trueValue == 700
          ? trueValue - 1 : trueValue + 1;
    }
    c.procedureErrorField = field;
    c.procedureErrorValue = value;
  }

  /** Makes the first record of visit {@code v} wrong in one value; false when it has nothing to get wrong. */
  private static boolean corruptFollowUp(SimCase c, int v, Rng r) {
    int[] candidates = new int[6];
    int n = 0;
    if (c.back[v] >= 0) {
      candidates[n++] = SimCase.F_BACK;
    }
    if (c.leg[v] >= 0) {
      candidates[n++] = SimCase.F_LEG;
    }
    if (c.odi[v] >= 0) {
      candidates[n++] = SimCase.F_ODI;
    }
    if (v == 0) {
      candidates[n++] = SimCase.F_LOS;
    } else if (c.daysToNormalActivity >= 0 && c.visitDay[v] >= c.daysToNormalActivity) {
      candidates[n++] = SimCase.F_DAYS_TO_NORMAL;
    }
    if (c.complications[v] != null) {
      candidates[n++] = SimCase.F_DROP_COMPLICATION;
    }
    if (n == 0) {
      return false;
    }
    int kind = candidates[r.nextInt(n)];
    int value = switch (kind) {
      case SimCase.F_BACK -> shift(c.back[v], r.between(1, 3), 10, r);
      case SimCase.F_LEG -> shift(c.leg[v], r.between(1, 3), 10, r);
      case SimCase.F_ODI -> shift(c.odi[v], r.between(5, 20), 100, r);
      case SimCase.F_LOS -> shift(c.lengthOfStayDays, r.between(1, 2), Integer.MAX_VALUE, r);
      case SimCase.F_DAYS_TO_NORMAL -> Math.max(1, shift(c.daysToNormalActivity, r.between(3, 14),
          Integer.MAX_VALUE, r));
      default -> 0;
    };
    c.errorKind[v] = (byte) kind;
    c.errorValue[v] = value;
    return true;
  }

  /** {@code value} moved by {@code delta} up or down, staying within [0, max] and different from value. */
  private static int shift(int value, int delta, int max, Rng r) {
    boolean up = r.chance(0.5);
    if (up && value > max - delta) {
      up = false;
    }
    if (!up && value < delta) {
      up = true;
    }
    int shifted = up ? value + delta : value - delta;
    return Math.max(0, Math.min(max, shifted));
  }

  private static void buildSchedule(SimCase c, boolean suppressAfterWithdrawal, Rng mess, double duplicateRate) {
    c.schedule(c.performedAt, SimCase.code(SimCase.K_PROCEDURE, 0, false));
    if (c.procedureErrorField >= 0) {
      c.schedule(c.procedureCorrectionAt, SimCase.code(SimCase.K_PROCEDURE_CORRECTION, 0, false));
    }
    long cutoff = c.withdrawnAt != 0 && suppressAfterWithdrawal ? c.withdrawnAt : Long.MAX_VALUE;
    for (int v = 0; v < SimCase.VISITS; v++) {
      if (c.recordedAt[v] == 0) {
        continue;
      }
      long first = c.lateAt[v] != 0 ? c.lateAt[v] : c.recordedAt[v];
      if (first <= cutoff) {
        c.schedule(first, SimCase.code(SimCase.K_FOLLOW_UP, v, false));
      }
      if (c.correctionAt[v] != 0 && c.correctionAt[v] <= cutoff) {
        c.schedule(c.correctionAt[v], SimCase.code(SimCase.K_FOLLOW_UP_CORRECTION, v, false));
      }
    }
    if (c.withdrawnAt != 0) {
      c.schedule(c.withdrawnAt, SimCase.code(SimCase.K_WITHDRAWAL, 0, false));
    }
    c.addDuplicates(mess, duplicateRate, 30, 72 * HOUR);
  }

  private static int[] append(int[] list, int type, int onset, int grade) {
    int n = list == null ? 0 : list.length;
    int[] out = list == null ? new int[3] : Arrays.copyOf(list, n + 3);
    out[n] = type;
    out[n + 1] = onset;
    out[n + 2] = grade;
    return out;
  }

  /** The complications of one procedure while it is being built. */
  private static final class Complications {
    ComplicationType[] intraop = new ComplicationType[2];
    int intraopCount;
    int[] type = new int[4];
    int[] onset = new int[4];
    int[] grade = new int[4];
    int count;

    void intraop(ComplicationType t) {
      for (int i = 0; i < intraopCount; i++) {
        if (intraop[i] == t) {
          return;
        }
      }
      if (intraopCount == intraop.length) {
        intraop = Arrays.copyOf(intraop, intraopCount * 2);
      }
      intraop[intraopCount++] = t;
    }

    void add(ComplicationType t, int day, int g) {
      if (count == type.length) {
        type = Arrays.copyOf(type, count * 2);
        onset = Arrays.copyOf(onset, count * 2);
        grade = Arrays.copyOf(grade, count * 2);
      }
      type[count] = t.ordinal();
      onset[count] = day;
      grade[count] = g;
      count++;
    }

    boolean has(ComplicationType t) {
      for (int i = 0; i < intraopCount; i++) {
        if (intraop[i] == t) {
          return true;
        }
      }
      return false;
    }

    void sortByOnset() {
      for (int i = 1; i < count; i++) {
        int t = type[i];
        int o = onset[i];
        int g = grade[i];
        int j = i;
        while (j > 0 && onset[j - 1] > o) {
          type[j] = type[j - 1];
          onset[j] = onset[j - 1];
          grade[j] = grade[j - 1];
          j--;
        }
        type[j] = t;
        onset[j] = o;
        grade[j] = g;
      }
    }
  }
}
