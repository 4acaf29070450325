package io.yogurt.simulations.report;

import java.util.Locale;

/** Number formatting shared by the reports: fixed locale, NaN shown as the format's blank. */
final class Numbers {

  private Numbers() {}

  static String fixed(double v, int decimals) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "";
  }

  /** JSON number, or null for NaN and infinities. */
  static String json(double v) {
    if (!Double.isFinite(v)) {
      return "null";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.6g", v)
        .replaceAll("(\\.\\d*?)0+(e|$)", "$1$2")
        .replaceAll("\\.(e|$)", "$1");
  }
}
