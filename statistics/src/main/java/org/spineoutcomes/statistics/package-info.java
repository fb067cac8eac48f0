/**
 * Comparisons of the two surgical approaches, OPEN and MICROSCOPIC, reproducing R 4.2.2 (base and stats).
 *
 * <p>Every class here is a pure function of its arguments: no state, no I/O, thread-safe.
 *
 * <p>Conventions shared by all results:
 * <ul>
 *   <li>Differences and ratios are MICROSCOPIC versus OPEN (MICROSCOPIC − OPEN, MICROSCOPIC / OPEN); in
 *       stratified analyses MICROSCOPIC is the exposed group.</li>
 *   <li>A figure that is undefined for the data is {@code Double.NaN}, never an exception and never an
 *       infinity; {@link org.spineoutcomes.statistics.Figures#orNull(double)} turns it into the {@code null}
 *       the reference figures and the Avro contract use. Degenerate data (no events, every procedure with the
 *       event, fewer than two observations, zero variance, no strata) therefore never throws. Only impossible
 *       input (negative counts, more events than procedures, malformed histograms) throws
 *       {@link java.lang.IllegalArgumentException}.</li>
 *   <li>Ratios (relative risk, odds ratio) are undefined when their estimate would be 0 or infinite, because
 *       their interval is built on the log scale. Their standard errors are on the log scale.</li>
 *   <li>95% intervals use z = the 0.975 normal quantile; the {@code ...196} variants use z = 1.96.</li>
 *   <li>P-values are two-sided.</li>
 * </ul>
 */
package org.spineoutcomes.statistics;
