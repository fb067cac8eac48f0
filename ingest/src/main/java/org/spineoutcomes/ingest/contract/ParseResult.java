package org.spineoutcomes.ingest.contract;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.spineoutcomes.schemas.RejectionReason;

/** The outcome of validating one input event: either an Avro event ready to publish, or why it was rejected. */
public sealed interface ParseResult permits ParseResult.Accepted, ParseResult.Rejected {

  /**
   * A valid event.
   *
   * @param event a {@link org.spineoutcomes.schemas.ProcedurePerformed}, {@link org.spineoutcomes.schemas.FollowUpRecorded}
   *              or {@link org.spineoutcomes.schemas.ConsentWithdrawn}, with the patient pseudonymised
   */
  record Accepted(SpecificRecord event) implements ParseResult {
    public Accepted {
      Objects.requireNonNull(event, "event");
    }
  }

  /**
   * An invalid event.
   *
   * @param reason why, in the contract's terms
   * @param field  dotted path of the field at fault (e.g. {@code patient.asaClass}, {@code complications[0].type},
   *               {@code type}); for an element of a list of plain values the list itself
   *               ({@code intraoperativeComplications}, {@code levels}); {@code null} when the line is not a JSON object
   * @param detail a sentence for a person: what is wrong and what was expected. Never contains a patientId value.
   */
  record Rejected(RejectionReason reason, String field, String detail) implements ParseResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  default boolean isAccepted() {
    return this instanceof Accepted;
  }
}
