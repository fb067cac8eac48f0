package org.spineoutcomes.statistics.riskmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spineoutcomes.statistics.Close;
import org.spineoutcomes.statistics.Fixture;

class LogisticRegressionTest {

  /** Coefficients, standard errors and deviances of ordinary fits (the brief asks for 1e-6). */
  static final double FIT = 1e-10;
  /**
   * Under separation the estimates are wherever 25 iterations (or the deviance criterion) left a divergent
   * sequence: R and Java follow the same sequence, but its rounding differences grow with every step (7e-13
   * seen).
   */
  static final double SEPARATED = 1e-9;

  static Stream<Fixture> cases() {
    return Fixture.read("logistic.csv").stream();
  }

  /** A fixture's data set: covariates, outcomes and R's fitted probabilities. */
  record Data(double[][] x, boolean[] y, double[] fitted) {

    static Data of(Fixture f) {
      List<Fixture> rows = Fixture.read(f.text("data"));
      String names = f.text("covariates");
      String[] covariates = names.equals("-") ? new String[0] : names.split(";");
      double[][] x = new double[rows.size()][covariates.length];
      boolean[] y = new boolean[rows.size()];
      double[] fitted = new double[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        Fixture r = rows.get(i);
        for (int j = 0; j < covariates.length; j++) {
          x[i][j] = r.num(covariates[j]);
        }
        y[i] = r.count("y") == 1;
        fitted[i] = r.num("fitted");
      }
      return new Data(x, y, fitted);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void agreesWithGlm(Fixture f) {
    Data d = Data.of(f);
    LogisticRegression fit = LogisticRegression.fit(d.x(), d.y());
    String id = f.id() + " logistic.";
    boolean separated = f.count("boundary") == 1 || f.id().contains("separat") || f.count("events") == 0;
    double tolerance = separated ? SEPARATED : FIT;

    assertThat(fit.iterations()).as(id + "iterations").isEqualTo(f.count("iterations"));
    assertThat(fit.converged()).as(id + "converged").isEqualTo(f.count("converged") == 1);
    assertThat(fit.fittedAtBoundary()).as(id + "boundary").isEqualTo(f.count("boundary") == 1);
    assertThat(fit.rank()).as(id + "rank").isEqualTo(f.count("rank"));
    assertThat(fit.observations()).isEqualTo(f.count("n"));
    assertThat(fit.events()).isEqualTo(f.count("events"));

    double[] beta = Fixture.list(f.text("coefficients"));
    double[] se = Fixture.list(f.text("se"));
    assertThat(fit.coefficients()).hasSameSizeAs(beta);
    for (int j = 0; j < beta.length; j++) {
      if (f.count("events") == 0 && j > 0) {
        // With no event the slopes are pure rounding noise around 0 (R: ~1e-15); only their size matters.
        assertThat(fit.coefficients()[j]).as(id + "coefficient " + j).isCloseTo(0, within(1e-12));
        Close.check(id + "seNoEvents", fit.standardErrors()[j], se[j], SEPARATED);
        continue;
      }
      Close.check(id + (separated ? "coefficientSeparated" : "coefficient"), fit.coefficients()[j], beta[j],
          tolerance);
      Close.check(id + (separated ? "seSeparated" : "se"), fit.standardErrors()[j], se[j], tolerance);
    }
    Close.check(id + (separated ? "devianceSeparated" : "deviance"), fit.deviance(), f.num("deviance"),
        tolerance);
    Close.check(id + "nullDeviance", fit.nullDeviance(), f.num("nullDeviance"), 1e-14);

    double[] predicted = new double[d.y().length];
    for (int i = 0; i < predicted.length; i++) {
      predicted[i] = fit.predict(d.x()[i]);
      Close.check(id + (separated ? "fittedSeparated" : "fitted"), predicted[i], d.fitted()[i],
          separated ? SEPARATED : FIT);
    }
    // The C-statistic of R's own fitted values, so ties and order are exactly R's.
    Close.check(id + "auc", CStatistic.of(d.fitted(), d.y()), f.num("auc"), 0);
  }

  static Data data(String id) {
    return Data.of(cases().filter(f -> f.id().equals(id)).findFirst().orElseThrow());
  }

  static LogisticRegression fit(String id) {
    Data d = data(id);
    return LogisticRegression.fit(d.x(), d.y());
  }

  @Test
  void reportsSeparationInsteadOfThrowing() {
    assertThat(fit("lr01_mixed").usable()).isTrue();
    assertThat(fit("lr02_rare").usable()).isTrue();

    // No event among the dialysis patients: R converges quietly at a coefficient of -15 (SE 841).
    LogisticRegression quasi = fit("lr05_quasi_separated");
    assertThat(quasi.converged()).isTrue();
    assertThat(quasi.fittedAtBoundary()).isFalse();
    assertThat(quasi.separatingDummies()).containsExactly(3);
    assertThat(quasi.usable()).isFalse();

    // y = 1 exactly when x > 0: 25 iterations without convergence, fitted probabilities of 0 and 1.
    LogisticRegression complete = fit("lr06_complete_separation");
    assertThat(complete.converged()).isFalse();
    assertThat(complete.iterations()).isEqualTo(25);
    assertThat(complete.fittedAtBoundary()).isTrue();
    assertThat(complete.separatingDummies()).isEmpty();
    assertThat(complete.usable()).isFalse();

    LogisticRegression noEvents = fit("lr08_no_events");
    assertThat(noEvents.events()).isZero();
    assertThat(noEvents.usable()).isFalse();
  }

  @Test
  void nonConvergenceWithinTheAllowedIterationsIsReported() {
    Data d = data("lr01_mixed");
    LogisticRegression two = LogisticRegression.fit(d.x(), d.y(), 2, LogisticRegression.DEFAULT_EPSILON);
    assertThat(two.converged()).isFalse();
    assertThat(two.iterations()).isEqualTo(2);
    assertThat(java.util.Arrays.stream(two.coefficients()).allMatch(Double::isFinite)).isTrue();
    assertThat(two.usable()).isFalse();
  }

  @Test
  void aliasedCovariatesAreLeftOutOfPredictions() {
    Data d = data("lr04_aliased");
    LogisticRegression fit = LogisticRegression.fit(d.x(), d.y());
    double[] b = fit.coefficients();
    // age; revision (always 0); asa2; asa3; asa1 (= 1 - asa2 - asa3); micro
    assertThat(fit.rank()).isEqualTo(5);
    assertThat(b[2]).isNaN();
    assertThat(b[5]).isNaN();
    double[] row = {60, 1, 0, 1, 0, 1};
    double eta = b[0] + b[1] * 60 + b[4] + b[6];
    assertThat(fit.linearPredictor(row)).isCloseTo(eta, within(1e-14));
    assertThat(fit.predict(row)).isCloseTo(1 / (1 + Math.exp(-eta)), within(1e-15));
  }

  @Test
  void covarianceMatchesTheStandardErrors() {
    LogisticRegression fit = fit("lr03_scales");
    double[][] v = fit.covariance();
    double[] se = fit.standardErrors();
    for (int a = 0; a < v.length; a++) {
      assertThat(Math.sqrt(v[a][a])).isEqualTo(se[a]);
      for (int b = 0; b < v.length; b++) {
        assertThat(v[a][b]).isEqualTo(v[b][a]);
      }
    }
  }

  @Test
  void predictsFromTheLinkWithRsGuards() {
    LogisticRegression fit = fit("lr07_intercept_only");
    assertThat(fit.coefficients()).hasSize(1);
    assertThat(fit.predict(new double[0])).isCloseTo(37 / 150.0, within(1e-12));
    assertThat(LogisticRegression.inverseLink(40)).isEqualTo(1 / (1 + Math.ulp(1.0))).isLessThan(1);
    assertThat(LogisticRegression.inverseLink(-40)).isEqualTo(Math.ulp(1.0) / (1 + Math.ulp(1.0)));
    assertThatThrownBy(() -> fit.predict(new double[] {1})).isInstanceOf(IllegalArgumentException.class);
    assertThat(fit("lr01_mixed").predict(new double[] {50, Double.NaN, 1, 0, 0, 1})).isNaN();
  }

  @Test
  void rejectsImpossibleInput() {
    assertThatThrownBy(() -> LogisticRegression.fit(new double[0][], new boolean[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LogisticRegression.fit(new double[][] {{1}, {2, 3}}, new boolean[] {true, false}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LogisticRegression.fit(new double[][] {{1}, {Double.NaN}}, new boolean[] {true, false}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LogisticRegression.fit(new double[][] {{1}}, new boolean[] {true, false}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @AfterAll
  static void report() {
    System.out.println(Close.report());
  }
}
