package org.spineoutcomes.ingest.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Test helpers: parsed feeds (cached per config) and the contract's reading of them. */
final class Feeds {

  static final ObjectMapper MAPPER = new ObjectMapper();
  static final List<String> TIMEPOINTS = List.of("DISCHARGE", "WEEK_2", "WEEK_6", "MONTH_3", "MONTH_6", "MONTH_12");

  private static final Map<SimulatorConfig, List<Event>> CACHE = new ConcurrentHashMap<>();

  /** One parsed line. */
  record Event(Instant at, String type, String json, JsonNode node) {
    String text(String field) {
      return node.get(field).asText();
    }

    Instant time(String field) {
      return Instant.parse(node.get(field).asText());
    }
  }

  /** A procedure as a consumer of the contract ends up seeing it (latest version, latest record per visit). */
  record Procedure(JsonNode node, Map<String, JsonNode> visits) {
    String approach() {
      return node.get("approach").asText();
    }

    String get(String field) {
      return node.get(field).asText();
    }

    int patientInt(String field) {
      return node.get("patient").get(field).asInt();
    }

    /** Complication within 90 days as the pipeline defines it; null while no visit from 3 months on exists. */
    Boolean complication90d() {
      if (!visits.containsKey("MONTH_3") && !visits.containsKey("MONTH_6") && !visits.containsKey("MONTH_12")) {
        return null;
      }
      if (!node.get("intraoperativeComplications").isEmpty()) {
        return true;
      }
      for (JsonNode v : visits.values()) {
        for (JsonNode c : v.get("complications")) {
          if (c.get("onsetDay").asInt() <= 90) {
            return true;
          }
        }
      }
      return false;
    }

    Integer score(String timepoint, String field) {
      JsonNode v = visits.get(timepoint);
      return v == null || !v.has(field) ? null : v.get(field).asInt();
    }
  }

  static List<Event> events(SimulatorConfig config) {
    return CACHE.computeIfAbsent(config, c -> {
      List<Event> out = new ArrayList<>();
      new Simulator(c).forEach(e -> out.add(new Event(e.at(), e.type(), e.json(), parse(e.json()))));
      return List.copyOf(out);
    });
  }

  static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Procedures by id as the contract reads them: re-sent eventIds ignored, the last ProcedurePerformed wins, per
   * timepoint the latest recordedAt wins; withdrawn patients are kept unless {@code dropWithdrawn}.
   */
  static Map<String, Procedure> procedures(List<Event> events, boolean dropWithdrawn) {
    Map<String, JsonNode> procedures = new LinkedHashMap<>();
    Map<String, Map<String, JsonNode>> visits = new HashMap<>();
    java.util.Set<String> withdrawn = new java.util.HashSet<>();
    java.util.Set<String> eventIds = new java.util.HashSet<>();
    for (Event e : events) {
      if (!eventIds.add(e.text("eventId"))) {
        continue; // an exact re-send
      }
      switch (e.type()) {
        case SimulatedEvent.PROCEDURE_PERFORMED -> procedures.put(e.text("procedureId"), e.node());
        case SimulatedEvent.FOLLOW_UP_RECORDED -> {
          Map<String, JsonNode> byTimepoint = visits.computeIfAbsent(e.text("procedureId"),
              k -> new HashMap<>());
          JsonNode old = byTimepoint.get(e.text("timepoint"));
          if (old == null || !e.time("recordedAt").isBefore(Instant.parse(old.get("recordedAt").asText()))) {
            byTimepoint.put(e.text("timepoint"), e.node());
          }
        }
        default -> withdrawn.add(e.text("hospitalId") + "/" + e.text("patientId"));
      }
    }
    Map<String, Procedure> out = new LinkedHashMap<>();
    procedures.forEach((id, node) -> {
      if (!dropWithdrawn || !withdrawn.contains(node.get("hospitalId").asText() + "/"
          + node.get("patientId").asText())) {
        out.put(id, new Procedure(node, visits.getOrDefault(id, Map.of())));
      }
    });
    return out;
  }

  private Feeds() {}
}
