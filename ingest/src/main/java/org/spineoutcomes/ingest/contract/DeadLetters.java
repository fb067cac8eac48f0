package org.spineoutcomes.ingest.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spineoutcomes.schemas.DeadLetter;

/**
 * Dead letters: rejected lines as they go to the dead-letter topic, with every patientId value replaced by its
 * pseudonym so that the topic never carries a raw patient id.
 */
public final class DeadLetters {

  /** A lenient reader (duplicates allowed, last wins) used only to find ids in lines that are JSON after all. */
  private static final ObjectMapper LENIENT = new ObjectMapper();

  /**
   * A patientId key (double-, single- or un-quoted) followed by ':' or '=' and a value: a double- or single-quoted
   * string, possibly unterminated (a cut line), or a bare token (number, unquoted word).
   */
  private static final Pattern PATIENT_ID = idPattern("patientId");
  private static final Pattern HOSPITAL_ID = idPattern("hospitalId");

  private DeadLetters() {
  }

  private static Pattern idPattern(String key) {
    return Pattern.compile("([\"']?)" + key + "\\1(\\s*[:=]\\s*)"
        + "(\"(?:[^\"\\\\]|\\\\.)*\"?|'(?:[^'\\\\]|\\\\.)*'?|[^\\s,{}\\[\\]\"']+)");
  }

  /**
   * The line with every patientId value replaced by {@code p.pseudonym(hospitalId, patientId)}, in the same quoting
   * style; everything else is left as received. Works on valid JSON (the pseudonym is then the one the accepted event
   * would carry) and on broken lines, via a pattern on {@code "patientId": "..."}; when no hospitalId can be found the
   * empty string stands for it. If the line is JSON and a patientId remains that the pattern cannot see (an escaped
   * key, an object value), the line is re-serialised from its parsed form with those values replaced.
   */
  public static String redact(String line, Pseudonymizer p) {
    Objects.requireNonNull(p, "pseudonymizer");
    if (line == null || line.isEmpty()) {
      return line == null ? "" : line;
    }
    JsonNode tree = lenientTree(line);
    String hospitalId = hospitalId(line, tree);
    String redacted = line;
    if (line.contains("patientId")) {
      redacted = PATIENT_ID.matcher(line).replaceAll(m -> Matcher.quoteReplacement(
          m.group(1) + "patientId" + m.group(1) + m.group(2) + replacement(m.group(3), hospitalId, p)));
    }
    if (tree != null && (tree.isObject() || tree.isArray()) && leaksPatientId(tree, redacted)) {
      JsonNode copy = tree.deepCopy();
      replacePatientIds(copy, hospitalId, p);
      redacted = copy.toString();
    }
    return redacted;
  }

  /**
   * The dead-letter record of a rejected line: its source ("stdin", a file name, "http", "simulator"), 1-based
   * position in it (0 if none), the redacted line, and the rejection.
   */
  public static DeadLetter deadLetter(String source, long position, String rawLine, ParseResult.Rejected rejected,
                    Instant now, Pseudonymizer p) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(rejected, "rejected");
    Objects.requireNonNull(now, "now");
    return new DeadLetter(source, position, redact(rawLine, p), rejected.reason(), rejected.field(),
        rejected.detail(), now);
  }

  private static String replacement(String value, String hospitalId, Pseudonymizer p) {
    char q = value.charAt(0);
    String quote = q == '\'' ? "'" : "\"";
    return quote + p.pseudonym(hospitalId, decode(value)) + quote;
  }

  /** The text of a matched value: JSON-unescaped when it is a complete JSON string, else without its quotes. */
  private static String decode(String value) {
    char q = value.charAt(0);
    if (q != '"' && q != '\'') {
      return value;
    }
    boolean closed = value.length() >= 2 && value.charAt(value.length() - 1) == q;
    String inner = value.substring(1, closed ? value.length() - 1 : value.length());
    if (q == '"' && closed && inner.indexOf('\\') >= 0) {
      try {
        return LENIENT.readValue(value, String.class);
      } catch (Exception e) {
        return inner;
      }
    }
    return inner;
  }

  private static JsonNode lenientTree(String line) {
    try {
      return LENIENT.readTree(line);
    } catch (Exception e) {
      return null;
    }
  }

  private static String hospitalId(String line, JsonNode tree) {
    if (tree != null && tree.isObject()) {
      JsonNode h = tree.get("hospitalId");
      if (h != null && h.isTextual()) {
        return h.textValue();
      }
    }
    Matcher m = HOSPITAL_ID.matcher(line);
    return m.find() ? decode(m.group(3)) : "";
  }

  private static boolean leaksPatientId(JsonNode node, String redacted) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        if (e.getKey().equals("patientId") && !v.isNull()) {
          if (v.isContainerNode() || !v.asText().isEmpty() && redacted.contains(v.asText())) {
            return true;
          }
        }
        if (v.isContainerNode() && leaksPatientId(v, redacted)) {
          return true;
        }
      }
    } else if (node.isArray()) {
      for (JsonNode v : node) {
        if (leaksPatientId(v, redacted)) {
          return true;
        }
      }
    }
    return false;
  }

  private static void replacePatientIds(JsonNode node, String hospitalId, Pseudonymizer p) {
    if (node.isObject()) {
      ObjectNode o = (ObjectNode) node;
      for (Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        if (e.getKey().equals("patientId") && !v.isNull()) {
          e.setValue(o.textNode(p.pseudonym(hospitalId, v.isValueNode() ? v.asText() : v.toString())));
        } else if (v.isContainerNode()) {
          replacePatientIds(v, hospitalId, p);
        }
      }
    } else if (node.isArray()) {
      for (JsonNode v : node) {
        replacePatientIds(v, hospitalId, p);
      }
    }
  }
}
