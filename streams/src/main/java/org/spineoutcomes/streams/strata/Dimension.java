package org.spineoutcomes.streams.strata;

import java.util.function.Function;
import org.spineoutcomes.schemas.Topics;
import org.spineoutcomes.schemas.state.OutcomeFacts;

/** The dimensions along which procedures are stratified, one at a time. Names are a public contract. */
public enum Dimension {
  OVERALL("overall", f -> "all"),
  HOSPITAL("hospital", f -> f.getHospitalId()),
  CONDITION("condition", f -> f.getCondition()),
  TECHNIQUE("technique", f -> f.getTechnique()),
  REGION("region", f -> f.getRegion()),
  QUARTER("quarter", f -> f.getQuarter());

  private final String id;
  private final Function<OutcomeFacts, String> valueOf;

  Dimension(String id, Function<OutcomeFacts, String> valueOf) {
    this.id = id;
    this.valueOf = valueOf;
  }

  public String id() {
    return id;
  }

  /** The stratum key "dimension/value" this procedure falls in, the value as a {@link Topics#keyPart}. */
  public String stratumOf(OutcomeFacts facts) {
    return id + "/" + Topics.keyPart(valueOf.apply(facts));
  }
}
