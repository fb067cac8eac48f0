package org.spineoutcomes.streams.strata;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.AdjustedComparison;
import org.spineoutcomes.schemas.ArmFigures;
import org.spineoutcomes.schemas.MetricKind;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.PooledEstimate;
import org.spineoutcomes.schemas.state.ArmCell;
import org.spineoutcomes.schemas.state.ArmSums;
import org.spineoutcomes.schemas.state.CaseMixSums;
import org.spineoutcomes.schemas.state.StratumMetric;
import org.spineoutcomes.statistics.BinaryComparison;
import org.spineoutcomes.statistics.Descriptives;
import org.spineoutcomes.statistics.InverseVariance;
import org.spineoutcomes.statistics.InverseVarianceResult;
import org.spineoutcomes.statistics.MantelHaenszel;
import org.spineoutcomes.statistics.MantelHaenszelResult;
import org.spineoutcomes.statistics.Moments;
import org.spineoutcomes.statistics.Pooled;
import org.spineoutcomes.statistics.StratumMeans;
import org.spineoutcomes.statistics.Table2x2;
import org.spineoutcomes.statistics.Proportion;
import org.spineoutcomes.statistics.Proportions;
import org.spineoutcomes.statistics.Welch;
import org.spineoutcomes.statistics.WelchResult;
import org.spineoutcomes.streams.metrics.Metric;

/**
 * Turns the exact aggregate of one metric in one stratum into the published comparison: crude figures per
 * approach and MICROSCOPIC - OPEN, plus the case-mix-adjusted comparison, applying the small-cell rule.
 */
public final class ComparisonCalculator {

  /** No figure is published for an arm resting on fewer procedures than this. */
  public static final int MIN_CELL_SIZE = 11;

  /**
   * @param distinctPatients distinct patients behind the given case-mix cells
   * @param due procedures per approach whose follow-up for this metric has come due; null when not applicable
   */
  public OutcomeComparison compare(String dimension, String value, Metric metric, StratumMetric aggregate,
      ToIntFunction<Set<String>> distinctPatients, ToLongFunction<Approach> due, long now) {
    OutcomeComparison.Builder out = OutcomeComparison.newBuilder()
        .setDimension(dimension)
        .setValue(value)
        .setMetric(metric.id())
        .setKind(metric.kind())
        .setComputedAt(Instant.ofEpochMilli(now));
    if (metric.kind() == MetricKind.CONTINUOUS) {
      continuous(out, aggregate, distinctPatients);
    } else {
      binary(out, aggregate, distinctPatients);
    }
    if (due != null) {
      completeness(out.getOpen(), due.applyAsLong(Approach.OPEN));
      completeness(out.getMicroscopic(), due.applyAsLong(Approach.MICROSCOPIC));
    }
    return out.build();
  }

  /** Follow-up completeness n / due; visits recorded before their due day count as complete (capped at 1). */
  private static void completeness(ArmFigures arm, long due) {
    if (arm.getSuppressed() || due < MIN_CELL_SIZE) {
      return;
    }
    arm.setDue((int) due);
    arm.setCompleteness(Math.min(1.0, arm.getN() / (double) due));
  }

  private void continuous(OutcomeComparison.Builder out, StratumMetric aggregate,
      ToIntFunction<Set<String>> distinctPatients) {
    Descriptives o = describe(aggregate.getOpen());
    Descriptives m = describe(aggregate.getMicroscopic());
    ArmFigures openArm = continuousArm(o);
    ArmFigures microArm = continuousArm(m);
    boolean suppressed = openArm.getSuppressed() || microArm.getSuppressed();
    out.setOpen(openArm).setMicroscopic(microArm).setSuppressed(suppressed);
    if (suppressed) {
      out.setAdjusted(suppressedAdjusted());
      return;
    }
    WelchResult w = Welch.compare(o, m);
    out.setDifference(finite(w.difference()))
        .setCiLow(finite(w.ciLow()))
        .setCiHigh(finite(w.ciHigh()))
        .setPValue(finite(w.pValue()))
        .setHedgesG(finite(w.hedgesG()))
        .setTStatistic(finite(w.tStatistic()))
        .setDf(finite(w.df()));

    List<StratumMeans> strata = new ArrayList<>();
    Set<String> included = new HashSet<>();
    int nOpen = 0;
    int nMicro = 0;
    for (CaseMixSums cell : aggregate.getCells()) {
      Moments co = moments(cell.getOpen());
      Moments cm = moments(cell.getMicroscopic());
      // as the reference: both arms n >= 2 and a positive variance of the stratum's difference
      if (co.n() >= 2 && cm.n() >= 2 && co.variance() / co.n() + cm.variance() / cm.n() > 0) {
        strata.add(new StratumMeans(cm.n(), cm.mean(), cm.variance(), co.n(), co.mean(),
            co.variance()));
        included.add(cell.getCaseMix());
        nOpen += (int) co.n();
        nMicro += (int) cm.n();
      }
    }
    AdjustedComparison.Builder adj = AdjustedComparison.newBuilder()
        .setSuppressed(false)
        .setStrata(strata.size())
        .setN(nOpen + nMicro)
        .setNOpen(nOpen)
        .setNMicroscopic(nMicro)
        .setNPatients(distinctPatients.applyAsInt(included));
    if (!strata.isEmpty()) {
      InverseVarianceResult r = InverseVariance.meanDifference(strata);
      adj.setMeanDifference(pooled(r.difference())).setPValue(finite(r.pValue()));
    }
    out.setAdjusted(adj.build());
  }

  private void binary(OutcomeComparison.Builder out, StratumMetric aggregate,
      ToIntFunction<Set<String>> distinctPatients) {
    long eo = aggregate.getOpen().getEvents();
    long no = aggregate.getOpen().getN();
    long em = aggregate.getMicroscopic().getEvents();
    long nm = aggregate.getMicroscopic().getN();
    ArmFigures openArm = binaryArm(eo, no);
    ArmFigures microArm = binaryArm(em, nm);
    boolean suppressed = openArm.getSuppressed() || microArm.getSuppressed();
    out.setOpen(openArm).setMicroscopic(microArm).setSuppressed(suppressed);
    if (suppressed) {
      out.setAdjusted(suppressedAdjusted());
      return;
    }
    BinaryComparison c = Proportions.compare(eo, no, em, nm);
    out.setDifference(finite(c.riskDifference()))
        .setCiLow(finite(c.rdCiLow()))
        .setCiHigh(finite(c.rdCiHigh()))
        .setPValue(finite(c.fisherPValue()))
        .setRelativeRisk(finite(c.relativeRisk()))
        .setRrCiLow(finite(c.rrCiLow()))
        .setRrCiHigh(finite(c.rrCiHigh()));

    List<Table2x2> strata = new ArrayList<>();
    Set<String> included = new HashSet<>();
    long sEo = 0;
    long sNo = 0;
    long sEm = 0;
    long sNm = 0;
    for (CaseMixSums cell : aggregate.getCells()) {
      ArmSums o = cell.getOpen();
      ArmSums m = cell.getMicroscopic();
      if (o.getN() > 0 && m.getN() > 0) {
        strata.add(new Table2x2(m.getEvents(), m.getN(), o.getEvents(), o.getN()));
        included.add(cell.getCaseMix());
        sEo += o.getEvents();
        sNo += o.getN();
        sEm += m.getEvents();
        sNm += m.getN();
      }
    }
    AdjustedComparison.Builder adj = AdjustedComparison.newBuilder()
        .setSuppressed(false)
        .setStrata(strata.size())
        .setN((int) (sNo + sNm))
        .setNOpen((int) sNo)
        .setNMicroscopic((int) sNm)
        .setEventsOpen((int) sEo)
        .setEventsMicroscopic((int) sEm)
        .setNPatients(distinctPatients.applyAsInt(included));
    if (!strata.isEmpty()) {
      MantelHaenszelResult r = MantelHaenszel.pool(strata);
      adj.setRelativeRisk(pooled(r.relativeRisk()))
          .setRiskDifference(pooled(r.riskDifference()))
          .setOddsRatio(pooled(r.oddsRatio()))
          .setPValue(finite(r.pValue()))
          .setPValueCorrected(finite(r.pValueCorrected()));
    }
    out.setAdjusted(adj.build());
  }

  private static AdjustedComparison suppressedAdjusted() {
    return AdjustedComparison.newBuilder().setSuppressed(true).build();
  }

  private static PooledEstimate pooled(Pooled p) {
    if (p == null || !Double.isFinite(p.estimate()) || !Double.isFinite(p.se())) {
      return null;
    }
    return new PooledEstimate(p.estimate(), p.se(), p.ciLow(), p.ciHigh());
  }

  private static ArmFigures continuousArm(Descriptives d) {
    if (d.n() < MIN_CELL_SIZE) {
      return ArmFigures.newBuilder().setSuppressed(true).build();
    }
    return ArmFigures.newBuilder()
        .setSuppressed(false)
        .setN((int) d.n())
        .setMean(d.mean())
        .setSd(finite(d.sd()))
        .setMedian(d.median())
        .setQ1(d.q1())
        .setQ3(d.q3())
        .build();
  }

  private static ArmFigures binaryArm(long events, long n) {
    if (n < MIN_CELL_SIZE) {
      return ArmFigures.newBuilder().setSuppressed(true).build();
    }
    Proportion p = Proportions.wilson(events, n);
    return ArmFigures.newBuilder()
        .setSuppressed(false)
        .setN((int) n)
        .setEvents((int) events)
        .setRate(p.rate())
        .setCiLow(p.ciLow())
        .setCiHigh(p.ciHigh())
        .build();
  }

  private static Descriptives describe(ArmCell arm) {
    int[] values = new int[arm.getValues().size()];
    long[] counts = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = arm.getValues().get(i);
      counts[i] = arm.getCounts().get(i);
    }
    return Descriptives.ofCounts(values, counts);
  }

  private static Moments moments(ArmSums arm) {
    return Moments.ofSums(arm.getN(), arm.getSum(), arm.getSumOfSquares());
  }

  private static Double finite(double x) {
    return Double.isFinite(x) ? x : null;
  }
}
