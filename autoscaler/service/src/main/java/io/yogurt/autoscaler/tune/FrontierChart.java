package io.yogurt.autoscaler.tune;

import java.util.List;
import java.util.Locale;

/**
 * The frontier as an inline SVG scatter: SLA-violating minutes (%) across, cost against the
 * oracle's up, one colour per policy, the SLO's allowance as a dashed line, the choices ringed. One
 * small class, so that the page can switch to the shared report chart when there is one.
 */
final class FrontierChart {

  /** One point: its series, where it is, its label, whether it was chosen. */
  record Dot(String series, double x, double y, String label, boolean chosen) {}

  private static final int W = 640;
  private static final int H = 360;
  private static final int PAD = 48;
  private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"};

  private FrontierChart() {}

  static String render(List<String> series, List<Dot> dots, double allowanceX) {
    double maxX = Math.max(allowanceX * 2, dots.stream().mapToDouble(Dot::x).max().orElse(1));
    double maxY = Math.max(1.1, dots.stream().mapToDouble(Dot::y).max().orElse(1) * 1.05);
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-size=\"11\">",
            W,
            H));
    s.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fafafa\" stroke=\"#ccc\"/>",
            PAD,
            PAD / 2,
            W - 2 * PAD,
            H - 2 * PAD));
    double ax = x(allowanceX, maxX);
    s.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>"
                + "<text x=\"%.1f\" y=\"%d\" fill=\"#555\">SLO allows %.2f%%</text>",
            ax,
            PAD / 2,
            ax,
            H - PAD * 3 / 2,
            ax + 4,
            PAD / 2 + 12,
            allowanceX));
    double y1 = y(1, maxY);
    s.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#bbb\"/>"
                + "<text x=\"%d\" y=\"%.1f\" fill=\"#555\">oracle</text>",
            PAD,
            y1,
            W - PAD,
            y1,
            W - PAD - 40,
            y1 - 3));
    for (Dot d : dots) {
      String color = COLORS[Math.max(0, series.indexOf(d.series())) % COLORS.length];
      double cx = x(d.x(), maxX);
      double cy = y(d.y(), maxY);
      s.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>%s</title></circle>",
              cx,
              cy,
              color,
              esc(d.label())));
      if (d.chosen()) {
        s.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"8\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>",
                cx,
                cy,
                color));
      }
    }
    for (int i = 0; i < series.size(); i++) {
      s.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>",
              PAD + 10 + i * 110,
              H - 12,
              COLORS[i % COLORS.length],
              PAD + 18 + i * 110,
              H - 8,
              esc(series.get(i))));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\">SLA-violating minutes, %% (0 .. %.2f)</text>"
                + "<text x=\"4\" y=\"%d\">cost / oracle (up to %.2f)</text>",
            W / 2 - 90,
            H - PAD + 16,
            maxX,
            PAD / 2 - 6,
            maxY));
    return s.append("</svg>").toString();
  }

  private static double x(double v, double max) {
    return PAD + (W - 2 * PAD) * Math.min(1, v / max);
  }

  private static double y(double v, double max) {
    return H - PAD - (H - 1.5 * PAD) * Math.min(1, v / max);
  }

  static String esc(String t) {
    return t.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
