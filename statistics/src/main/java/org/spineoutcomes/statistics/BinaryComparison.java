package org.spineoutcomes.statistics;

/**
 * Crude comparison of an event between the arms, MICROSCOPIC versus OPEN. When either arm has no procedures
 * every comparison figure is NaN.
 *
 * @param open                     OPEN arm's rate and Wilson interval
 * @param microscopic              MICROSCOPIC arm's rate and Wilson interval
 * @param riskDifference           rate(MICROSCOPIC) − rate(OPEN)
 * @param rdCiLow                  lower limit of the Newcombe hybrid score interval (method 10, from the Wilson
 *                                 limits)
 * @param rdCiHigh                 upper limit of the same
 * @param relativeRisk             rate(MICROSCOPIC) / rate(OPEN); NaN when either arm has no event (the ratio
 *                                 would be 0 or infinite and has no log-scale interval)
 * @param rrSeLog                  sqrt(1/a − 1/n₁ + 1/c − 1/n₀), the standard error of log RR; NaN like
 *                                 {@code relativeRisk}
 * @param rrCiLow                  exp(log RR − z·se), z the 0.975 normal quantile; NaN like {@code relativeRisk}
 * @param rrCiHigh                 exp(log RR + z·se)
 * @param rrCiLow196               as {@code rrCiLow} with z = 1.96
 * @param rrCiHigh196              as {@code rrCiHigh} with z = 1.96
 * @param fisherPValue             two-sided p of Fisher's exact test as R's {@code fisher.test} computes it
 * @param chiSquare                Pearson chi-square without continuity correction, R's
 *                                 {@code prop.test(c(a, c), c(n1, n0), correct = FALSE)}; NaN when no
 *                                 procedure, or every procedure, has the event
 * @param chiSquarePValue          its p-value (1 df); NaN like {@code chiSquare}
 * @param chiSquareCorrected       the same with Yates' continuity correction, R's {@code prop.test} default
 * @param chiSquareCorrectedPValue its p-value
 */
public record BinaryComparison(Proportion open, Proportion microscopic, double riskDifference, double rdCiLow,
        double rdCiHigh, double relativeRisk, double rrSeLog, double rrCiLow, double rrCiHigh, double rrCiLow196,
        double rrCiHigh196, double fisherPValue, double chiSquare, double chiSquarePValue,
        double chiSquareCorrected, double chiSquareCorrectedPValue) {
}
