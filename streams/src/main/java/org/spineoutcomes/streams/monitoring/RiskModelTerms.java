package org.spineoutcomes.streams.monitoring;

import java.util.ArrayList;
import java.util.List;
import org.spineoutcomes.schemas.Condition;
import org.spineoutcomes.schemas.RiskModel;
import org.spineoutcomes.schemas.Technique;
import org.spineoutcomes.schemas.state.OutcomeFacts;
import org.spineoutcomes.schemas.state.RiskFactors;
import org.spineoutcomes.streams.metrics.Metric;
import org.spineoutcomes.streams.metrics.MetricCatalogue;
import org.spineoutcomes.streams.metrics.MetricValues;

/**
 * The case-mix terms of the 90-day complication risk model, defined once: the fit (fit-risk-model) and the
 * scoring (provider monitoring) both build covariates here, so a published model always matches.
 * Reference levels: HERNIATED_DISC, DISCECTOMY, sex not F.
 */
public final class RiskModelTerms {

  /** The outcome modelled and monitored. */
  public static final String OUTCOME = "complication_90d";
  private static final Metric OUTCOME_METRIC = MetricCatalogue.byId(OUTCOME);

  /** Term names, without the intercept. */
  public static final List<String> NAMES;

  static {
    List<String> names = new ArrayList<>(List.of("age_per_10_years", "female", "asa_class", "bmi", "smoker",
        "diabetic", "extra_levels"));
    for (Condition c : Condition.values()) {
      if (c != Condition.HERNIATED_DISC) {
        names.add("condition_" + c.name());
      }
    }
    for (Technique t : Technique.values()) {
      if (t != Technique.DISCECTOMY) {
        names.add("technique_" + t.name());
      }
    }
    NAMES = List.copyOf(names);
  }

  /** Whether the procedure had the outcome; null while its 90-day window is not observed. */
  public static Boolean outcome(OutcomeFacts facts) {
    return MetricValues.binary(facts, OUTCOME_METRIC);
  }

  /** Covariates of a procedure in the order of {@link #NAMES}, or null if its facts predate risk factors. */
  public static double[] covariates(OutcomeFacts facts) {
    RiskFactors r = facts.getRiskFactors();
    if (r == null) {
      return null;
    }
    double[] x = new double[NAMES.size()];
    int i = 0;
    x[i++] = r.getAgeYears() / 10.0;
    x[i++] = "F".equals(r.getSex()) ? 1 : 0;
    x[i++] = r.getAsaClass();
    x[i++] = r.getBmi();
    x[i++] = r.getSmoker() ? 1 : 0;
    x[i++] = r.getDiabetic() ? 1 : 0;
    x[i++] = Math.max(0, r.getLevels() - 1);
    for (Condition c : Condition.values()) {
      if (c != Condition.HERNIATED_DISC) {
        x[i++] = c.name().equals(facts.getCondition()) ? 1 : 0;
      }
    }
    for (Technique t : Technique.values()) {
      if (t != Technique.DISCECTOMY) {
        x[i++] = t.name().equals(facts.getTechnique()) ? 1 : 0;
      }
    }
    return x;
  }

  /** The model's predicted risk for these covariates; the model's terms must be the intercept plus NAMES. */
  public static double predict(RiskModel model, List<Double> covariates) {
    List<Double> beta = model.getCoefficients();
    double eta = beta.get(0);
    for (int i = 0; i < covariates.size(); i++) {
      double b = beta.get(i + 1);
      if (!Double.isNaN(b)) { // aliased terms contribute nothing, as in R
        eta += b * covariates.get(i);
      }
    }
    return 1 / (1 + Math.exp(-eta));
  }

  /** Whether a model was fitted on exactly these terms. */
  public static boolean matches(RiskModel model) {
    List<String> terms = model.getTerms();
    return terms.size() == NAMES.size() + 1 && terms.subList(1, terms.size()).equals(NAMES);
  }

  private RiskModelTerms() {}
}
