package org.spineoutcomes.ingest.simulator;

/** Minimal, allocation-free JSON writing helpers for the simulator's hand-written event lines. */
final class JsonText {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonText() {}

  /** Appends {@code s} as a JSON string literal with RFC 8259 escaping. */
  static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            sb.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** Appends {@code ,"name":} (or without the comma for the first field); names are plain ASCII constants. */
  static void name(StringBuilder sb, String name) {
    sb.append(',').append('"').append(name).append('"').append(':');
  }

  /** Appends a non-negative integer left-padded with zeros to {@code width} digits. */
  static void padded(StringBuilder sb, long value, int width) {
    int digits = 1;
    for (long v = value; v >= 10; v /= 10) {
      digits++;
    }
    for (int i = digits; i < width; i++) {
      sb.append('0');
    }
    sb.append(value);
  }

  /** Appends tenths as a decimal with one fractional digit, e.g. 234 as 23.4. */
  static void tenths(StringBuilder sb, int tenths) {
    if (tenths < 0) {
      sb.append('-');
      tenths = -tenths;
    }
    sb.append(tenths / 10).append('.').append((char) ('0' + tenths % 10));
  }

  /** Appends a random (version 4, IETF variant) UUID built from two 64-bit values, lowercase. */
  static void uuid(StringBuilder sb, long msb, long lsb) {
    msb = (msb & ~0xF000L) | 0x4000L;
    lsb = (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    hex(sb, msb >>> 32, 8);
    sb.append('-');
    hex(sb, msb >>> 16, 4);
    sb.append('-');
    hex(sb, msb, 4);
    sb.append('-');
    hex(sb, lsb >>> 48, 4);
    sb.append('-');
    hex(sb, lsb, 12);
  }

  private static void hex(StringBuilder sb, long v, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      sb.append(HEX[(int) (v >>> shift) & 0xF]);
    }
  }

  /** Appends an ISO-8601 UTC instant with whole seconds, e.g. 2025-01-01T09:40:00Z (years 0000-9999). */
  static void instant(StringBuilder sb, long epochSecond) {
    long epochDay = Math.floorDiv(epochSecond, 86_400L);
    int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
    // Civil-from-days (H. Hinnant), proleptic Gregorian.
    long z = epochDay + 719_468L;
    long era = Math.floorDiv(z, 146_097L);
    long doe = z - era * 146_097L;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    sb.append('"');
    padded(sb, year, 4);
    sb.append('-');
    two(sb, month);
    sb.append('-');
    two(sb, day);
    sb.append('T');
    two(sb, secondOfDay / 3600);
    sb.append(':');
    two(sb, secondOfDay / 60 % 60);
    sb.append(':');
    two(sb, secondOfDay % 60);
    sb.append('Z').append('"');
  }

  private static void two(StringBuilder sb, int v) {
    sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }
}
