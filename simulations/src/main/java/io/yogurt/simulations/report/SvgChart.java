package io.yogurt.simulations.report;

import java.util.List;
import java.util.Locale;

/** A line chart as inline SVG: no script, no external file, so the report opens offline. */
final class SvgChart {

  /** One line: its name, colour and values at evenly spaced points (NaN: no point). */
  record Line(String name, String color, double[] values) {}

  private static final int W = 560;
  private static final int H = 200;
  private static final int LEFT = 50;
  private static final int RIGHT = 10;
  private static final int TOP = 24;
  private static final int BOTTOM = 22;

  private SvgChart() {}

  static String render(
      String title, String unit, String startLabel, String endLabel, List<Line> lines) {
    double max = 0;
    int n = 0;
    for (Line l : lines) {
      n = Math.max(n, l.values().length);
      for (double v : l.values()) {
        if (Double.isFinite(v)) {
          max = Math.max(max, v);
        }
      }
    }
    max = max <= 0 ? 1 : max * 1.05;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\">",
            W,
            H,
            W,
            H));
    String heading = unit.isEmpty() ? title : title + " (" + unit + ")";
    svg.append("<text x=\"")
        .append(LEFT)
        .append("\" y=\"15\" class=\"t\">")
        .append(esc(heading))
        .append("</text>");
    int plotW = W - LEFT - RIGHT;
    int plotH = H - TOP - BOTTOM;
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"f\"/>",
            LEFT,
            TOP,
            plotW,
            plotH));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" class=\"a\" text-anchor=\"end\">%s</text>",
            LEFT - 4,
            TOP + 8,
            esc(Numbers.fixed(max, max < 10 ? 2 : 0))));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" class=\"a\" text-anchor=\"end\">0</text>",
            LEFT - 4,
            TOP + plotH));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" class=\"a\">%s</text>",
            LEFT,
            H - 6,
            esc(startLabel)));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" class=\"a\" text-anchor=\"end\">%s</text>",
            W - RIGHT,
            H - 6,
            esc(endLabel)));
    int legendX = W - RIGHT;
    for (int li = lines.size() - 1; li >= 0; li--) {
      Line l = lines.get(li);
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"15\" class=\"a\" text-anchor=\"end\" style=\"fill:%s;font-weight:bold\">%s</text>",
              legendX,
              l.color(),
              esc(l.name())));
      legendX -= 8 + 7 * l.name().length();
    }
    for (Line l : lines) {
      StringBuilder pts = new StringBuilder();
      double[] v = l.values();
      for (int i = 0; i < v.length; i++) {
        if (!Double.isFinite(v[i])) {
          continue;
        }
        double x = LEFT + (n <= 1 ? 0 : plotW * i / (double) (n - 1));
        double y = TOP + plotH - plotH * v[i] / max;
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      svg.append("<polyline fill=\"none\" stroke-width=\"1.2\" stroke=\"")
          .append(l.color())
          .append("\" points=\"")
          .append(pts.toString().trim())
          .append("\"/>");
    }
    return svg.append("</svg>").toString();
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
