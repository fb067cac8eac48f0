package org.spineoutcomes.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What real feeds contain: re-sends, corrections, late and missing visits, withdrawals, repeat patients. */
class SimulatorMessinessTest {

  private static final List<Feeds.Event> MESSY = Feeds.events(SimulatorContractTest.MESSY);

  @Test
  void exactReSendsRepeatTheSameLineLater() {
    Map<String, Feeds.Event> firstById = new HashMap<>();
    int resends = 0;
    for (Feeds.Event e : MESSY) {
      Feeds.Event first = firstById.putIfAbsent(e.text("eventId"), e);
      if (first != null) {
        resends++;
        assertThat(e.json()).isEqualTo(first.json());
        assertThat(e.at()).isAfter(first.at());
      }
    }
    assertThat(resends).isBetween(MESSY.size() / 40, MESSY.size() / 10); // ~5% of events
  }

  @Test
  void procedureCorrectionsChangeExactlyOneValueAndComeLater() {
    Map<String, List<Feeds.Event>> versions = versions(SimulatedEvent.PROCEDURE_PERFORMED, "procedureId");
    int corrected = 0;
    for (List<Feeds.Event> v : versions.values()) {
      assertThat(v).hasSizeLessThanOrEqualTo(2);
      if (v.size() == 2) {
        corrected++;
        assertThat(v.get(1).at()).isAfter(v.get(0).at());
        assertThat(v.get(1).text("performedAt")).isEqualTo(v.get(0).text("performedAt"));
        assertThat(differences(v.get(0).node(), v.get(1).node(), ""))
            .hasSize(1)
            .first().isIn("incisionLengthMm", "operativeTimeMin", "estimatedBloodLossMl",
                "patient.ageYears", "patient.asaClass", "patient.bmi");
      }
    }
    assertThat(corrected).isBetween(versions.size() / 40, versions.size() / 10); // ~5%
  }

  @Test
  void followUpCorrectionsHaveALaterRecordedAtAndDiffer() {
    Map<String, List<Feeds.Event>> versions = new LinkedHashMap<>();
    Set<String> ids = new HashSet<>();
    for (Feeds.Event e : MESSY) {
      if (e.type().equals(SimulatedEvent.FOLLOW_UP_RECORDED) && ids.add(e.text("eventId"))) {
        versions.computeIfAbsent(e.text("procedureId") + "/" + e.text("timepoint"), k -> new ArrayList<>())
            .add(e);
      }
    }
    int corrected = 0;
    int correctionArrivedFirst = 0;
    for (List<Feeds.Event> v : versions.values()) {
      assertThat(v).hasSizeLessThanOrEqualTo(2);
      if (v.size() == 2) {
        corrected++;
        Instant r0 = v.get(0).time("recordedAt");
        Instant r1 = v.get(1).time("recordedAt");
        assertThat(r0).isNotEqualTo(r1);
        if (r1.isBefore(r0)) {
          correctionArrivedFirst++; // the original was delivered late, after its correction
        }
        List<String> diff = differences(v.get(0).node(), v.get(1).node(), "");
        diff.removeAll(List.of("eventId", "recordedAt"));
        assertThat(diff).hasSize(1);
        assertThat(diff.get(0)).isIn("backPainNrs", "legPainNrs", "odi", "lengthOfStayDays",
            "daysToNormalActivity", "complications");
      }
    }
    assertThat(corrected).isBetween(versions.size() / 40, versions.size() / 10);
    assertThat(correctionArrivedFirst).isPositive();
  }

  @Test
  void consentWithdrawalsNameAKnownPatientAfterTheirSurgery() {
    Map<String, Instant> firstSurgery = new HashMap<>();
    int withdrawals = 0;
    for (Feeds.Event e : MESSY) {
      String patient = e.type().equals(SimulatedEvent.FOLLOW_UP_RECORDED) ? null
          : e.text("hospitalId") + "/" + e.text("patientId");
      if (e.type().equals(SimulatedEvent.PROCEDURE_PERFORMED)) {
        firstSurgery.putIfAbsent(patient, e.time("performedAt"));
      } else if (e.type().equals(SimulatedEvent.CONSENT_WITHDRAWN)) {
        withdrawals++;
        assertThat(firstSurgery).containsKey(patient);
        assertThat(e.time("withdrawnAt")).isAfter(firstSurgery.get(patient));
      }
    }
    assertThat(withdrawals).isBetween(20, 150); // 1% of 6,000, plus re-sends
  }

  @Test
  void someVisitsAreMissingDischargeRarely() {
    Map<String, Feeds.Procedure> procedures = Feeds.procedures(MESSY, false);
    Map<String, Integer> present = new HashMap<>();
    for (Feeds.Procedure p : procedures.values()) {
      p.visits().keySet().forEach(tp -> present.merge(tp, 1, Integer::sum));
    }
    int n = procedures.size();
    assertThat(present.get("DISCHARGE")).isGreaterThan(n * 95 / 100);
    assertThat(present.get("MONTH_12")).isBetween(n * 55 / 100, n * 90 / 100);
    assertThat(present.get("MONTH_12")).isLessThan(present.get("MONTH_3"));
    assertThat(present.get("MONTH_3")).isLessThan(present.get("WEEK_2"));
  }

  @Test
  void somePatientsHaveTwoProcedures() {
    Map<String, List<Feeds.Procedure>> byPatient = new HashMap<>();
    Feeds.procedures(MESSY, false).values().forEach(p -> byPatient.computeIfAbsent(
        p.get("hospitalId") + "/" + p.get("patientId"), k -> new ArrayList<>()).add(p));
    long repeat = byPatient.values().stream().filter(l -> l.size() >= 2).count();
    assertThat(repeat).isBetween(byPatient.size() / 200L, byPatient.size() / 10L);
    for (List<Feeds.Procedure> l : byPatient.values()) {
      for (int i = 1; i < l.size(); i++) {
        assertThat(Instant.parse(l.get(i).get("performedAt")))
            .isAfter(Instant.parse(l.get(i - 1).get("performedAt")));
        assertThat(l.get(i).node().get("patient").get("sex"))
            .isEqualTo(l.get(0).node().get("patient").get("sex"));
      }
    }
  }

  @Test
  void aCleanFeedHasNoneOfIt() {
    SimulatorConfig clean = SimulatorContractTest.MESSY.toBuilder().noMessiness().procedures(2_000).build();
    Set<String> eventIds = new HashSet<>();
    Set<String> keys = new HashSet<>();
    Map<String, Integer> visits = new HashMap<>();
    for (Feeds.Event e : Feeds.events(clean)) {
      assertThat(eventIds.add(e.text("eventId"))).isTrue();
      assertThat(e.type()).isNotEqualTo(SimulatedEvent.CONSENT_WITHDRAWN);
      String key = e.type().equals(SimulatedEvent.PROCEDURE_PERFORMED) ? e.text("procedureId")
          : e.text("procedureId") + "/" + e.text("timepoint");
      assertThat(keys.add(key)).as(key).isTrue();
      if (e.type().equals(SimulatedEvent.FOLLOW_UP_RECORDED)) {
        visits.merge(e.text("procedureId"), 1, Integer::sum);
        if (e.node().has("backPainNrs") && e.node().has("legPainNrs")) {
          assertThat(e.node().has("odi")).isTrue();
        }
      }
    }
    // every procedure has all six visits except after a death
    long complete = visits.values().stream().filter(v -> v == 6).count();
    assertThat(complete).isGreaterThan(visits.size() * 99L / 100);
  }

  private static Map<String, List<Feeds.Event>> versions(String type, String key) {
    Map<String, List<Feeds.Event>> versions = new LinkedHashMap<>();
    Set<String> ids = new HashSet<>();
    for (Feeds.Event e : MESSY) {
      if (e.type().equals(type) && ids.add(e.text("eventId"))) {
        versions.computeIfAbsent(e.text(key), k -> new ArrayList<>()).add(e);
      }
    }
    return versions;
  }

  /** Dotted paths of the fields whose values differ (objects compared field by field, the rest as values). */
  static List<String> differences(JsonNode a, JsonNode b, String prefix) {
    List<String> out = new ArrayList<>();
    Set<String> names = new java.util.TreeSet<>();
    for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    for (String name : names) {
      JsonNode x = a.get(name);
      JsonNode y = b.get(name);
      if (x != null && y != null && x.isObject() && y.isObject()) {
        out.addAll(differences(x, y, prefix + name + "."));
      } else if (x == null || !x.equals(y)) {
        if (!name.equals("eventId")) {
          out.add(prefix + name);
        }
      }
    }
    return out;
  }
}
