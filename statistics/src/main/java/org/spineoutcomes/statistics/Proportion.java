package org.spineoutcomes.statistics;

/**
 * One arm's event rate with its Wilson score 95% interval (R: {@code prop.test(events, n, correct = FALSE)}).
 * When {@code n} = 0 the rate and its limits are NaN.
 *
 * @param events procedures with the event
 * @param n      procedures
 * @param rate   events / n
 * @param ciLow  lower Wilson limit (exactly 0 when events = 0)
 * @param ciHigh upper Wilson limit (exactly 1 when events = n)
 */
public record Proportion(long events, long n, double rate, double ciLow, double ciHigh) {
}
