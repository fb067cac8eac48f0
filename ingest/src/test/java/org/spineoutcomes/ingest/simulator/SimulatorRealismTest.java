package org.spineoutcomes.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Confounding, the true approach effect, outcome trajectories, and the deteriorating surgeon. */
class SimulatorRealismTest {

  private static final SimulatorConfig DEFAULT_20K = SimulatorConfig.builder().seed(11).procedures(20_000)
      .proceduresPerDay(25).build();

  private static Collection<Feeds.Procedure> procedures(SimulatorConfig config) {
    return Feeds.procedures(Feeds.events(config), true).values();
  }

  private static double openShare(Collection<Feeds.Procedure> all, Predicate<Feeds.Procedure> which) {
    List<Feeds.Procedure> group = all.stream().filter(which).toList();
    assertThat(group).hasSizeGreaterThan(200);
    return group.stream().filter(p -> p.approach().equals("OPEN")).count() / (double) group.size();
  }

  @Test
  void sickerPatientsAndBiggerOperationsGoToOpenMoreOften() {
    Collection<Feeds.Procedure> all = procedures(DEFAULT_20K);
    double overall = openShare(all, p -> true);
    assertThat(overall).isBetween(0.35, 0.65);
    assertThat(openShare(all, p -> p.get("technique").equals("FUSION")))
        .isGreaterThan(openShare(all, p -> p.get("technique").equals("DISCECTOMY")) + 0.4);
    assertThat(openShare(all, p -> p.patientInt("asaClass") >= 3))
        .isGreaterThan(openShare(all, p -> p.patientInt("asaClass") <= 2) + 0.2);
    assertThat(openShare(all, p -> p.patientInt("ageYears") >= 70))
        .isGreaterThan(openShare(all, p -> p.patientInt("ageYears") < 45) + 0.2);
    assertThat(openShare(all, p -> p.node().get("patient").get("diabetic").asBoolean()))
        .isGreaterThan(openShare(all, p -> !p.node().get("patient").get("diabetic").asBoolean()) + 0.1);
    assertThat(openShare(all, p -> p.get("condition").equals("SPINAL_DEFORMITY")
        || p.get("condition").equals("SPINAL_TUMOR")))
        .isGreaterThan(openShare(all, p -> p.get("condition").equals("HERNIATED_DISC")) + 0.4);
    // hospitals differ in their preference
    Map<String, Double> byHospital = new HashMap<>();
    for (String h : List.of("H01", "H02", "H03", "H04", "H05", "H06")) {
      byHospital.put(h, openShare(all, p -> p.get("hospitalId").equals(h)));
    }
    assertThat(byHospital.get("H02") - byHospital.get("H05")).isGreaterThan(0.3);
  }

  @Test
  void theCrudeComparisonExaggeratesTheMicroscopicAdvantage() {
    Collection<Feeds.Procedure> all = procedures(DEFAULT_20K);
    Function<Feeds.Procedure, Double> complication = p -> {
      Boolean c = p.complication90d();
      return c == null ? null : c ? 1.0 : 0.0;
    };
    Function<Feeds.Procedure, Double> stay = p -> {
      Integer los = p.score("DISCHARGE", "lengthOfStayDays");
      return los == null ? null : los.doubleValue();
    };
    double crudeRisk = crude(all, complication);
    double adjustedRisk = adjusted(all, complication);
    assertThat(crudeRisk).isLessThan(0);
    assertThat(adjustedRisk).isLessThan(0); // the true effect favours MICROSCOPIC too ...
    assertThat(crudeRisk).isLessThan(adjustedRisk - 0.03); // ... but much less than it seems
    assertThat(crudeRisk / adjustedRisk).isGreaterThan(2.0);
    assertThat(crude(all, stay)).isLessThan(adjusted(all, stay) - 1.0);

    // without patient-level confounding the two agree much better
    Collection<Feeds.Procedure> unconfounded = procedures(DEFAULT_20K.toBuilder().confoundingStrength(0)
        .build());
    double gap = adjusted(unconfounded, complication) - crude(unconfounded, complication);
    assertThat(Math.abs(gap)).isLessThan((adjustedRisk - crudeRisk) / 2);
  }

  @Test
  void theApproachHasItsOwnTrueEffects() {
    // within one-level discectomies for a herniated disc, so that case mix hardly matters
    List<Feeds.Procedure> open = new ArrayList<>();
    List<Feeds.Procedure> micro = new ArrayList<>();
    for (Feeds.Procedure p : procedures(DEFAULT_20K)) {
      if (p.get("technique").equals("DISCECTOMY") && p.get("condition").equals("HERNIATED_DISC")
          && p.node().get("levels").size() == 1) {
        (p.approach().equals("OPEN") ? open : micro).add(p);
      }
    }
    assertThat(open).hasSizeGreaterThan(300);
    assertThat(micro).hasSizeGreaterThan(1_000);
    assertThat(median(micro, p -> (double) p.node().get("incisionLengthMm").asInt())).isBetween(20.0, 35.0);
    assertThat(median(open, p -> (double) p.node().get("incisionLengthMm").asInt())).isBetween(60.0, 120.0);
    double microBlood = median(micro, p -> (double) p.node().get("estimatedBloodLossMl").asInt());
    double openBlood = median(open, p -> (double) p.node().get("estimatedBloodLossMl").asInt());
    assertThat(microBlood).isLessThan(openBlood / 2.5);
    assertThat(mean(micro, p -> (double) p.node().get("estimatedBloodLossMl").asInt()))
        .isGreaterThan(microBlood * 1.05); // right-skewed
    double microTime = median(micro, p -> (double) p.node().get("operativeTimeMin").asInt());
    double openTime = median(open, p -> (double) p.node().get("operativeTimeMin").asInt());
    assertThat(microTime).isBetween(openTime * 0.95, openTime * 1.4);
    assertThat(mean(micro, p -> value(p.score("DISCHARGE", "lengthOfStayDays"))))
        .isLessThan(mean(open, p -> value(p.score("DISCHARGE", "lengthOfStayDays"))) - 0.5);
    assertThat(mean(micro, p -> value(lastDaysToNormal(p))))
        .isLessThan(mean(open, p -> value(lastDaysToNormal(p))) - 5);
    assertThat(mean(micro, p -> value(p.score("WEEK_2", "backPainNrs"))))
        .isLessThan(mean(open, p -> value(p.score("WEEK_2", "backPainNrs"))) - 0.4);
    // at 12 months the arms are similar once case mix is accounted for (the crude gap is confounding)
    Collection<Feeds.Procedure> all = procedures(DEFAULT_20K);
    Function<Feeds.Procedure, Double> odi12 = p -> value(p.score("MONTH_12", "odi"));
    Function<Feeds.Procedure, Double> leg12 = p -> value(p.score("MONTH_12", "legPainNrs"));
    assertThat(Math.abs(adjusted(all, odi12))).isLessThan(2.0);
    assertThat(Math.abs(adjusted(all, leg12))).isLessThan(0.3);
    assertThat(crude(all, odi12)).isLessThan(adjusted(all, odi12) - 3.0);
  }

  @Test
  void amongComplicationsMicroscopicHasMoreDuralTearsAndFewerInfections() {
    int[] open = new int[3]; // with a complication, of which dural tears, of which infections
    int[] micro = new int[3];
    for (Feeds.Procedure p : procedures(DEFAULT_20K)) {
      if (!Boolean.TRUE.equals(p.complication90d())) {
        continue;
      }
      int[] arm = p.approach().equals("OPEN") ? open : micro;
      arm[0]++;
      if (p.node().get("intraoperativeComplications").toString().contains("DURAL_TEAR")) {
        arm[1]++;
      }
      boolean infection = p.visits().values().stream().anyMatch(v -> {
        for (var c : v.get("complications")) {
          if (c.get("type").asText().equals("INFECTION") && c.get("onsetDay").asInt() <= 90) {
            return true;
          }
        }
        return false;
      });
      if (infection) {
        arm[2]++;
      }
    }
    assertThat(micro[0]).isGreaterThan(200);
    assertThat(micro[1] / (double) micro[0]).isGreaterThan(1.2 * open[1] / open[0]);
    assertThat(micro[2] / (double) micro[0]).isLessThan(0.7 * open[2] / open[0]);
  }

  @Test
  void painAndDisabilityImproveOverTime() {
    Collection<Feeds.Procedure> all = procedures(DEFAULT_20K);
    List<Feeds.Procedure> list = List.copyOf(all);
    double baseLeg = mean(list, p -> (double) p.node().get("baseline").get("legPainNrs").asInt());
    double baseOdi = mean(list, p -> (double) p.node().get("baseline").get("odi").asInt());
    double[] leg = new double[6];
    double[] odi = new double[6];
    for (int t = 0; t < 6; t++) {
      String tp = Feeds.TIMEPOINTS.get(t);
      leg[t] = mean(list, p -> value(p.score(tp, "legPainNrs")));
      odi[t] = mean(list, p -> value(p.score(tp, "odi")));
    }
    assertThat(leg[0]).isLessThan(baseLeg - 1);
    assertThat(odi[0]).isLessThan(baseOdi);
    for (int t = 1; t <= 3; t++) {
      assertThat(leg[t]).isLessThan(leg[t - 1]);
      assertThat(odi[t]).isLessThan(odi[t - 1]);
    }
    assertThat(leg[5]).isLessThan(leg[0] - 1);
    assertThat(odi[5]).isLessThan(odi[1] - 5);
  }

  @Test
  void poorOutcomesMissTheirLaterVisitsMoreOften() {
    List<Feeds.Procedure> poor = new ArrayList<>();
    List<Feeds.Procedure> good = new ArrayList<>();
    for (Feeds.Procedure p : procedures(DEFAULT_20K)) {
      Integer leg = p.score("MONTH_3", "legPainNrs");
      if (leg != null) {
        (leg >= 6 ? poor : leg <= 2 ? good : new ArrayList<Feeds.Procedure>()).add(p);
      }
    }
    assertThat(poor).hasSizeGreaterThan(300);
    double poorPresent = poor.stream().filter(p -> p.visits().containsKey("MONTH_12")).count()
        / (double) poor.size();
    double goodPresent = good.stream().filter(p -> p.visits().containsKey("MONTH_12")).count()
        / (double) good.size();
    assertThat(poorPresent).isLessThan(goodPresent - 0.05);
  }

  @Test
  void theTrueRiskModelIsCalibrated() {
    List<ProcedureTruth> truths = new ArrayList<>();
    new Simulator(DEFAULT_20K.toBuilder().procedures(10_000).build(), truths::add).forEach(e -> { });
    assertThat(truths).hasSize(10_000);
    double expected = truths.stream().mapToDouble(ProcedureTruth::complicationProbability).average().orElseThrow();
    double observed = truths.stream().filter(ProcedureTruth::complication90d).count() / 10_000.0;
    assertThat(expected).isBetween(0.05, 0.15);
    assertThat(observed).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.012));
    ComplicationRiskModel model = DEFAULT_20K.complicationRisk();
    for (ProcedureTruth t : truths.subList(0, 200)) {
      assertThat(t.patientLinearPredictor()).isCloseTo(model.linearPredictor(t.ageYears(), t.sex(),
          t.asaClass(), t.bmi(), t.smoker(), t.diabetic(), t.condition(), t.technique(), t.levels(),
          t.approach()), org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  @Test
  void aDeterioratingSurgeonHasClearlyMoreComplicationsAfterTheDate() {
    LocalDate from = LocalDate.of(2026, 6, 1);
    SimulatorConfig base = SimulatorConfig.builder().seed(5).procedures(20_000).proceduresPerDay(20).build();
    SimulatorConfig deteriorating = base.toBuilder().deterioratingSurgeon("H01-S01", from, 4.0).build();
    double[] worse = ratesBeforeAndAfter(procedures(deteriorating), "H01-S01", from);
    double[] control = ratesBeforeAndAfter(procedures(base), "H01-S01", from);
    assertThat(worse[1]).isGreaterThan(1.8 * worse[0]).isGreaterThan(worse[0] + 0.08);
    assertThat(worse[1]).isGreaterThan(1.8 * worse[2]); // and than the other surgeons after the date
    assertThat(control[1]).isLessThan(1.4 * control[0]);
    assertThat(Math.abs(worse[0] - control[0])).isLessThan(0.03); // nothing changes before the date
  }

  /** The surgeon's 90-day complication rate before and after the date, and everyone else's after it. */
  private static double[] ratesBeforeAndAfter(Collection<Feeds.Procedure> all, String surgeon, LocalDate from) {
    Instant cut = from.atStartOfDay(ZoneOffset.UTC).toInstant();
    int[] n = new int[3];
    int[] events = new int[3];
    for (Feeds.Procedure p : all) {
      Boolean c = p.complication90d();
      if (c == null) {
        continue;
      }
      boolean after = !Instant.parse(p.get("performedAt")).isBefore(cut);
      int group = p.get("surgeonId").equals(surgeon) ? (after ? 1 : 0) : after ? 2 : -1;
      if (group >= 0) {
        n[group]++;
        events[group] += c ? 1 : 0;
      }
    }
    assertThat(n[0]).isGreaterThan(200);
    assertThat(n[1]).isGreaterThan(200);
    return new double[] {events[0] / (double) n[0], events[1] / (double) n[1], events[2] / (double) n[2]};
  }

  // --- small statistics ---

  private static Double value(Integer v) {
    return v == null ? null : v.doubleValue();
  }

  private static Integer lastDaysToNormal(Feeds.Procedure p) {
    Integer last = null;
    for (String tp : Feeds.TIMEPOINTS) {
      Integer v = p.score(tp, "daysToNormalActivity");
      if (v != null) {
        last = v;
      }
    }
    return last;
  }

  private static double mean(Collection<Feeds.Procedure> ps, Function<Feeds.Procedure, Double> f) {
    return ps.stream().map(f).filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).average()
        .orElseThrow();
  }

  private static double median(Collection<Feeds.Procedure> ps, Function<Feeds.Procedure, Double> f) {
    double[] v = ps.stream().map(f).filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).sorted()
        .toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** MICROSCOPIC minus OPEN, unadjusted. */
  private static double crude(Collection<Feeds.Procedure> ps, Function<Feeds.Procedure, Double> f) {
    return mean(ps.stream().filter(p -> p.approach().equals("MICROSCOPIC")).toList(), f)
        - mean(ps.stream().filter(p -> p.approach().equals("OPEN")).toList(), f);
  }

  /**
   * MICROSCOPIC minus OPEN, pooled over condition × technique × age band × ASA band with Mantel–Haenszel-type
   * weights n1·n0/(n1+n0).
   */
  private static double adjusted(Collection<Feeds.Procedure> ps, Function<Feeds.Procedure, Double> f) {
    Map<String, double[]> cells = new HashMap<>(); // sum open, n open, sum micro, n micro
    for (Feeds.Procedure p : ps) {
      Double v = f.apply(p);
      if (v == null) {
        continue;
      }
      int age = p.patientInt("ageYears");
      String band = age < 40 ? "<40" : age < 60 ? "40-59" : age < 75 ? "60-74" : ">=75";
      String key = p.get("condition") + "|" + p.get("technique") + "|" + band + "|"
          + (p.patientInt("asaClass") <= 2);
      double[] cell = cells.computeIfAbsent(key, k -> new double[4]);
      int arm = p.approach().equals("OPEN") ? 0 : 2;
      cell[arm] += v;
      cell[arm + 1]++;
    }
    double num = 0;
    double den = 0;
    for (double[] c : cells.values()) {
      if (c[1] > 0 && c[3] > 0) {
        double w = c[1] * c[3] / (c[1] + c[3]);
        num += w * (c[2] / c[3] - c[0] / c[1]);
        den += w;
      }
    }
    return num / den;
  }
}
