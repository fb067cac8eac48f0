package org.spineoutcomes.statistics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the CSV fixtures written by src/test/resources/r/make-fixtures.R and make-monitoring-fixtures.R.
 * Public (with its sibling {@link Close}) so the tests of the riskmodel and monitoring packages can use it.
 */
public final class Fixture {

  private final Map<String, String> fields;

  private Fixture(Map<String, String> fields) {
    this.fields = fields;
  }

  public static List<Fixture> read(String name) {
    InputStream in = Fixture.class.getResourceAsStream("/fixtures/" + name);
    if (in == null) {
      throw new IllegalStateException("missing fixture " + name + "; run make-fixtures.R");
    }
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<Fixture> rows = new ArrayList<>();
      String[] header = null;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cells = line.split(",", -1);
        if (header == null) {
          header = cells;
          continue;
        }
        if (cells.length != header.length) {
          throw new IllegalStateException(name + ": " + cells.length + " cells, header has "
              + header.length + ": " + line);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
          fields.put(header[i], cells[i]);
        }
        rows.add(new Fixture(fields));
      }
      if (rows.isEmpty()) {
        throw new IllegalStateException(name + " holds no rows");
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String text(String field) {
    String value = fields.get(field);
    if (value == null) {
      throw new IllegalArgumentException("no field " + field + " in " + fields.keySet());
    }
    return value;
  }

  /** A number; "NA" (R's undefined) reads as NaN. */
  public double num(String field) {
    return parse(text(field));
  }

  public long count(String field) {
    double v = num(field);
    if (v != Math.rint(v)) {
      throw new IllegalArgumentException(field + " is not a count: " + v);
    }
    return (long) v;
  }

  public String id() {
    return text("case");
  }

  public static double parse(String s) {
    return "NA".equals(s) || "NaN".equals(s) ? Double.NaN : Double.parseDouble(s);
  }

  /** A ';'-separated list of numbers. */
  public static double[] list(String s) {
    return Arrays.stream(s.split(";")).mapToDouble(Fixture::parse).toArray();
  }

  /** A ';'-separated list of ':'-separated numbers. */
  public static List<double[]> tuples(String s) {
    List<double[]> out = new ArrayList<>();
    for (String part : s.split(";")) {
      out.add(Arrays.stream(part.split(":")).mapToDouble(Fixture::parse).toArray());
    }
    return out;
  }

  public boolean isHistogram(String field) {
    return text(field).contains(":");
  }

  @Override
  public String toString() {
    return fields.getOrDefault("case", fields.toString());
  }
}
