package org.spineoutcomes.streams.monitoring;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.spineoutcomes.schemas.state.OutcomeDelta;
import org.spineoutcomes.schemas.state.OutcomeFacts;

/** Routes a procedure's change to the providers it is scored for: its hospital, and its surgeon with the approach. */
public final class ProviderFanOut {

  public static List<KeyValue<String, OutcomeDelta>> fanOut(OutcomeDelta delta) {
    List<KeyValue<String, OutcomeDelta>> out = new ArrayList<>(4);
    route(out, delta, ProviderFanOut::hospitalKey);
    route(out, delta, ProviderFanOut::surgeonKey);
    return out;
  }

  public static String hospitalKey(OutcomeFacts f) {
    return "hospital/" + f.getHospitalId();
  }

  public static String surgeonKey(OutcomeFacts f) {
    return f.getSurgeonId() == null ? null : "surgeon/" + f.getSurgeonId() + "/" + f.getApproach().name();
  }

  private static void route(List<KeyValue<String, OutcomeDelta>> out, OutcomeDelta delta,
      java.util.function.Function<OutcomeFacts, String> key) {
    OutcomeFacts before = scored(delta.getBefore());
    OutcomeFacts after = scored(delta.getAfter());
    String from = before == null ? null : key.apply(before);
    String to = after == null ? null : key.apply(after);
    if (from != null && from.equals(to)) {
      out.add(KeyValue.pair(from, new OutcomeDelta(before, after)));
      return;
    }
    if (from != null) {
      out.add(KeyValue.pair(from, new OutcomeDelta(before, null)));
    }
    if (to != null) {
      out.add(KeyValue.pair(to, new OutcomeDelta(null, after)));
    }
  }

  /** Only procedures whose 90-day window is observed are scored. */
  private static OutcomeFacts scored(OutcomeFacts facts) {
    return facts != null && facts.getBinary().containsKey(RiskModelTerms.OUTCOME) && facts.getRiskFactors() != null
        ? facts : null;
  }

  private ProviderFanOut() {}
}
