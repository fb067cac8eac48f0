package org.spineoutcomes.statistics.monitoring;

/**
 * The risk-adjusted CUSUM of Steiner, Cook, Farewell &amp; Treasure (2000), "Monitoring surgical performance using
 * risk-adjusted cumulative sum charts", Biostatistics 1:441–452, for one provider: an upper chart that signals a
 * rise in the odds of the adverse outcome and a lower chart that signals a fall.
 *
 * <p>Each case, with predicted risk p (from the risk model) and outcome y (1 = adverse event), scores the
 * log-likelihood ratio of "the provider's odds are R_A times the model's" against "R₀ times" (R₀ = 1: as
 * predicted):
 * <pre>
 *   W(R_A) = log( (1 − p + R₀p) · R_A^y / ((1 − p + R_A p) · R₀^y) )
 * </pre>
 * Sign conventions (Steiner et al.'s; the R package {@code vlad} runs the lower chart as the upward CUSUM
 * max(0, S + W(0.5)), which is −Z below):
 * <ul>
 *   <li>upper chart, R_A = 2 by default: X = max(0, X + W(2)); W(2) is negative after a survival and positive
 *       after a death; signal when X ≥ h⁺ (default 4.5).</li>
 *   <li>lower chart, R_A = 0.5 by default: Z = min(0, Z − W(0.5)); W(0.5) is positive after a survival (the
 *       evidence for better-than-expected care), so Z drifts down with survivals and moves up towards 0 with
 *       deaths; signal when Z ≤ −h⁻ (default 4). This is the CUSUM max(0, S + W(0.5)) of the improvement
 *       hypothesis, plotted below the axis (Z = −S).</li>
 * </ul>
 * After a signal the chart concerned restarts at 0; the value reported for the signalling case is the one it
 * reached (so it lies beyond the limit), the state afterwards holds 0.
 *
 * <p>Worked values (Steiner et al.): with logit p = −3.68 + 0.077·Parsonnet, a Parsonnet-0 patient has
 * p = 0.024602 and W(2) = −0.024305 if they survive and 0.668843 if they die.
 *
 * <p>Stateful and not thread-safe: one chart per provider, fed in case order. {@link #state()} and
 * {@link #restore(Settings, State)} carry it across restarts.
 */
public final class RiskAdjustedCusum {

  /**
   * The chart's design.
   *
   * @param nullOddsRatio  R₀, the odds ratio of acceptable performance (1: as the model predicts)
   * @param upperOddsRatio R_A of the upper chart, &gt; R₀ (2: the odds of death doubled)
   * @param upperLimit     h⁺, the upper chart's control limit, &gt; 0
   * @param lowerOddsRatio R_A of the lower chart, in (0, R₀) (0.5: the odds halved)
   * @param lowerLimit     h⁻ &gt; 0; the lower chart signals at −h⁻
   */
  public record Settings(double nullOddsRatio, double upperOddsRatio, double upperLimit, double lowerOddsRatio,
      double lowerLimit) {

    /** Steiner et al.'s design: R₀ = 1, R_A = 2 with h = 4.5 and R_A = 0.5 with h = 4. */
    public static final Settings STEINER = new Settings(1, 2, 4.5, 0.5, 4);

    /** Configuration property: odds ratio the upper chart is tuned to detect. */
    public static final String UPPER_ODDS_RATIO = "cusum.upper.odds.ratio";
    /** Configuration property: the upper chart's limit h. */
    public static final String UPPER_LIMIT = "cusum.upper.limit";
    /** Configuration property: odds ratio the lower chart is tuned to detect. */
    public static final String LOWER_ODDS_RATIO = "cusum.lower.odds.ratio";
    /** Configuration property: the lower chart's limit h (it signals at -h). */
    public static final String LOWER_LIMIT = "cusum.lower.limit";
    /** All the configuration properties above. */
    public static final java.util.List<String> PROPERTIES =
        java.util.List.of(UPPER_ODDS_RATIO, UPPER_LIMIT, LOWER_ODDS_RATIO, LOWER_LIMIT);

    /** Steiner's design, with any cusum.* property present in the map overriding it. */
    public static Settings fromProperties(java.util.Map<?, ?> props) {
      return new Settings(STEINER.nullOddsRatio(),
          number(props, UPPER_ODDS_RATIO, STEINER.upperOddsRatio()), number(props, UPPER_LIMIT, STEINER.upperLimit()),
          number(props, LOWER_ODDS_RATIO, STEINER.lowerOddsRatio()), number(props, LOWER_LIMIT, STEINER.lowerLimit()));
    }

    private static double number(java.util.Map<?, ?> props, String key, double defaultValue) {
      Object v = props.get(key);
      if (v == null) {
        return defaultValue;
      }
      try {
        return Double.parseDouble(v.toString().trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be a number, got '" + v + "'", e);
      }
    }

    /** @throws IllegalArgumentException unless 0 &lt; lowerOddsRatio &lt; R₀ &lt; upperOddsRatio and the limits are positive */
    public Settings {
      if (!(nullOddsRatio > 0 && Double.isFinite(upperOddsRatio) && upperOddsRatio > nullOddsRatio
          && lowerOddsRatio > 0 && lowerOddsRatio < nullOddsRatio)) {
        throw new IllegalArgumentException("need 0 < lowerOddsRatio < nullOddsRatio < upperOddsRatio < inf; got "
            + lowerOddsRatio + ", " + nullOddsRatio + ", " + upperOddsRatio);
      }
      if (!(upperLimit > 0 && lowerLimit > 0 && Double.isFinite(upperLimit) && Double.isFinite(lowerLimit))) {
        throw new IllegalArgumentException("control limits must be positive and finite: " + upperLimit + ", "
            + lowerLimit);
      }
    }
  }

  /**
   * Everything a chart remembers, in plain fields (for a state store).
   *
   * @param upper        the upper chart's value X ≥ 0
   * @param lower        the lower chart's value Z ≤ 0
   * @param cases        cases added so far
   * @param upperSignals signals of the upper chart so far
   * @param lowerSignals signals of the lower chart so far
   */
  public record State(double upper, double lower, long cases, long upperSignals, long lowerSignals) {

    /** A chart that has seen no case. */
    public static final State INITIAL = new State(0, 0, 0, 0, 0);

    /** @throws IllegalArgumentException if a value has the wrong sign or is not finite, or a count is negative */
    public State {
      if (!(upper >= 0 && lower <= 0 && Double.isFinite(upper) && Double.isFinite(lower) && cases >= 0
          && upperSignals >= 0 && lowerSignals >= 0)) {
        throw new IllegalArgumentException("not a CUSUM state: " + upper + ", " + lower + ", " + cases + ", "
            + upperSignals + ", " + lowerSignals);
      }
    }
  }

  /**
   * The outcome of adding one case.
   *
   * @param upperWeight W(R_A upper) of the case
   * @param upper       the upper chart's value after the case (before any restart)
   * @param upperSignal whether upper ≥ h⁺ (the chart then restarts at 0)
   * @param lowerWeight W(R_A lower) of the case
   * @param lower       the lower chart's value after the case (before any restart)
   * @param lowerSignal whether lower ≤ −h⁻ (the chart then restarts at 0)
   */
  public record Step(double upperWeight, double upper, boolean upperSignal, double lowerWeight, double lower,
      boolean lowerSignal) {
  }

  private final Settings settings;
  private double upper;
  private double lower;
  private long cases;
  private long upperSignals;
  private long lowerSignals;

  /** A new chart with Steiner et al.'s settings. */
  public RiskAdjustedCusum() {
    this(Settings.STEINER);
  }

  /** A new chart with the given settings. */
  public RiskAdjustedCusum(Settings settings) {
    this(settings, State.INITIAL);
  }

  private RiskAdjustedCusum(Settings settings, State state) {
    this.settings = settings;
    this.upper = state.upper();
    this.lower = state.lower();
    this.cases = state.cases();
    this.upperSignals = state.upperSignals();
    this.lowerSignals = state.lowerSignals();
  }

  /** A chart that continues exactly where the one whose {@link #state()} this was left off. */
  public static RiskAdjustedCusum restore(Settings settings, State state) {
    return new RiskAdjustedCusum(settings, state);
  }

  /**
   * The CUSUM score W of one case: log((1 − p + R₀p)·R_A^y / ((1 − p + R_A p)·R₀^y)).
   *
   * @throws IllegalArgumentException if the risk is not in [0, 1] or an odds ratio is not positive
   */
  public static double weight(double risk, boolean died, double nullOddsRatio, double alternativeOddsRatio) {
    checkRisk(risk);
    if (!(nullOddsRatio > 0 && alternativeOddsRatio > 0)) {
      throw new IllegalArgumentException("odds ratios must be positive");
    }
    double raY = died ? alternativeOddsRatio : 1;
    double r0Y = died ? nullOddsRatio : 1;
    return Math.log(((1 - risk + nullOddsRatio * risk) * raY) / ((1 - risk + alternativeOddsRatio * risk) * r0Y));
  }

  /**
   * Adds the next case of this provider.
   *
   * @param risk the case's predicted probability of the adverse outcome, in [0, 1]
   * @param died whether the adverse outcome occurred
   * @throws IllegalArgumentException if the risk is not in [0, 1]
   */
  public Step add(double risk, boolean died) {
    double wUp = weight(risk, died, settings.nullOddsRatio(), settings.upperOddsRatio());
    double wLow = weight(risk, died, settings.nullOddsRatio(), settings.lowerOddsRatio());
    double x = Math.max(0, upper + wUp);
    double z = Math.min(0, lower - wLow);
    boolean upSignal = x >= settings.upperLimit();
    boolean lowSignal = z <= -settings.lowerLimit();
    cases++;
    upper = upSignal ? 0 : x;
    lower = lowSignal ? 0 : z;
    upperSignals += upSignal ? 1 : 0;
    lowerSignals += lowSignal ? 1 : 0;
    return new Step(wUp, x, upSignal, wLow, z, lowSignal);
  }

  /** The chart's current state (after any restart). */
  public State state() {
    // 0 - w can give -0.0 in min(0, ...); the state's record equality should not see it.
    return new State(upper, lower == 0 ? 0 : lower, cases, upperSignals, lowerSignals);
  }

  public Settings settings() {
    return settings;
  }

  static void checkRisk(double risk) {
    if (!(risk >= 0 && risk <= 1)) {
      throw new IllegalArgumentException("a predicted risk must be in [0, 1]: " + risk);
    }
  }
}
