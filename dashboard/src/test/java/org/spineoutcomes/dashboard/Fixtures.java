package org.spineoutcomes.dashboard;

import java.time.Instant;
import org.spineoutcomes.schemas.AdjustedComparison;
import org.spineoutcomes.schemas.ArmFigures;
import org.spineoutcomes.schemas.DeadLetter;
import org.spineoutcomes.schemas.MetricKind;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.PooledEstimate;
import org.spineoutcomes.schemas.RejectionReason;

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

  private Fixtures() {}
}
