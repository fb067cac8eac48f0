package org.spineoutcomes.streams.strata;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.spineoutcomes.schemas.state.OutcomeDelta;
import org.spineoutcomes.schemas.state.OutcomeFacts;

/** Routes a change of one procedure to every stratum it touches, keyed "dimension/value". */
public final class StrataFanOut {

  public static List<KeyValue<String, OutcomeDelta>> fanOut(OutcomeDelta delta) {
    OutcomeFacts before = delta.getBefore();
    OutcomeFacts after = delta.getAfter();
    List<KeyValue<String, OutcomeDelta>> out = new ArrayList<>(Dimension.values().length + 1);
    for (Dimension d : Dimension.values()) {
      String from = before == null ? null : d.stratumOf(before);
      String to = after == null ? null : d.stratumOf(after);
      if (from != null && from.equals(to)) {
        out.add(KeyValue.pair(from, delta));
      } else {
        if (from != null) {
          out.add(KeyValue.pair(from, new OutcomeDelta(before, null)));
        }
        if (to != null) {
          out.add(KeyValue.pair(to, new OutcomeDelta(null, after)));
        }
      }
    }
    return out;
  }

  private StrataFanOut() {}
}
