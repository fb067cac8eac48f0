package org.spineoutcomes.statistics;

/**
 * Mantel–Haenszel pooled comparison over strata, MICROSCOPIC (exposed) versus OPEN.
 *
 * @param strata                strata that hold both arms and contribute
 * @param nMicro                MICROSCOPIC procedures in contributing strata
 * @param nOpen                 OPEN procedures in contributing strata
 * @param eventsMicro           MICROSCOPIC events in contributing strata
 * @param eventsOpen            OPEN events in contributing strata
 * @param relativeRisk          MH relative risk, Greenland–Robins variance of its log; undefined when either
 *                              arm has no event in contributing strata (the estimate would be 0 or infinite)
 * @param riskDifference        MH risk difference, Sato's variance; undefined only without strata
 * @param oddsRatio             MH odds ratio, Robins–Breslow–Greenland variance of its log (as
 *                              {@code mantelhaen.test}); undefined when Σad/N or Σbc/N is 0
 * @param cmhStatistic          Cochran–Mantel–Haenszel chi-square without continuity correction; NaN when its
 *                              variance is 0 (no stratum with both an event and a non-event)
 * @param pValue                its p-value (1 df)
 * @param cmhStatisticCorrected the same with continuity correction ({@code mantelhaen.test(correct = TRUE)},
 *                              which corrects only when |Σ(a − E a)| ≥ 0.5)
 * @param pValueCorrected       its p-value
 */
public record MantelHaenszelResult(int strata, long nMicro, long nOpen, long eventsMicro, long eventsOpen,
        Pooled relativeRisk, Pooled riskDifference, Pooled oddsRatio, double cmhStatistic, double pValue,
        double cmhStatisticCorrected, double pValueCorrected) {
}
