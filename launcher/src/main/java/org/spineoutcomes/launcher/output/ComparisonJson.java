package org.spineoutcomes.launcher.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.spineoutcomes.schemas.OutcomeComparison;

/**
 * Writes a comparison as plain JSON with the Avro schema's field names (nulls kept, so a suppressed figure is
 * visibly null, enum values as their names, timestamps as ISO-8601).
 */
public final class ComparisonJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public static ObjectNode toJson(OutcomeComparison comparison) {
    return record(comparison);
  }

  public static String toLine(OutcomeComparison comparison) {
    try {
      return MAPPER.writeValueAsString(record(comparison));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode record(SpecificRecord r) {
    ObjectNode node = MAPPER.createObjectNode();
    for (Schema.Field f : r.getSchema().getFields()) {
      Object v = r.get(f.pos());
      String name = f.name();
      if (v == null) {
        node.putNull(name);
      } else if (v instanceof SpecificRecord nested) {
        node.set(name, record(nested));
      } else if (v instanceof Double d) {
        node.put(name, d);
      } else if (v instanceof Integer i) {
        node.put(name, i);
      } else if (v instanceof Long l) {
        node.put(name, l);
      } else if (v instanceof Boolean b) {
        node.put(name, b);
      } else {
        node.put(name, v.toString());
      }
    }
    return node;
  }

  private ComparisonJson() {}
}
