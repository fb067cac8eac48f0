package org.spineoutcomes.ingest.simulator;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the simulated feed.
 *
 * @param at   when the event reaches the feed (UTC, whole seconds). Equal to the event's own timestamp
 *             (performedAt, recordedAt, withdrawnAt) except for exact re-sends, procedure corrections and late
 *             follow-ups, which arrive later than the time they carry. The feed is ordered by {@code at}.
 * @param type {@link #PROCEDURE_PERFORMED}, {@link #FOLLOW_UP_RECORDED} or {@link #CONSENT_WITHDRAWN}
 * @param json the JSON-lines line of the contract, without the line terminator; its first field is "type"
 */
public record SimulatedEvent(Instant at, String type, String json) {

  public static final String PROCEDURE_PERFORMED = "ProcedurePerformed";
  public static final String FOLLOW_UP_RECORDED = "FollowUpRecorded";
  public static final String CONSENT_WITHDRAWN = "ConsentWithdrawn";

  public SimulatedEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(json, "json");
  }
}
