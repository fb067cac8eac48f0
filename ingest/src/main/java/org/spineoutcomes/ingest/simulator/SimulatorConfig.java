package org.spineoutcomes.ingest.simulator;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Everything that shapes a simulated feed. Build one with {@link #builder()}; {@link #defaults()} is a six-hospital,
 * 10,000-procedure feed of about 22 months with mild messiness.
 *
 * <p>Rates are probabilities in [0, 1]:
 * <ul>
 *   <li>{@code duplicateRate} – per emitted event, an exact re-send of the same line (same eventId) 30 s–72 h later;</li>
 *   <li>{@code procedureCorrectionRate} – per procedure, the first ProcedurePerformed carries one wrong value
 *       (operative time, blood loss, BMI, ASA, age or incision) and a corrected one with a new eventId and the same
 *       procedureId follows 2 h–14 days later;</li>
 *   <li>{@code followUpCorrectionRate} – per visit, the first FollowUpRecorded carries a wrong value (a score,
 *       the length of stay, days to normal activity, or a complication left out) and a corrected one with a
 *       later recordedAt (1 h–5 days) follows; the later one must win;</li>
 *   <li>{@code lateFollowUpRate} – per visit, the first record of the visit is delivered 1–45 days after its
 *       recordedAt, so it arrives after later visits (out of order) and, if corrected, after its correction
 *       (which must still win: it has the later recordedAt);</li>
 *   <li>{@code consentWithdrawalRate} – per procedure, its patient withdraws consent between 1 and 420 days after
 *       surgery; 80% of hospitals then stop sending that patient's follow-ups, 20% keep sending them;</li>
 *   <li>{@code missingFollowUpRate} – base probability that a visit is never recorded, scaled by timepoint
 *       (×0.15 at discharge up to ×1.7 at 12 months) and by outcome (×1.8 for poor responders, ×1.5 after a
 *       complication); a missed visit from week 6 on means loss to follow-up with probability 0.35;</li>
 *   <li>{@code secondProcedureRate} – per procedure, a planned further operation on the same patient
 *       (adjacent level or staged) 4–16 months later; re-operations for recurrent herniation come on top.</li>
 * </ul>
 *
 * @param seed                    the seed; the same config gives the same feed, byte for byte
 * @param hospitals               number of hospitals H01, H02, ... (1–99)
 * @param minSurgeonsPerHospital  fewest surgeons per hospital (ids H01-S01, ...)
 * @param maxSurgeonsPerHospital  most surgeons per hospital
 * @param procedures              number of distinct procedures (procedureIds) to simulate
 * @param startDate               the first day of surgery (UTC)
 * @param proceduresPerDay        mean procedures per calendar day over all hospitals (weekends carry 12% of a
 *                                weekday's load)
 * @param confoundingStrength     scales the patient-level terms of the approach choice: 1 = realistic, 0 = approach
 *                                independent of the patient given hospital and surgeon
 * @param surgeonEffectSd         SD of the surgeons' random effects on the log odds of complication
 * @param complicationRisk        the true 90-day complication model
 * @param deterioratingSurgeon    a surgeon whose complication odds rise from a date on; {@code null} for none
 */
public record SimulatorConfig(
    long seed,
    int hospitals,
    int minSurgeonsPerHospital,
    int maxSurgeonsPerHospital,
    long procedures,
    LocalDate startDate,
    double proceduresPerDay,
    double duplicateRate,
    double procedureCorrectionRate,
    double followUpCorrectionRate,
    double lateFollowUpRate,
    double consentWithdrawalRate,
    double missingFollowUpRate,
    double secondProcedureRate,
    double confoundingStrength,
    double surgeonEffectSd,
    ComplicationRiskModel complicationRisk,
    DeterioratingSurgeon deterioratingSurgeon) {

  /**
   * From {@code from} (00:00 UTC) on, the odds of a 90-day complication of {@code surgeonId}'s procedures are
   * multiplied by {@code oddsRatio}.
   */
  public record DeterioratingSurgeon(String surgeonId, LocalDate from, double oddsRatio) {
    public DeterioratingSurgeon {
      Objects.requireNonNull(surgeonId, "surgeonId");
      Objects.requireNonNull(from, "from");
      if (!(oddsRatio > 0) || !Double.isFinite(oddsRatio)) {
        throw new IllegalArgumentException("oddsRatio must be positive and finite: " + oddsRatio);
      }
    }
  }

  public SimulatorConfig {
    Objects.requireNonNull(startDate, "startDate");
    Objects.requireNonNull(complicationRisk, "complicationRisk");
    if (hospitals < 1 || hospitals > 99) {
      throw new IllegalArgumentException("hospitals must be 1-99: " + hospitals);
    }
    if (minSurgeonsPerHospital < 1 || maxSurgeonsPerHospital < minSurgeonsPerHospital
        || maxSurgeonsPerHospital > 99) {
      throw new IllegalArgumentException("surgeons per hospital must satisfy 1 <= min <= max <= 99: "
          + minSurgeonsPerHospital + ".." + maxSurgeonsPerHospital);
    }
    if (procedures < 0) {
      throw new IllegalArgumentException("procedures must be >= 0: " + procedures);
    }
    if (startDate.getYear() < 1971 || startDate.getYear() > 9000) {
      throw new IllegalArgumentException("startDate out of range: " + startDate);
    }
    if (!(proceduresPerDay > 0) || !Double.isFinite(proceduresPerDay)) {
      throw new IllegalArgumentException("proceduresPerDay must be positive: " + proceduresPerDay);
    }
    rate("duplicateRate", duplicateRate);
    rate("procedureCorrectionRate", procedureCorrectionRate);
    rate("followUpCorrectionRate", followUpCorrectionRate);
    rate("lateFollowUpRate", lateFollowUpRate);
    rate("consentWithdrawalRate", consentWithdrawalRate);
    rate("missingFollowUpRate", missingFollowUpRate);
    rate("secondProcedureRate", secondProcedureRate);
    if (!(confoundingStrength >= 0) || !Double.isFinite(confoundingStrength)) {
      throw new IllegalArgumentException("confoundingStrength must be >= 0: " + confoundingStrength);
    }
    if (!(surgeonEffectSd >= 0) || !Double.isFinite(surgeonEffectSd)) {
      throw new IllegalArgumentException("surgeonEffectSd must be >= 0: " + surgeonEffectSd);
    }
  }

  private static void rate(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1]: " + value);
    }
  }

  /** The default configuration (see {@link Builder} for the values). */
  public static SimulatorConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .seed(seed)
        .hospitals(hospitals)
        .surgeonsPerHospital(minSurgeonsPerHospital, maxSurgeonsPerHospital)
        .procedures(procedures)
        .startDate(startDate)
        .proceduresPerDay(proceduresPerDay)
        .duplicateRate(duplicateRate)
        .procedureCorrectionRate(procedureCorrectionRate)
        .followUpCorrectionRate(followUpCorrectionRate)
        .lateFollowUpRate(lateFollowUpRate)
        .consentWithdrawalRate(consentWithdrawalRate)
        .missingFollowUpRate(missingFollowUpRate)
        .secondProcedureRate(secondProcedureRate)
        .confoundingStrength(confoundingStrength)
        .surgeonEffectSd(surgeonEffectSd)
        .complicationRisk(complicationRisk)
        .deterioratingSurgeon(deterioratingSurgeon);
  }

  /** Mutable builder; every setter returns {@code this}. */
  public static final class Builder {
    private long seed = 20250101L;
    private int hospitals = 6;
    private int minSurgeons = 3;
    private int maxSurgeons = 4;
    private long procedures = 10_000;
    private LocalDate startDate = LocalDate.of(2025, 1, 1);
    private double proceduresPerDay = 15.0;
    private Integer periodDays;
    private double duplicateRate = 0.01;
    private double procedureCorrectionRate = 0.01;
    private double followUpCorrectionRate = 0.02;
    private double lateFollowUpRate = 0.02;
    private double consentWithdrawalRate = 0.003;
    private double missingFollowUpRate = 0.08;
    private double secondProcedureRate = 0.02;
    private double confoundingStrength = 1.0;
    private double surgeonEffectSd = 0.15;
    private ComplicationRiskModel complicationRisk = ComplicationRiskModel.defaults();
    private DeterioratingSurgeon deterioratingSurgeon;

    private Builder() {}

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder hospitals(int value) {
      hospitals = value;
      return this;
    }

    public Builder surgeonsPerHospital(int min, int max) {
      minSurgeons = min;
      maxSurgeons = max;
      return this;
    }

    public Builder procedures(long value) {
      procedures = value;
      return this;
    }

    public Builder startDate(LocalDate value) {
      startDate = value;
      return this;
    }

    /** Mean procedures per calendar day over all hospitals; clears a {@link #periodDays(int)}. */
    public Builder proceduresPerDay(double value) {
      proceduresPerDay = value;
      periodDays = null;
      return this;
    }

    /** Spread the procedures over about this many days: proceduresPerDay = procedures / days at build time. */
    public Builder periodDays(int days) {
      if (days < 1) {
        throw new IllegalArgumentException("periodDays must be >= 1: " + days);
      }
      periodDays = days;
      return this;
    }

    public Builder duplicateRate(double value) {
      duplicateRate = value;
      return this;
    }

    public Builder procedureCorrectionRate(double value) {
      procedureCorrectionRate = value;
      return this;
    }

    public Builder followUpCorrectionRate(double value) {
      followUpCorrectionRate = value;
      return this;
    }

    public Builder lateFollowUpRate(double value) {
      lateFollowUpRate = value;
      return this;
    }

    public Builder consentWithdrawalRate(double value) {
      consentWithdrawalRate = value;
      return this;
    }

    public Builder missingFollowUpRate(double value) {
      missingFollowUpRate = value;
      return this;
    }

    public Builder secondProcedureRate(double value) {
      secondProcedureRate = value;
      return this;
    }

    /** A clean feed: no duplicates, corrections, late deliveries, withdrawals or missing visits. */
    public Builder noMessiness() {
      duplicateRate = 0;
      procedureCorrectionRate = 0;
      followUpCorrectionRate = 0;
      lateFollowUpRate = 0;
      consentWithdrawalRate = 0;
      missingFollowUpRate = 0;
      return this;
    }

    public Builder confoundingStrength(double value) {
      confoundingStrength = value;
      return this;
    }

    public Builder surgeonEffectSd(double value) {
      surgeonEffectSd = value;
      return this;
    }

    public Builder complicationRisk(ComplicationRiskModel value) {
      complicationRisk = value;
      return this;
    }

    /** {@code null} for none (the default). */
    public Builder deterioratingSurgeon(DeterioratingSurgeon value) {
      deterioratingSurgeon = value;
      return this;
    }

    public Builder deterioratingSurgeon(String surgeonId, LocalDate from, double oddsRatio) {
      return deterioratingSurgeon(new DeterioratingSurgeon(surgeonId, from, oddsRatio));
    }

    public SimulatorConfig build() {
      double perDay = periodDays == null ? proceduresPerDay : Math.max(procedures, 1) / (double) periodDays;
      return new SimulatorConfig(seed, hospitals, minSurgeons, maxSurgeons, procedures, startDate, perDay,
          duplicateRate, procedureCorrectionRate, followUpCorrectionRate, lateFollowUpRate,
          consentWithdrawalRate, missingFollowUpRate, secondProcedureRate, confoundingStrength,
          surgeonEffectSd, complicationRisk, deterioratingSurgeon);
    }
  }
}
