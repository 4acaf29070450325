package io.yogurt.report;

import java.util.Locale;

/**
 * Text made safe for a report page: HTML escaping, JSON inside a script, numbers as people read.
 */
public final class Html {

  private Html() {}

  /** Escapes text for an element's content or an attribute value. */
  public static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** A JSON string literal, safe inside a {@code <script>} element too. */
  static String jsonString(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '<' -> b.append("\\u003c");
        case '>' -> b.append("\\u003e");
        case '&' -> b.append("\\u0026");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /**
   * A JSON number with at most {@code significant} significant digits (enough for a chart, and
   * short: a month of minutes is 43,200 values), {@code null} for NaN and infinities.
   */
  static void jsonNumber(StringBuilder b, double v, int significant) {
    if (!Double.isFinite(v)) {
      b.append("null");
    } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      b.append((long) v);
    } else {
      String s = String.format(Locale.ROOT, "%." + significant + "g", v);
      if (s.contains("e") || !s.contains(".")) {
        b.append(s);
        return;
      }
      int end = s.length();
      while (s.charAt(end - 1) == '0') {
        end--;
      }
      if (s.charAt(end - 1) == '.') {
        end--;
      }
      b.append(s, 0, end);
    }
  }

  /** A number as tables show it: fixed decimals, blank for NaN. */
  public static String fixed(double v, int decimals) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "";
  }
}
