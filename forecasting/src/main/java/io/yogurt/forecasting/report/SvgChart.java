package io.yogurt.forecasting.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A small line chart drawn as inline SVG: lines, a shaded band, axes with a few ticks. No scripts,
 * no external files, so a report opens offline anywhere.
 */
final class SvgChart {

  private static final int W = 960;
  private static final int H = 320;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 20;
  private static final int BOTTOM = 40;

  private final String title;
  private final List<String> parts = new ArrayList<>();
  private final List<String> legend = new ArrayList<>();
  private double xMin = Double.POSITIVE_INFINITY;
  private double xMax = Double.NEGATIVE_INFINITY;
  private double yMin = 0;
  private double yMax = Double.NEGATIVE_INFINITY;
  private final List<Runnable> deferred = new ArrayList<>();

  SvgChart(String title) {
    this.title = title;
  }

  /** A line through (x[i], y[i]); NaN values break the line. */
  SvgChart line(String name, String color, double[] x, double[] y) {
    extend(x, y);
    deferred.add(
        () -> {
          StringBuilder d = new StringBuilder();
          boolean pen = false;
          for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(y[i])) {
              pen = false;
              continue;
            }
            d.append(pen ? 'L' : 'M').append(fmt(px(x[i]))).append(',').append(fmt(py(y[i])));
            pen = true;
          }
          parts.add(
              "<path class=\"series\" data-name=\""
                  + esc(name)
                  + "\" d=\""
                  + d
                  + "\" fill=\"none\" stroke=\""
                  + color
                  + "\" stroke-width=\"1.3\"/>");
        });
    legend.add(color + "|" + name);
    return this;
  }

  /** A shaded band between lo and hi. */
  SvgChart band(String name, String color, double[] x, double[] lo, double[] hi) {
    extend(x, hi);
    deferred.add(
        () -> {
          StringBuilder d = new StringBuilder();
          List<Integer> idx = new ArrayList<>();
          for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(lo[i]) && !Double.isNaN(hi[i])) {
              idx.add(i);
            }
          }
          for (int k = 0; k < idx.size(); k++) {
            int i = idx.get(k);
            d.append(k == 0 ? 'M' : 'L').append(fmt(px(x[i]))).append(',').append(fmt(py(hi[i])));
          }
          for (int k = idx.size() - 1; k >= 0; k--) {
            int i = idx.get(k);
            d.append('L').append(fmt(px(x[i]))).append(',').append(fmt(py(lo[i])));
          }
          if (!idx.isEmpty()) {
            parts.add(
                "<path class=\"band\" data-name=\""
                    + esc(name)
                    + "\" d=\""
                    + d
                    + "Z\" fill=\""
                    + color
                    + "\" fill-opacity=\"0.25\" stroke=\"none\"/>");
          }
        });
    legend.add(color + "|" + name);
    return this;
  }

  /** Renders; {@code xLabel} formats an x value for the axis. */
  String render(DoubleFunction<String> xLabel) {
    if (xMax <= xMin) {
      xMax = xMin + 1;
    }
    if (!(yMax > yMin)) {
      yMax = yMin + 1;
    }
    yMax *= 1.05;
    // Bands first so lines are drawn over them.
    deferred.forEach(Runnable::run);
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ")
        .append(W)
        .append(' ')
        .append(H)
        .append("\" width=\"")
        .append(W)
        .append("\" height=\"")
        .append(H)
        .append("\" role=\"img\">");
    s.append("<title>").append(esc(title)).append("</title>");
    s.append("<rect x=\"0\" y=\"0\" width=\"")
        .append(W)
        .append("\" height=\"")
        .append(H)
        .append("\" fill=\"#fff\"/>");
    for (int i = 0; i <= 4; i++) {
      double y = yMin + (yMax - yMin) * i / 4;
      s.append("<line x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(W - RIGHT)
          .append("\" y1=\"")
          .append(fmt(py(y)))
          .append("\" y2=\"")
          .append(fmt(py(y)))
          .append("\" stroke=\"#ddd\"/>");
      s.append("<text x=\"")
          .append(LEFT - 6)
          .append("\" y=\"")
          .append(fmt(py(y) + 4))
          .append("\" text-anchor=\"end\" font-size=\"11\">")
          .append(esc(shortNumber(y)))
          .append("</text>");
    }
    for (int i = 0; i <= 5; i++) {
      double x = xMin + (xMax - xMin) * i / 5;
      s.append("<text x=\"")
          .append(fmt(px(x)))
          .append("\" y=\"")
          .append(H - BOTTOM + 16)
          .append("\" text-anchor=\"middle\" font-size=\"11\">")
          .append(esc(xLabel.apply(x)))
          .append("</text>");
    }
    s.append("<line x1=\"")
        .append(LEFT)
        .append("\" x2=\"")
        .append(LEFT)
        .append("\" y1=\"")
        .append(TOP)
        .append("\" y2=\"")
        .append(H - BOTTOM)
        .append("\" stroke=\"#888\"/>");
    s.append("<line x1=\"")
        .append(LEFT)
        .append("\" x2=\"")
        .append(W - RIGHT)
        .append("\" y1=\"")
        .append(H - BOTTOM)
        .append("\" y2=\"")
        .append(H - BOTTOM)
        .append("\" stroke=\"#888\"/>");
    parts.forEach(s::append);
    int lx = LEFT + 10;
    for (String l : legend) {
      String[] cn = l.split("\\|", 2);
      s.append("<rect x=\"")
          .append(lx)
          .append("\" y=\"")
          .append(H - 14)
          .append("\" width=\"12\" height=\"8\" fill=\"")
          .append(cn[0])
          .append("\"/><text x=\"")
          .append(lx + 16)
          .append("\" y=\"")
          .append(H - 6)
          .append("\" font-size=\"11\">")
          .append(esc(cn[1]))
          .append("</text>");
      lx += 30 + 7 * cn[1].length();
    }
    s.append("</svg>");
    return s.toString();
  }

  private void extend(double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      xMin = Math.min(xMin, x[i]);
      xMax = Math.max(xMax, x[i]);
      if (Double.isFinite(y[i])) {
        yMax = Math.max(yMax, y[i]);
        yMin = Math.min(yMin, y[i]);
      }
    }
  }

  private double px(double x) {
    return LEFT + (x - xMin) / (xMax - xMin) * (W - LEFT - RIGHT);
  }

  private double py(double y) {
    return H - BOTTOM - (y - yMin) / (yMax - yMin) * (H - TOP - BOTTOM);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String shortNumber(double v) {
    double a = Math.abs(v);
    if (a >= 1e6) {
      return String.format(Locale.ROOT, "%.1fM", v / 1e6);
    }
    if (a >= 1e3) {
      return String.format(Locale.ROOT, "%.1fk", v / 1e3);
    }
    return String.format(Locale.ROOT, a >= 10 ? "%.0f" : "%.2f", v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
