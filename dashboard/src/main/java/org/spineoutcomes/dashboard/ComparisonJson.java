package org.spineoutcomes.dashboard;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.spineoutcomes.schemas.AdjustedComparison;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.ArmFigures;
import org.spineoutcomes.schemas.OutcomeComparison;

/**
 * A comparison as the API serves it: the Avro schema's field names (as in replay's output), with the
 * suppression rule enforced here whatever the record holds. A suppressed arm is {"suppressed": true} and
 * nothing else, not even its n; a suppressed comparison carries no comparison figure (difference, interval,
 * p, ...), and a suppressed adjusted comparison is {"suppressed": true}. Non-finite numbers become null.
 */
public final class ComparisonJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Fields of a comparison that identify it or describe its parts; every other field is a comparison figure. */
  private static final Set<String> NOT_FIGURES =
      Set.of("dimension", "value", "metric", "kind", "suppressed", "open", "microscopic", "adjusted", "computedAt");

  /**
   * A published comparison for the page: a suppressed arm or adjusted estimate shows only "suppressed", and a
   * suppressed comparison no comparison figures, whatever the record holds.
   */
  public static ObjectNode toJson(String key, OutcomeComparison c) {
    ObjectNode node = NODES.objectNode();
    node.put("key", key);
    boolean openHidden = c.getOpen().getSuppressed();
    boolean microHidden = c.getMicroscopic().getSuppressed();
    boolean suppressed = c.getSuppressed() || openHidden || microHidden;
    for (Schema.Field f : c.getSchema().getFields()) {
      String name = f.name();
      Object v = c.get(f.pos());
      switch (name) {
        case "suppressed" -> node.put(name, suppressed);
        case "open" -> node.set(name, openHidden ? suppressedNode() : arm((ArmFigures) v));
        case "microscopic" -> node.set(name, microHidden ? suppressedNode() : arm((ArmFigures) v));
        case "adjusted" -> {
          if (v == null) {
            node.putNull(name);
          } else {
            node.set(name, adjusted((AdjustedComparison) v, suppressed));
          }
        }
        case "computedAt" -> node.put(name, v == null ? null : ((Instant) v).toString());
        default -> {
          if (suppressed && !NOT_FIGURES.contains(name)) {
            node.putNull(name);
          } else {
            putValue(node, name, v);
          }
        }
      }
    }
    return node;
  }

  static ObjectNode arm(ArmFigures a) {
    if (a.getSuppressed()) {
      return suppressedNode();
    }
    return record(a);
  }

  static ObjectNode adjusted(AdjustedComparison a, boolean crudeSuppressed) {
    if (a.getSuppressed() || crudeSuppressed) {
      return suppressedNode();
    }
    return record(a);
  }

  private static ObjectNode suppressedNode() {
    ObjectNode node = NODES.objectNode();
    node.put("suppressed", true);
    return node;
  }

  /**
   * Any of our Avro records as plain JSON with its schema's field names, exactly as held (no suppression
   * applied): nulls kept, enums by name, timestamps ISO-8601. replay writes its output with this.
   */
  public static ObjectNode plain(SpecificRecord r) {
    return record(r);
  }

  private static ObjectNode record(SpecificRecord r) {
    ObjectNode node = NODES.objectNode();
    for (Schema.Field f : r.getSchema().getFields()) {
      putValue(node, f.name(), r.get(f.pos()));
    }
    return node;
  }

  private static void putValue(ObjectNode node, String name, Object v) {
    if (v == null) {
      node.putNull(name);
    } else if (v instanceof SpecificRecord nested) {
      node.set(name, record(nested));
    } else if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        node.putNull(name);
      } else {
        node.put(name, d);
      }
    } else if (v instanceof Integer i) {
      node.put(name, i);
    } else if (v instanceof Long l) {
      node.put(name, l);
    } else if (v instanceof Boolean b) {
      node.put(name, b);
    } else if (v instanceof Enum<?> e) {
      node.put(name, e.name());
    } else {
      node.put(name, v.toString());
    }
  }

  private ComparisonJson() {}
}
