package org.spineoutcomes.statistics;

/**
 * Inverse-variance (fixed-effect) pooled mean difference, MICROSCOPIC − OPEN.
 *
 * @param strata     strata that contributed
 * @param nMicro     MICROSCOPIC values in contributing strata
 * @param nOpen      OPEN values in contributing strata
 * @param difference Σwᵢdᵢ / Σwᵢ with se = 1/√Σwᵢ and normal limits; undefined without contributing strata
 * @param zStatistic estimate / se
 * @param pValue     two-sided normal p (0 where R's pnorm underflows)
 */
public record InverseVarianceResult(int strata, long nMicro, long nOpen, Pooled difference, double zStatistic,
        double pValue) {
}
