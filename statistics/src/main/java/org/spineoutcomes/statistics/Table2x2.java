package org.spineoutcomes.statistics;

/**
 * One stratum's 2×2 table; MICROSCOPIC is the exposed group.
 *
 * @param eventsMicro MICROSCOPIC procedures with the event (a)
 * @param nMicro      MICROSCOPIC procedures (n₁)
 * @param eventsOpen  OPEN procedures with the event (c)
 * @param nOpen       OPEN procedures (n₀)
 */
public record Table2x2(long eventsMicro, long nMicro, long eventsOpen, long nOpen) {
}
