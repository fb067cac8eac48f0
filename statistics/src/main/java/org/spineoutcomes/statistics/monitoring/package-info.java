/**
 * Monitoring of providers (hospitals, surgeons) against a risk model: the risk-adjusted CUSUM of Steiner et al.
 * (2000), the VLAD, observed/expected ratios with exact Poisson intervals and funnel-plot control limits.
 *
 * <p>{@link org.spineoutcomes.statistics.monitoring.RiskAdjustedCusum} and
 * {@link org.spineoutcomes.statistics.monitoring.Vlad} are the only stateful classes of the statistics module:
 * one object per provider, fed one case at a time, not thread-safe (a stream processor keeps one per key and
 * touches it from one thread). Their state is a record of plain fields ({@code state()}), and {@code restore}
 * rebuilds an identical chart from it, so it can live in a state store. Everything else here is a pure function.
 *
 * <p>Conventions as in the parent package: NaN for figures that are undefined (no expected count, no cases),
 * {@link java.lang.IllegalArgumentException} for impossible input (a risk outside [0, 1], negative counts).
 */
package org.spineoutcomes.statistics.monitoring;
