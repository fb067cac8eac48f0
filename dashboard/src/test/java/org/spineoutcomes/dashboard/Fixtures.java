package org.spineoutcomes.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.spineoutcomes.schemas.AdjustedComparison;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.ArmFigures;
import org.spineoutcomes.schemas.DeadLetter;
import org.spineoutcomes.schemas.CusumChart;
import org.spineoutcomes.schemas.MetricKind;
import org.spineoutcomes.schemas.MonitoringPoint;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.PooledEstimate;
import org.spineoutcomes.schemas.ProviderPerformance;
import org.spineoutcomes.schemas.ProviderType;
import org.spineoutcomes.schemas.QualityAlert;
import org.spineoutcomes.schemas.RejectionReason;
import org.spineoutcomes.statistics.monitoring.FunnelLimits;

/** Comparisons and dead letters as the pipeline publishes them, for the dashboard's tests. */
final class Fixtures {

  static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

  static ArmFigures arm(int n, double mean) {
    return ArmFigures.newBuilder().setSuppressed(false).setN(n).setMean(mean).setSd(12.5).setMedian(mean - 1)
        .setQ1(mean - 8).setQ3(mean + 9).setDue(n + 10).setCompleteness(n / (n + 10.0)).build();
  }

  static ArmFigures suppressedArm() {
    return ArmFigures.newBuilder().setSuppressed(true).build();
  }

  static OutcomeComparison continuous(String dimension, String value, String metric, int nOpen, double meanOpen,
      int nMicro, double meanMicro) {
    double diff = meanMicro - meanOpen;
    return OutcomeComparison.newBuilder()
        .setDimension(dimension).setValue(value).setMetric(metric).setKind(MetricKind.CONTINUOUS)
        .setSuppressed(false).setOpen(arm(nOpen, meanOpen)).setMicroscopic(arm(nMicro, meanMicro))
        .setDifference(diff).setCiLow(diff - 5).setCiHigh(diff + 5).setPValue(0.0123).setHedgesG(-0.4)
        .setTStatistic(-3.1).setDf(120.5)
        .setAdjusted(AdjustedComparison.newBuilder().setSuppressed(false).setStrata(7).setN(nOpen + nMicro)
            .setNOpen(nOpen).setNMicroscopic(nMicro).setNPatients(nOpen + nMicro)
            .setMeanDifference(new PooledEstimate(diff + 1, 2.0, diff - 3, diff + 5)).setPValue(0.02).build())
        .setComputedAt(AT).build();
  }

  /** A stratum whose microscopic arm has fewer than 11 procedures: published with that arm suppressed. */
  static OutcomeComparison suppressedMicroscopic(String dimension, String value, String metric) {
    return OutcomeComparison.newBuilder()
        .setDimension(dimension).setValue(value).setMetric(metric).setKind(MetricKind.CONTINUOUS)
        .setSuppressed(true).setOpen(arm(40, 300)).setMicroscopic(suppressedArm())
        .setAdjusted(AdjustedComparison.newBuilder().setSuppressed(true).build())
        .setComputedAt(AT).build();
  }

  static DeadLetter deadLetter(long position, RejectionReason reason, String line) {
    return DeadLetter.newBuilder().setSource("events.jsonl").setPosition(position).setLine(line).setReason(reason)
        .setField("patient.asaClass").setDetail("detail of " + line).setRejectedAt(AT).build();
  }

  static final Instant FITTED = Instant.parse("2026-02-28T08:00:00Z");

  /** A provider scored with the model FITTED: cases, observed and expected complications, and chart points. */
  static ProviderPerformance performance(ProviderType type, String id, Approach approach, int cases, int observed,
      double expected, int points) {
    List<MonitoringPoint> series = new ArrayList<>();
    for (int i = 0; i < points; i++) {
      series.add(new MonitoringPoint(LocalDate.of(2025, 1, 1).plusDays(i), 0.01 * i, 0.1 * i, -0.05 * i));
    }
    FunnelLimits f95 = FunnelLimits.forObservedExpected(expected, FunnelLimits.COVERAGE_95);
    FunnelLimits f998 = FunnelLimits.forObservedExpected(expected, FunnelLimits.COVERAGE_998);
    double oe = observed / expected;
    return ProviderPerformance.newBuilder().setProviderType(type).setProviderId(id).setApproach(approach)
        .setOutcome("complication_90d").setSuppressed(false).setCases(cases).setObserved(observed)
        .setExpected(expected).setOe(oe).setOeCiLow(oe * 0.5).setOeCiHigh(oe * 1.8)
        .setFunnel95Low(f95.lower()).setFunnel95High(f95.upper())
        .setFunnel998Low(f998.lower()).setFunnel998High(f998.upper())
        .setRate(observed / (double) cases).setExpectedRate(expected / cases)
        .setCusumUpper(1.25).setCusumLower(-0.75).setUpperSignals(0).setLowerSignals(0)
        .setSeries(series).setModelFittedAt(FITTED).setComputedAt(AT).build();
  }

  /** A provider with cases but no risk model yet: observed figures only. */
  static ProviderPerformance unscored(ProviderType type, String id, Approach approach, int cases, int observed) {
    return ProviderPerformance.newBuilder().setProviderType(type).setProviderId(id).setApproach(approach)
        .setOutcome("complication_90d").setSuppressed(false).setCases(cases).setObserved(observed)
        .setRate(observed / (double) cases).setComputedAt(AT).build();
  }

  /**
   * A suppressed provider as a faulty producer might publish it: suppressed, yet with figures and chart points,
   * none of which the dashboard may show.
   */
  static ProviderPerformance suppressedWithFigures(ProviderType type, String id, Approach approach) {
    ProviderPerformance p = performance(type, id, approach, 9, 3, 0.4321, 9);
    p.setSuppressed(true);
    return p;
  }

  static QualityAlert alert(ProviderType type, String id, Approach approach, CusumChart chart, LocalDate day,
      String... procedureIds) {
    boolean upper = chart == CusumChart.UPPER;
    return QualityAlert.newBuilder().setProviderType(type).setProviderId(id).setApproach(approach).setChart(chart)
        .setSignalledOn(day).setValue(upper ? 4.61 : -4.07).setLimit(upper ? 4.5 : 4)
        .setOddsRatio(upper ? 2 : 0.5).setCasesSinceReset(37).setObservedSinceReset(9).setExpectedSinceReset(3.25)
        .setLastProcedureIds(List.of(procedureIds)).setComputedAt(AT).build();
  }

  private Fixtures() {}
}
