package org.spineoutcomes.streams.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.spineoutcomes.schemas.ProviderType;
import org.spineoutcomes.schemas.Topics;
import org.spineoutcomes.schemas.state.OutcomeDelta;
import org.spineoutcomes.schemas.state.OutcomeFacts;
import org.spineoutcomes.schemas.state.ProviderCaseChange;
import org.spineoutcomes.schemas.state.ScoredCase;

/**
 * Routes a procedure's change to the providers it is scored for (its hospital, and its surgeon with the approach),
 * as changes to their scored cases: only what scoring needs crosses the repartition.
 */
public final class ProviderFanOut {

  public static List<KeyValue<String, ProviderCaseChange>> fanOut(OutcomeDelta delta) {
    List<KeyValue<String, ProviderCaseChange>> out = new ArrayList<>(4);
    route(out, delta, ProviderFanOut::hospitalKey);
    route(out, delta, ProviderFanOut::surgeonKey);
    return out;
  }

  public static String hospitalKey(OutcomeFacts f) {
    return Topics.providerKey(ProviderType.HOSPITAL, f.getHospitalId(), null);
  }

  public static String surgeonKey(OutcomeFacts f) {
    return f.getSurgeonId() == null ? null : Topics.providerKey(ProviderType.SURGEON, f.getSurgeonId(), f.getApproach());
  }

  private static void route(List<KeyValue<String, ProviderCaseChange>> out, OutcomeDelta delta,
      Function<OutcomeFacts, String> key) {
    OutcomeFacts before = scored(delta.getBefore());
    OutcomeFacts after = scored(delta.getAfter());
    String from = before == null ? null : key.apply(before);
    String to = after == null ? null : key.apply(after);
    // a delta is one patient's: before and after, when both are there, name the same patient
    if (from != null && from.equals(to)) {
      out.add(KeyValue.pair(from, new ProviderCaseChange(after.getPatientPseudonym(), removed(before), added(after))));
      return;
    }
    if (from != null) {
      out.add(KeyValue.pair(from, new ProviderCaseChange(before.getPatientPseudonym(), removed(before), null)));
    }
    if (to != null) {
      out.add(KeyValue.pair(to, new ProviderCaseChange(after.getPatientPseudonym(), null, added(after))));
    }
  }

  /** Only procedures whose 90-day window is observed are scored. */
  private static OutcomeFacts scored(OutcomeFacts facts) {
    return facts != null && RiskModelTerms.outcome(facts) != null && facts.getRiskFactors() != null
        ? facts : null;
  }

  /** A case to remove needs only what finds it: its day and procedure. */
  private static ScoredCase removed(OutcomeFacts f) {
    return new ScoredCase(f.getProcedureId(), f.getPerformedDay(), List.of(), false);
  }

  static ScoredCase added(OutcomeFacts f) {
    List<Double> x = new ArrayList<>();
    for (double v : RiskModelTerms.covariates(f)) {
      x.add(v);
    }
    return new ScoredCase(f.getProcedureId(), f.getPerformedDay(), x, RiskModelTerms.outcome(f));
  }

  private ProviderFanOut() {}
}
