/**
 * Patient-level risk models for risk-adjusted provider monitoring: logistic regression fitted as R's
 * {@code glm(..., family = binomial)} and the C-statistic of its predictions.
 *
 * <p>Same conventions as the parent package: pure functions and immutable results, NaN for figures that are
 * undefined, {@link java.lang.IllegalArgumentException} only for impossible input. A difficult fit (separation,
 * non-convergence, aliased covariates) is reported on the result, never thrown.
 */
package org.spineoutcomes.statistics.riskmodel;
