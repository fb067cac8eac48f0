package org.spineoutcomes.statistics.riskmodel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * A fitted logistic regression with intercept: R's {@code glm(y ~ x1 + ... + xk, family = binomial)}, fitted
 * the way R's {@code glm.fit} does it, so coefficients, standard errors, deviances and the iteration count agree
 * with R's (see the tests for the agreement achieved).
 *
 * <p>Fitting is iteratively reweighted least squares: each iteration solves the weighted least-squares problem
 * by a Householder QR decomposition (Commons Math) of the weighted design; it stops when the relative deviance
 * change |dev − dev_old| / (|dev| + 0.1) falls below {@code epsilon} (1e-8) or after {@code maxIterations} (25).
 * Start values, the guarded logit link (η beyond ±30 is treated as ±30, fitted probabilities never reach 0 or
 * 1), the deviance and the aliasing rule are R's.
 *
 * <p>Nothing here throws on difficult data; instead the fit reports what happened, exactly as R would (R warns):
 * <ul>
 *   <li>{@link #converged()} is false when 25 iterations did not meet the criterion ("glm.fit: algorithm did not
 *       converge"); the coefficients are those of the last iteration.</li>
 *   <li>{@link #fittedAtBoundary()} is R's "fitted probabilities numerically 0 or 1 occurred": some fitted
 *       probability is within 10·ε of 0 or 1, the usual symptom of complete separation.</li>
 *   <li>{@link #separatingDummies()} lists 0/1 covariates with the same outcome for every observation at one of
 *       their levels (e.g. a comorbidity with no deaths). That is quasi-complete separation: the MLE does not
 *       exist, the coefficient drifts towards ±∞ until the deviance stops changing, and R then reports
 *       "converged" without any warning (a coefficient near ±15 with a standard error in the hundreds).</li>
 *   <li>Aliased covariates (a dummy that is always 0, a linear combination of earlier columns) get a NaN
 *       coefficient and standard error, as R's NA, and are left out of predictions; {@link #rank()} counts the
 *       estimated coefficients.</li>
 * </ul>
 * {@link #usable()} combines these into the one question a risk-adjustment job needs answered.
 *
 * <p>Immutable and thread-safe.
 */
public final class LogisticRegression {

  /** R's {@code glm.control()$maxit}. */
  public static final int DEFAULT_MAX_ITERATIONS = 25;
  /** R's {@code glm.control()$epsilon}: convergence criterion on the relative change of the deviance. */
  public static final double DEFAULT_EPSILON = 1e-8;

  /** glm's family$linkinv and mu.eta cut the logit at ±30 (R's THRESH / MTHRESH in family.c). */
  private static final double THRESHOLD = 30;
  private static final double EPS = Math.ulp(1.0);
  private static final double INVERSE_EPS = 1 / EPS;

  private final double[] coefficients;
  private final double[] standardErrors;
  private final double[][] covariance;
  private final double deviance;
  private final double nullDeviance;
  private final int iterations;
  private final boolean converged;
  private final boolean fittedAtBoundary;
  private final int[] separatingDummies;
  private final int rank;
  private final int observations;
  private final int events;

  private LogisticRegression(double[] coefficients, double[][] covariance, double deviance,
      double nullDeviance, int iterations, boolean converged, boolean fittedAtBoundary,
      int[] separatingDummies, int rank, int observations, int events) {
    this.coefficients = coefficients;
    this.covariance = covariance;
    this.standardErrors = new double[coefficients.length];
    for (int j = 0; j < coefficients.length; j++) {
      standardErrors[j] = Math.sqrt(covariance[j][j]);
    }
    this.deviance = deviance;
    this.nullDeviance = nullDeviance;
    this.iterations = iterations;
    this.converged = converged;
    this.fittedAtBoundary = fittedAtBoundary;
    this.separatingDummies = separatingDummies;
    this.rank = rank;
    this.observations = observations;
    this.events = events;
  }

  /** {@link #fit(double[][], boolean[], int, double)} with R's defaults (25 iterations, epsilon 1e-8). */
  public static LogisticRegression fit(double[][] covariates, boolean[] outcome) {
    return fit(covariates, outcome, DEFAULT_MAX_ITERATIONS, DEFAULT_EPSILON);
  }

  /**
   * Fits logit P(outcome) = β₀ + β₁x₁ + … + βₖxₖ.
   *
   * @param covariates    one row per observation, k values each (no intercept column; k may be 0)
   * @param outcome       the binary outcome per observation (true = event)
   * @param maxIterations the most IRLS iterations (R's {@code maxit})
   * @param epsilon       the convergence tolerance on the relative deviance change (R's {@code epsilon})
   * @throws IllegalArgumentException if there is no observation, the rows differ in length from each other or
   *                                  from {@code outcome}, a covariate is not finite, or the controls are not
   *                                  positive
   */
  public static LogisticRegression fit(double[][] covariates, boolean[] outcome, int maxIterations,
      double epsilon) {
    int n = outcome.length;
    if (n == 0 || covariates.length != n) {
      throw new IllegalArgumentException("need one covariate row per outcome and at least one observation; got "
          + covariates.length + " rows and " + n + " outcomes");
    }
    if (maxIterations < 1 || !(epsilon > 0)) {
      throw new IllegalArgumentException("maxIterations and epsilon must be positive");
    }
    int k = covariates[0].length;
    int p = k + 1;
    double[][] x = new double[n][p];
    double[] y = new double[n];
    int events = 0;
    for (int i = 0; i < n; i++) {
      if (covariates[i].length != k) {
        throw new IllegalArgumentException("row " + i + " has " + covariates[i].length + " covariates, row 0 has "
            + k);
      }
      x[i][0] = 1;
      for (int j = 0; j < k; j++) {
        double v = covariates[i][j];
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("covariate " + j + " of row " + i + " is " + v);
        }
        x[i][j + 1] = v;
      }
      y[i] = outcome[i] ? 1 : 0;
      events += outcome[i] ? 1 : 0;
    }
    // glm.fit's tolerance for the QR's aliasing test: min(1e-7, epsilon / 1000).
    double qrTolerance = Math.min(1e-7, epsilon / 1000);

    // Start as binomial()$initialize does: mu = (y + 0.5) / 2, eta = logit(mu), then mu = linkinv(eta).
    double[] eta = new double[n];
    double[] mu = new double[n];
    for (int i = 0; i < n; i++) {
      double start = (y[i] + 0.5) / 2;
      eta[i] = Math.log(start / (1 - start));
      mu[i] = inverseLink(eta[i]);
    }
    double devianceOld = deviance(y, mu);
    double deviance = devianceOld;
    double[] coefficients = null;
    WeightedQr last = null;
    boolean converged = false;
    int iteration;
    for (iteration = 1; iteration <= maxIterations; iteration++) {
      double[][] xw = new double[n][p];
      double[] zw = new double[n];
      for (int i = 0; i < n; i++) {
        double muEta = muEta(eta[i]);
        double variance = mu[i] * (1 - mu[i]);
        double z = eta[i] + (y[i] - mu[i]) / muEta;
        double w = Math.sqrt(muEta * muEta / variance);
        zw[i] = z * w;
        for (int j = 0; j < p; j++) {
          xw[i][j] = x[i][j] * w;
        }
      }
      WeightedQr qr = new WeightedQr(xw, qrTolerance);
      double[] start = qr.solve(zw);
      if (!allFinite(start)) {
        // R: "non-finite coefficients at iteration", stop without convergence, keep the last good fit.
        break;
      }
      last = qr;
      for (int i = 0; i < n; i++) {
        eta[i] = dot(x[i], start);
        mu[i] = inverseLink(eta[i]);
      }
      deviance = deviance(y, mu);
      coefficients = start;
      if (Math.abs(deviance - devianceOld) / (Math.abs(deviance) + 0.1) < epsilon) {
        converged = true;
        break;
      }
      devianceOld = deviance;
    }
    int iterations = Math.min(iteration, maxIterations);

    double[] mean = new double[n];
    Arrays.fill(mean, (double) events / n);
    double nullDeviance = deviance(y, mean);

    if (last == null) {
      double[] nan = new double[p];
      Arrays.fill(nan, Double.NaN);
      double[][] nanCovariance = new double[p][];
      for (int j = 0; j < p; j++) {
        nanCovariance[j] = nan.clone();
      }
      return new LogisticRegression(nan, nanCovariance, Double.NaN, nullDeviance, iterations, false, false,
          separatingDummies(x, y, k), 0, n, events);
    }
    boolean boundary = false;
    for (int i = 0; i < n; i++) {
      boundary |= mu[i] > 1 - 10 * EPS || mu[i] < 10 * EPS;
    }
    double[] estimates = coefficients.clone();
    for (int j = 0; j < p; j++) {
      if (last.aliased[j]) {
        estimates[j] = Double.NaN;
      }
    }
    return new LogisticRegression(estimates, last.unscaledCovariance(), deviance, nullDeviance, iterations,
        converged, boundary, separatingDummies(x, y, k), last.rank, n, events);
  }

  /**
   * The QR decomposition of one iteration's weighted design, with R's rule for aliased columns (LINPACK dqrdc2
   * as used by glm.fit): taking the columns in order, a column whose norm, after the columns before it are
   * projected out, is below {@code tolerance} times its own norm is aliased and left out (coefficient 0 while
   * iterating, NA in the result).
   */
  private static final class WeightedQr {

    final boolean[] aliased;
    final int rank;
    private final int[] kept;
    private final QRDecomposition qr;
    private final int p;

    WeightedQr(double[][] xw, double tolerance) {
      int n = xw.length;
      p = xw[0].length;
      double[] norms = new double[p];
      for (int j = 0; j < p; j++) {
        double sum = 0;
        for (double[] row : xw) {
          sum += row[j] * row[j];
        }
        norms[j] = Math.sqrt(sum);
      }
      aliased = new boolean[p];
      List<Integer> columns = new ArrayList<>();
      for (int j = 0; j < p; j++) {
        columns.add(j);
      }
      // Householder QR of the columns still in; the diagonal of R holds each column's norm after the
      // earlier ones are projected out. The first negligible one is aliased: drop it and decompose again
      // (a later diagonal would otherwise depend on the rounding noise the dropped column leaves behind).
      QRDecomposition decomposition;
      while (true) {
        decomposition = new QRDecomposition(select(xw, columns));
        double[][] r = decomposition.getR().getData();
        int negligible = -1;
        for (int c = 0; c < columns.size(); c++) {
          double residual = c < n ? Math.abs(r[c][c]) : 0;
          if (residual < tolerance * norms[columns.get(c)] || norms[columns.get(c)] == 0) {
            negligible = c;
            break;
          }
        }
        if (negligible < 0) {
          break;
        }
        aliased[columns.remove(negligible)] = true;
        if (columns.isEmpty()) {
          decomposition = null;
          break;
        }
      }
      qr = decomposition;
      kept = columns.stream().mapToInt(Integer::intValue).toArray();
      rank = kept.length;
    }

    /** Least-squares coefficients, 0 for aliased columns (as glm.fit uses them while iterating). */
    double[] solve(double[] zw) {
      double[] out = new double[p];
      if (qr == null) {
        return out;
      }
      double[] solution = qr.getSolver().solve(new ArrayRealVector(zw, false)).toArray();
      for (int c = 0; c < kept.length; c++) {
        out[kept[c]] = solution[c];
      }
      return out;
    }

    /**
     * (X'WX)⁻¹ = (R'R)⁻¹ from this decomposition, R's {@code chol2inv(Qr$qr)} in summary.glm (the dispersion
     * of the binomial family is 1); NaN rows and columns for aliased coefficients.
     */
    double[][] unscaledCovariance() {
      double[][] out = new double[p][p];
      for (double[] row : out) {
        Arrays.fill(row, Double.NaN);
      }
      if (qr == null) {
        return out;
      }
      int m = kept.length;
      double[][] r = qr.getR().getSubMatrix(0, m - 1, 0, m - 1).getData();
      // Invert the upper-triangular R by back substitution: R S = I.
      double[][] s = new double[m][m];
      for (int col = 0; col < m; col++) {
        for (int row = col; row >= 0; row--) {
          double sum = row == col ? 1 : 0;
          for (int l = row + 1; l <= col; l++) {
            sum -= r[row][l] * s[l][col];
          }
          s[row][col] = sum / r[row][row];
        }
      }
      for (int a = 0; a < m; a++) {
        for (int b = 0; b < m; b++) {
          double sum = 0;
          for (int l = Math.max(a, b); l < m; l++) {
            sum += s[a][l] * s[b][l];
          }
          out[kept[a]][kept[b]] = sum;
        }
      }
      return out;
    }

    private static RealMatrix select(double[][] xw, List<Integer> columns) {
      double[][] out = new double[xw.length][columns.size()];
      for (int i = 0; i < xw.length; i++) {
        for (int c = 0; c < columns.size(); c++) {
          out[i][c] = xw[i][columns.get(c)];
        }
      }
      return new Array2DRowRealMatrix(out, false);
    }
  }

  /** binomial()$linkinv (R's logit_linkinv): e^η / (1 + e^η) with η cut at ±30. */
  static double inverseLink(double eta) {
    double t = eta < -THRESHOLD ? EPS : eta > THRESHOLD ? INVERSE_EPS : Math.exp(eta);
    return t / (1 + t);
  }

  /** binomial()$mu.eta (R's logit_mu_eta): dμ/dη, ε beyond the cut. */
  private static double muEta(double eta) {
    if (eta > THRESHOLD || eta < -THRESHOLD) {
      return EPS;
    }
    double opexp = 1 + Math.exp(eta);
    return Math.exp(eta) / (opexp * opexp);
  }

  /** sum(binomial()$dev.resids(y, mu, 1)), summed with compensation as R sums in long double. */
  private static double deviance(double[] y, double[] mu) {
    double sum = 0;
    double compensation = 0;
    for (int i = 0; i < y.length; i++) {
      // R's y_log_y: 2 (y log(y/mu) + (1 - y) log((1 - y)/(1 - mu))), a 0 term for y or 1 - y = 0.
      double term = 2 * (y[i] == 1 ? Math.log(1 / mu[i]) : Math.log(1 / (1 - mu[i])));
      double t = sum + term;
      compensation += Math.abs(sum) >= Math.abs(term) ? (sum - t) + term : (term - t) + sum;
      sum = t;
    }
    return sum + compensation;
  }

  /** Covariates (1-based among the coefficients minus one: 0 = first covariate) that are 0/1 dummies with
   * a constant outcome at one level. */
  private static int[] separatingDummies(double[][] x, double[] y, int k) {
    List<Integer> out = new ArrayList<>();
    for (int j = 1; j <= k; j++) {
      // events and observations at level 0 and level 1
      int[] count = new int[2];
      int[] withEvent = new int[2];
      boolean dummy = true;
      for (int i = 0; i < x.length && dummy; i++) {
        double v = x[i][j];
        if (v != 0 && v != 1) {
          dummy = false;
        } else {
          count[(int) v]++;
          withEvent[(int) v] += (int) y[i];
        }
      }
      if (!dummy || count[0] == 0 || count[1] == 0) {
        continue; // a constant column is aliased with the intercept, not separating
      }
      for (int level = 0; level < 2; level++) {
        if (withEvent[level] == 0 || withEvent[level] == count[level]) {
          out.add(j - 1);
          break;
        }
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static double dot(double[] row, double[] beta) {
    double sum = 0;
    for (int j = 0; j < row.length; j++) {
      sum += row[j] * beta[j];
    }
    return sum;
  }

  private static boolean allFinite(double[] values) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The linear predictor β₀ + Σ βⱼxⱼ for one covariate row; aliased (NaN) coefficients count as 0, as in R's
   * predict for a rank-deficient fit. NaN when a covariate is NaN.
   *
   * @throws IllegalArgumentException if the row does not have k values
   */
  public double linearPredictor(double[] covariates) {
    if (covariates.length != coefficients.length - 1) {
      throw new IllegalArgumentException("expected " + (coefficients.length - 1) + " covariates, got "
          + covariates.length);
    }
    double sum = Double.isNaN(coefficients[0]) ? 0 : coefficients[0];
    for (int j = 1; j < coefficients.length; j++) {
      if (!Double.isNaN(coefficients[j])) {
        sum += covariates[j - 1] * coefficients[j];
      }
    }
    return sum;
  }

  /**
   * The predicted probability of the event for one covariate row: R's
   * {@code predict(fit, newdata, type = "response")}, including the ±30 cut of the linear predictor (so it
   * stays strictly between 0 and 1). NaN when a covariate is NaN.
   *
   * @throws IllegalArgumentException if the row does not have k values
   */
  public double predict(double[] covariates) {
    double eta = linearPredictor(covariates);
    return Double.isNaN(eta) ? Double.NaN : inverseLink(eta);
  }

  /** β₀ (intercept), β₁ … βₖ in the order of the covariate columns; NaN where aliased. A copy. */
  public double[] coefficients() {
    return coefficients.clone();
  }

  /** Standard errors of {@link #coefficients()} (summary.glm's, dispersion 1); NaN where aliased. A copy. */
  public double[] standardErrors() {
    return standardErrors.clone();
  }

  /** The (k+1)×(k+1) covariance matrix of the coefficients, (X'WX)⁻¹; NaN rows/columns where aliased. */
  public double[][] covariance() {
    double[][] out = new double[covariance.length][];
    for (int j = 0; j < out.length; j++) {
      out[j] = covariance[j].clone();
    }
    return out;
  }

  /** Residual deviance, −2 log-likelihood of the fit. */
  public double deviance() {
    return deviance;
  }

  /** Deviance of the intercept-only model (R's {@code null.deviance}). */
  public double nullDeviance() {
    return nullDeviance;
  }

  /** IRLS iterations run (R's {@code iter}). */
  public int iterations() {
    return iterations;
  }

  /** Whether the deviance criterion was met within the allowed iterations (R's {@code converged}). */
  public boolean converged() {
    return converged;
  }

  /**
   * R's "fitted probabilities numerically 0 or 1 occurred": a fitted probability within 10·ε (2.2e-15) of 0
   * or 1. The usual sign of complete separation.
   */
  public boolean fittedAtBoundary() {
    return fittedAtBoundary;
  }

  /**
   * 0-based indices of covariates that take only the values 0 and 1 (both present) and have the same outcome
   * for every observation at one level: quasi-complete separation, which R does not warn about.
   */
  public int[] separatingDummies() {
    return separatingDummies.clone();
  }

  /** Number of estimated (non-aliased) coefficients, intercept included. */
  public int rank() {
    return rank;
  }

  /** Number of observations fitted. */
  public int observations() {
    return observations;
  }

  /** Number of observations with the event. */
  public int events() {
    return events;
  }

  /**
   * Whether the coefficients are finite maximum-likelihood estimates fit to drive risk adjustment: the fit
   * converged, the outcome varies, no fitted probability is numerically 0 or 1 and no dummy separates the
   * outcome. Aliased covariates do not make a fit unusable (they are simply not used); check {@link #rank()}.
   */
  public boolean usable() {
    return converged && !fittedAtBoundary && separatingDummies.length == 0 && events > 0
        && events < observations;
  }

  @Override
  public String toString() {
    return "LogisticRegression[coefficients=" + Arrays.toString(coefficients) + ", standardErrors="
        + Arrays.toString(standardErrors) + ", deviance=" + deviance + ", nullDeviance=" + nullDeviance
        + ", iterations=" + iterations + ", converged=" + converged + ", fittedAtBoundary="
        + fittedAtBoundary + ", separatingDummies=" + Arrays.toString(separatingDummies) + ", rank=" + rank
        + ", observations=" + observations + ", events=" + events + "]";
  }
}
