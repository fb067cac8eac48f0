package org.spineoutcomes.statistics.monitoring;

/**
 * The variable life-adjusted display (Lovegrove et al. 1997) for one provider: the running sum of expected minus
 * observed adverse outcomes, Σ (p − y), i.e. the "statistical lives saved". It rises while the provider does
 * better than the risk model predicts and falls while it does worse.
 *
 * <p>Stateful and not thread-safe, like {@link RiskAdjustedCusum}. The state keeps the expected and observed
 * totals separately, so it also gives the provider's {@link ObservedExpected} ratio; the value is their
 * difference (rounding of the running sum of p: about n·ε relative, 1e-13 over 10⁵ cases).
 */
public final class Vlad {

  /**
   * Everything a VLAD remembers, in plain fields.
   *
   * @param cases    cases added so far
   * @param expected Σ p, the expected number of adverse outcomes
   * @param observed Σ y, the observed number
   */
  public record State(long cases, double expected, long observed) {

    /** A VLAD that has seen no case. */
    public static final State INITIAL = new State(0, 0, 0);

    /** @throws IllegalArgumentException if a count is negative or expected is negative or not finite */
    public State {
      if (cases < 0 || observed < 0 || observed > cases || !(expected >= 0) || Double.isInfinite(expected)) {
        throw new IllegalArgumentException("not a VLAD state: " + cases + ", " + expected + ", " + observed);
      }
    }

    /** The VLAD value, expected − observed. */
    public double value() {
      return expected - observed;
    }
  }

  private long cases;
  private double expected;
  private long observed;

  /** A new, empty VLAD. */
  public Vlad() {
    this(State.INITIAL);
  }

  private Vlad(State state) {
    this.cases = state.cases();
    this.expected = state.expected();
    this.observed = state.observed();
  }

  /** A VLAD that continues exactly where the one whose {@link #state()} this was left off. */
  public static Vlad restore(State state) {
    return new Vlad(state);
  }

  /**
   * Adds the next case and returns the new value.
   *
   * @throws IllegalArgumentException if the risk is not in [0, 1]
   */
  public double add(double risk, boolean died) {
    RiskAdjustedCusum.checkRisk(risk);
    cases++;
    expected += risk;
    observed += died ? 1 : 0;
    return value();
  }

  /** Expected − observed so far. */
  public double value() {
    return expected - observed;
  }

  /** The observed/expected ratio so far, with its exact Poisson 95% interval. */
  public ObservedExpected observedExpected() {
    return ObservedExpected.ratio(observed, expected);
  }

  public State state() {
    return new State(cases, expected, observed);
  }
}
