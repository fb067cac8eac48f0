package org.spineoutcomes.ingest.simulator;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.Condition;
import org.spineoutcomes.schemas.Sex;
import org.spineoutcomes.schemas.Technique;

/**
 * The true logistic model of a procedure's 90-day complication (any intraoperative complication, or any
 * complication with onset within 90 days of surgery), kept here so that a test can check whether an analysis
 * recovers it.
 *
 * <pre>
 * logit P(complication within 90 days) =
 *       intercept
 *     + agePer10Years * (ageYears - 50) / 10
 *     + female        * [sex = F]            (sex OTHER is counted with the reference, M)
 *     + asaPerClass   * (asaClass - 2)
 *     + bmiPerUnit    * (bmi - 27)
 *     + smoker        * [smoker]
 *     + diabetic      * [diabetic]
 *     + condition[condition]                 (HERNIATED_DISC = 0, the reference)
 *     + technique[technique]                 (DISCECTOMY = 0, the reference)
 *     + perExtraLevel * (number of levels - 1)
 *     + microscopic   * [approach = MICROSCOPIC]   (the true approach effect, log odds ratio)
 *     + hospital effect + surgeon effect + log(odds ratio of a deteriorating surgeon, after the date)
 * </pre>
 *
 * The reference patient (50-year-old man, ASA 2, BMI 27, non-smoker, non-diabetic, one-level discectomy for a
 * herniated disc, OPEN) has, with the defaults, a risk of 1/(1+e^3.1) = 4.3%. The hospital effects are fixed
 * per hospital profile ({@link Simulator#hospitalComplicationEffects()}); surgeon effects are drawn from
 * N(0, {@link SimulatorConfig#surgeonEffectSd()}).
 *
 * @param condition additive log odds by condition; a missing entry counts as 0
 * @param technique additive log odds by technique; a missing entry counts as 0
 */
public record ComplicationRiskModel(
    double intercept,
    double agePer10Years,
    double female,
    double asaPerClass,
    double bmiPerUnit,
    double smoker,
    double diabetic,
    Map<Condition, Double> condition,
    Map<Technique, Double> technique,
    double perExtraLevel,
    double microscopic) {

  public ComplicationRiskModel {
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(technique, "technique");
    EnumMap<Condition, Double> c = new EnumMap<>(Condition.class);
    c.putAll(condition);
    EnumMap<Technique, Double> t = new EnumMap<>(Technique.class);
    t.putAll(technique);
    condition = Collections.unmodifiableMap(c);
    technique = Collections.unmodifiableMap(t);
    for (double v : new double[] {intercept, agePer10Years, female, asaPerClass, bmiPerUnit, smoker, diabetic,
        perExtraLevel, microscopic}) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("coefficients must be finite");
      }
    }
  }

  /** The default coefficients (log odds). */
  public static ComplicationRiskModel defaults() {
    EnumMap<Condition, Double> c = new EnumMap<>(Condition.class);
    c.put(Condition.HERNIATED_DISC, 0.0);
    c.put(Condition.SPINAL_STENOSIS, 0.10);
    c.put(Condition.DEGENERATIVE_DISC_DISEASE, 0.10);
    c.put(Condition.SPINAL_TUMOR, 0.80);
    c.put(Condition.SPINAL_DEFORMITY, 0.70);
    EnumMap<Technique, Double> t = new EnumMap<>(Technique.class);
    t.put(Technique.DISCECTOMY, 0.0);
    t.put(Technique.DECOMPRESSION, 0.10);
    t.put(Technique.LAMINECTOMY, 0.20);
    t.put(Technique.FUSION, 0.60);
    return new ComplicationRiskModel(-3.1, 0.20, -0.10, 0.40, 0.03, 0.35, 0.45, c, t, 0.12, -0.25);
  }

  /** The patient-level linear predictor (log odds), without hospital, surgeon or deterioration terms. */
  public double linearPredictor(int ageYears, Sex sex, int asaClass, double bmi, boolean isSmoker,
                  boolean isDiabetic, Condition cond, Technique tech, int levels, Approach approach) {
    return intercept
        + agePer10Years * (ageYears - 50) / 10.0
        + (sex == Sex.F ? female : 0.0)
        + asaPerClass * (asaClass - 2)
        + bmiPerUnit * (bmi - 27.0)
        + (isSmoker ? smoker : 0.0)
        + (isDiabetic ? diabetic : 0.0)
        + condition.getOrDefault(cond, 0.0)
        + technique.getOrDefault(tech, 0.0)
        + perExtraLevel * (levels - 1)
        + (approach == Approach.MICROSCOPIC ? microscopic : 0.0);
  }

  /** The patient-level probability, {@code 1 / (1 + exp(-linearPredictor))}. */
  public double probability(int ageYears, Sex sex, int asaClass, double bmi, boolean isSmoker, boolean isDiabetic,
                Condition cond, Technique tech, int levels, Approach approach) {
    return Rng.logistic(linearPredictor(ageYears, sex, asaClass, bmi, isSmoker, isDiabetic, cond, tech, levels,
        approach));
  }
}
