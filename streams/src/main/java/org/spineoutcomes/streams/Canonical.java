package org.spineoutcomes.streams;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.spineoutcomes.schemas.state.OutcomeFacts;
import org.spineoutcomes.schemas.state.PatientEvent;
import org.spineoutcomes.schemas.state.PatientState;

/**
 * One instance of each of the few strings that decoded state repeats endlessly: case mixes, hospitals, conditions,
 * techniques, regions, quarters, surgeons. Avro decodes each occurrence into a string of its own, and the
 * stores keep hundreds of thousands of decoded values: at a million procedures about half of the strings in the heap
 * were such copies. Values are pooled as they are decoded ({@link StateSerdes}), so nothing else changes.
 */
public final class Canonical {

  private static final ConcurrentHashMap<String, String> POOL = new ConcurrentHashMap<>();
  /** Beyond this many distinct strings (far more than the contract's enums and a registry's hospitals make) none is
   * added. */
  private static final int MAX_STRINGS = 200_000;

  private Canonical() {}

  /** The pooled instance equal to `s` (`s` itself if it is the first, or the pool is full); null stays null. */
  public static String string(String s) {
    if (s == null) {
      return null;
    }
    String known = POOL.get(s);
    if (known != null) {
      return known;
    }
    if (POOL.size() >= MAX_STRINGS) {
      return s;
    }
    known = POOL.putIfAbsent(s, s);
    return known != null ? known : s;
  }

  /** The facts, with their strata, case mix and surgeon pooled; procedure and patient stay their own. */
  public static OutcomeFacts facts(OutcomeFacts f) {
    f.setHospitalId(string(f.getHospitalId()));
    f.setCondition(string(f.getCondition()));
    f.setTechnique(string(f.getTechnique()));
    f.setRegion(string(f.getRegion()));
    f.setQuarter(string(f.getQuarter()));
    f.setCaseMix(string(f.getCaseMix()));
    f.setSurgeonId(string(f.getSurgeonId()));
    return f;
  }

  public static PatientState patientState(PatientState state) {
    facts(state.getProcedures());
    if (state.getReflected() != null) {
      facts(state.getReflected());
    }
    return state;
  }

  public static PatientEvent patientEvent(PatientEvent event) {
    if (event.getFacts() != null) {
      facts(event.getFacts());
    }
    return event;
  }

  private static void facts(List<OutcomeFacts> facts) {
    facts.forEach(Canonical::facts);
  }
}
