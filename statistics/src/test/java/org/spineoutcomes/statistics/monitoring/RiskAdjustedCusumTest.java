package org.spineoutcomes.statistics.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spineoutcomes.statistics.Fixture;
import org.spineoutcomes.statistics.monitoring.RiskAdjustedCusum.Settings;
import org.spineoutcomes.statistics.monitoring.RiskAdjustedCusum.State;
import org.spineoutcomes.statistics.monitoring.RiskAdjustedCusum.Step;

class RiskAdjustedCusumTest {

  /**
   * Chart values are running sums of logs: R and Java agree to rounding (each log within an ulp or so), but a
   * value near 0 after cancellation has no relative accuracy, so the paths are compared absolutely.
   */
  static final double PATH = 1e-12;

  static Stream<Fixture> cases() {
    return Fixture.read("cusum.csv").stream();
  }

  static Settings settings(Fixture f) {
    return new Settings(f.num("r0"), f.num("oddsRatioUpper"), f.num("limitUpper"), f.num("oddsRatioLower"),
        f.num("limitLower"));
  }

  static boolean[] died(Fixture f) {
    double[] y = Fixture.list(f.text("died"));
    boolean[] out = new boolean[y.length];
    for (int i = 0; i < y.length; i++) {
      out[i] = y[i] == 1;
    }
    return out;
  }

  static List<Integer> signals(String cell) {
    List<Integer> out = new ArrayList<>();
    if (!cell.isEmpty()) {
      Arrays.stream(Fixture.list(cell)).forEach(v -> out.add((int) v));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void pathsAgreeWithR(Fixture f) {
    double[] risk = Fixture.list(f.text("risk"));
    boolean[] died = died(f);
    double[] upper = Fixture.list(f.text("upper"));
    double[] lower = Fixture.list(f.text("lower"));
    double[] vlad = Fixture.list(f.text("vlad"));
    RiskAdjustedCusum chart = new RiskAdjustedCusum(settings(f));
    Vlad display = new Vlad();
    List<Integer> upperSignals = new ArrayList<>();
    List<Integer> lowerSignals = new ArrayList<>();
    for (int i = 0; i < risk.length; i++) {
      Step step = chart.add(risk[i], died[i]);
      assertThat(step.upper()).as("%s upper at case %d", f.id(), i + 1).isCloseTo(upper[i], within(PATH));
      assertThat(step.lower()).as("%s lower at case %d", f.id(), i + 1).isCloseTo(lower[i], within(PATH));
      assertThat(display.add(risk[i], died[i])).as("%s vlad at case %d", f.id(), i + 1)
          .isCloseTo(vlad[i], within(PATH));
      if (step.upperSignal()) {
        upperSignals.add(i + 1);
      }
      if (step.lowerSignal()) {
        lowerSignals.add(i + 1);
      }
    }
    assertThat(upperSignals).as(f.id() + " upper signals").isEqualTo(signals(f.text("upperSignals")));
    assertThat(lowerSignals).as(f.id() + " lower signals").isEqualTo(signals(f.text("lowerSignals")));
    State state = chart.state();
    assertThat(state.cases()).isEqualTo(risk.length);
    assertThat(state.upperSignals()).isEqualTo(upperSignals.size());
    assertThat(state.lowerSignals()).isEqualTo(lowerSignals.size());
  }

  @Test
  void fixturesExerciseBothCharts() {
    Fixture deteriorating = cases().filter(f -> f.id().equals("c02_deteriorating")).findFirst().orElseThrow();
    Fixture improving = cases().filter(f -> f.id().equals("c03_improving")).findFirst().orElseThrow();
    assertThat(signals(deteriorating.text("upperSignals"))).isNotEmpty();
    assertThat(signals(improving.text("lowerSignals"))).isNotEmpty();
  }

  /**
   * Steiner, Cook, Farewell &amp; Treasure (2000), section 3: with logit p = −3.68 + 0.077·Parsonnet, a patient
   * with Parsonnet score 0 has p = 0.024602; for R_A = 2 the CUSUM weight is −0.024305 if they survive and
   * 0.668843 if they die.
   */
  @Test
  void reproducesSteinersWorkedValues() {
    double p = 1 / (1 + Math.exp(-(-3.68 + 0.077 * 0)));
    assertThat(p).isCloseTo(0.024602, within(5e-7));
    assertThat(RiskAdjustedCusum.weight(p, false, 1, 2)).isCloseTo(-0.024305, within(5e-7));
    assertThat(RiskAdjustedCusum.weight(p, true, 1, 2)).isCloseTo(0.668843, within(5e-7));

    // The same through a chart with Steiner's settings: a death moves the upper chart up by W, a survival
    // leaves it at 0; the lower chart (R_A = 0.5) goes down after a survival by W(0.5) = log(1/(1 - p/2)).
    RiskAdjustedCusum chart = new RiskAdjustedCusum();
    Step death = chart.add(p, true);
    assertThat(death.upperWeight()).isCloseTo(0.668843, within(5e-7));
    assertThat(death.upper()).isEqualTo(death.upperWeight());
    assertThat(death.lower()).isZero();
    Step survival = chart.add(p, false);
    assertThat(survival.upper()).isCloseTo(0.668843 - 0.024305, within(1e-6));
    assertThat(survival.lowerWeight()).isCloseTo(-Math.log(1 - p / 2), within(1e-15)).isPositive();
    assertThat(survival.lower()).isEqualTo(-survival.lowerWeight());
  }

  @Test
  void signalsAtTheLimitAndRestarts() {
    // Deaths of zero-risk patients score exactly log 2 each on the upper chart: 7 log 2 = 4.85 >= 4.5.
    RiskAdjustedCusum chart = new RiskAdjustedCusum();
    for (int i = 1; i <= 6; i++) {
      assertThat(chart.add(0, true).upperSignal()).isFalse();
    }
    Step seventh = chart.add(0, true);
    assertThat(seventh.upperSignal()).isTrue();
    assertThat(seventh.upper()).isCloseTo(7 * Math.log(2), within(1e-14));
    assertThat(chart.state()).isEqualTo(new State(0, 0, 7, 1, 0));

    // Survivals of certain deaths (p = 1) score log 2 each on the lower chart: Z = −6 log 2 = −4.16 <= −4.
    RiskAdjustedCusum lower = new RiskAdjustedCusum();
    for (int i = 1; i <= 5; i++) {
      assertThat(lower.add(1, false).lowerSignal()).isFalse();
    }
    Step sixth = lower.add(1, false);
    assertThat(sixth.lowerSignal()).isTrue();
    assertThat(sixth.lower()).isCloseTo(-6 * Math.log(2), within(1e-14));
    assertThat(lower.state()).isEqualTo(new State(0, 0, 6, 0, 1));
  }

  @Test
  void restoredChartContinuesIdentically() {
    Fixture f = cases().filter(c -> c.id().equals("c02_deteriorating")).findFirst().orElseThrow();
    double[] risk = Fixture.list(f.text("risk"));
    boolean[] died = died(f);
    Settings settings = settings(f);
    RiskAdjustedCusum original = new RiskAdjustedCusum(settings);
    Vlad vlad = new Vlad();
    int half = risk.length / 2;
    for (int i = 0; i < half; i++) {
      original.add(risk[i], died[i]);
      vlad.add(risk[i], died[i]);
    }
    // Through the plain fields, as a state store would keep them.
    State s = original.state();
    RiskAdjustedCusum restored = RiskAdjustedCusum.restore(settings,
        new State(s.upper(), s.lower(), s.cases(), s.upperSignals(), s.lowerSignals()));
    Vlad.State v = vlad.state();
    Vlad restoredVlad = Vlad.restore(new Vlad.State(v.cases(), v.expected(), v.observed()));
    for (int i = half; i < risk.length; i++) {
      assertThat(restored.add(risk[i], died[i])).isEqualTo(original.add(risk[i], died[i]));
      assertThat(restoredVlad.add(risk[i], died[i])).isEqualTo(vlad.add(risk[i], died[i]));
    }
    assertThat(restored.state()).isEqualTo(original.state());
    assertThat(restoredVlad.state()).isEqualTo(vlad.state());
  }

  @Test
  void rejectsImpossibleInput() {
    RiskAdjustedCusum chart = new RiskAdjustedCusum();
    assertThatThrownBy(() -> chart.add(1.2, true)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> chart.add(Double.NaN, true)).isInstanceOf(IllegalArgumentException.class);
    assertThat(chart.state()).isEqualTo(State.INITIAL);
    assertThatThrownBy(() -> new Settings(1, 0.8, 4.5, 0.5, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Settings(1, 2, 4.5, 1.5, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Settings(1, 2, 0, 0.5, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new State(-1, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new State(0, 1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Vlad().add(-0.1, false)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void vladKeepsObservedAndExpected() {
    Vlad vlad = new Vlad();
    vlad.add(0.25, false);
    vlad.add(0.5, true);
    assertThat(vlad.add(0.25, false)).isEqualTo(0.0);
    assertThat(vlad.state()).isEqualTo(new Vlad.State(3, 1.0, 1));
    assertThat(vlad.observedExpected().ratio()).isEqualTo(1.0);
    assertThat(new Vlad().observedExpected().ratio()).isNaN();
  }
}
