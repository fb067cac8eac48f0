package org.spineoutcomes.statistics;

/**
 * Welch two-sample comparison, MICROSCOPIC − OPEN; the figures of R's
 * {@code t.test(microscopic, open, var.equal = FALSE)} plus Hedges' g.
 *
 * @param difference mean(MICROSCOPIC) − mean(OPEN); NaN when either arm is empty
 * @param se         standard error of the difference; NaN when either arm has fewer than 2 values
 * @param tStatistic Welch t; NaN also when the data are essentially constant (R stops there)
 * @param df         Welch–Satterthwaite degrees of freedom; undefined like {@code tStatistic}
 * @param pValue     two-sided p; undefined like {@code tStatistic}
 * @param ciLow      lower 95% limit of the difference; undefined like {@code tStatistic}
 * @param ciHigh     upper 95% limit of the difference; undefined like {@code tStatistic}
 * @param hedgesG    (1 − 3/(4(n₁+n₀) − 9)) · difference / pooled SD; NaN when either arm has fewer than 2
 *                   values or the pooled SD is 0
 */
public record WelchResult(double difference, double se, double tStatistic, double df, double pValue,
        double ciLow, double ciHigh, double hedgesG) {
}
