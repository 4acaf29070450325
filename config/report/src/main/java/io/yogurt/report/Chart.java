package io.yogurt.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One interactive chart of a report page, drawn by uPlot in the browser: lines (or points) over a
 * shared x, a shaded band, horizontal rules (an SLA), markers along the x axis (actions), hover
 * values in the legend, drag to zoom. Charts of one {@link #group} move together: same cursor, same
 * zoom. Every value is kept: a month of minutes is 43,200 points, zoomable to the minute.
 *
 * <pre>{@code
 * Chart.overTime("queue wait p95", "s")
 *     .times(start, Duration.ofMinutes(1), wait.length)
 *     .line("wait p95", "#d62728", wait)
 *     .rule("SLA 5 s", 5, "#000")
 *     .yRange(0, sharedMax)
 *     .group("runs");
 * Chart.over("cost vs SLA", "cost ($)", "SLA-violating minutes").x(costs).points("runs", c, v);
 * }</pre>
 */
public final class Chart {

  private record Series(String name, String color, String kind, double[] values, String over) {}

  private record Rule(String label, double y, String color) {}

  private final String title;
  private final String xLabel;
  private final String unit;
  private final boolean time;
  private double[] x;
  private long start;
  private long step;
  private int n = -1;
  private final List<Series> series = new ArrayList<>();
  private final List<Rule> rules = new ArrayList<>();
  private String markerLabel;
  private double[] markers = new double[0];
  private double yMin = Double.NaN;
  private double yMax = Double.NaN;
  private int height = 260;
  private String group = "";
  private String note = "";

  private Chart(String title, String xLabel, String unit, boolean time) {
    this.title = title;
    this.xLabel = xLabel;
    this.unit = unit;
    this.time = time;
  }

  /** A chart whose x is time (shown in UTC); {@code unit} labels the y axis and hover values. */
  public static Chart overTime(String title, String unit) {
    return new Chart(title, "", unit, true);
  }

  /** A chart over a numeric x ({@code xLabel} names it, with its unit). */
  public static Chart over(String title, String xLabel, String unit) {
    return new Chart(title, xLabel, unit, false);
  }

  /** Evenly spaced instants: {@code n} points from {@code start}, one every {@code step}. */
  public Chart times(Instant start, Duration step, int n) {
    this.start = start.getEpochSecond();
    this.step = Math.max(1, step.toSeconds());
    this.n = n;
    this.x = null;
    return this;
  }

  /** The x values (for a time chart, seconds since the epoch). */
  public Chart x(double[] x) {
    this.x = x.clone();
    this.n = x.length;
    return this;
  }

  public Chart line(String name, String color, double[] values) {
    return add(new Series(name, color, "line", values, ""));
  }

  public Chart dashed(String name, String color, double[] values) {
    return add(new Series(name, color, "dashed", values, ""));
  }

  /** Dots without a line, for a scatter (give x in ascending order: hover finds points by x). */
  public Chart points(String name, String color, double[] values) {
    return add(new Series(name, color, "points", values, ""));
  }

  /** An upper bound shaded down to the series named {@code over} (a forecast's quantile band). */
  public Chart band(String name, String color, double[] upper, String over) {
    if (series.stream().noneMatch(s -> s.name().equals(over))) {
      throw new IllegalArgumentException("band " + name + ": no series named " + over + " yet");
    }
    return add(new Series(name, color, "band", upper, over));
  }

  /** A horizontal line at {@code y}, labelled (an SLA, a target). */
  public Chart rule(String label, double y, String color) {
    rules.add(new Rule(label, y, color));
    return this;
  }

  /** Ticks along the x axis at the given instants ({@code label} says what they mark). */
  public Chart markers(String label, List<Instant> at) {
    this.markerLabel = label;
    this.markers = at.stream().mapToDouble(Instant::getEpochSecond).toArray();
    return this;
  }

  /** A fixed y range, so charts compared side by side share a scale (NaN: from the data). */
  public Chart yRange(double min, double max) {
    this.yMin = min;
    this.yMax = max;
    return this;
  }

  public Chart height(int pixels) {
    this.height = pixels;
    return this;
  }

  /** Charts of one group share the cursor and the zoom. */
  public Chart group(String key) {
    this.group = key;
    return this;
  }

  /** A sentence under the title. */
  public Chart note(String text) {
    this.note = text;
    return this;
  }

  public String title() {
    return title;
  }

  /** Whether the y range is fixed (shared with other charts) rather than fitted to the data. */
  boolean hasFixedRange() {
    return !Double.isNaN(yMax);
  }

  private Chart add(Series s) {
    if (n < 0) {
      throw new IllegalStateException(title + ": set the x values (times or x) before the series");
    }
    if (s.values().length != n) {
      throw new IllegalArgumentException(
          title + ": series " + s.name() + " has " + s.values().length + " values, x has " + n);
    }
    series.add(s);
    return this;
  }

  /** The chart as the page script reads it. */
  String json() {
    StringBuilder b = new StringBuilder(64 + 8 * n * (series.size() + 1));
    b.append("{\"title\":").append(Html.jsonString(title));
    b.append(",\"unit\":").append(Html.jsonString(unit));
    b.append(",\"xLabel\":").append(Html.jsonString(xLabel));
    b.append(",\"time\":").append(time);
    b.append(",\"height\":").append(height);
    b.append(",\"group\":").append(Html.jsonString(group));
    b.append(",\"note\":").append(Html.jsonString(note));
    b.append(",\"yRange\":[");
    Html.jsonNumber(b, yMin, 6);
    b.append(',');
    Html.jsonNumber(b, yMax, 6);
    b.append(']');
    if (x == null) {
      b.append(",\"regular\":{\"start\":")
          .append(start)
          .append(",\"step\":")
          .append(step)
          .append(",\"n\":")
          .append(Math.max(0, n))
          .append('}');
    } else {
      b.append(",\"x\":");
      array(b, x);
    }
    b.append(",\"series\":[");
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      b.append(i == 0 ? "" : ",")
          .append("{\"name\":")
          .append(Html.jsonString(s.name()))
          .append(",\"color\":")
          .append(Html.jsonString(s.color()))
          .append(",\"kind\":\"")
          .append(s.kind())
          .append("\",\"over\":")
          .append(Html.jsonString(s.over()))
          .append(",\"values\":");
      array(b, s.values());
      b.append('}');
    }
    b.append("],\"rules\":[");
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      b.append(i == 0 ? "" : ",")
          .append("{\"label\":")
          .append(Html.jsonString(r.label()))
          .append(",\"y\":");
      Html.jsonNumber(b, r.y(), 6);
      b.append(",\"color\":").append(Html.jsonString(r.color())).append('}');
    }
    b.append("],\"markers\":{\"label\":")
        .append(Html.jsonString(markerLabel == null ? "" : markerLabel))
        .append(",\"x\":");
    array(b, markers);
    return b.append("}}").toString();
  }

  private static void array(StringBuilder b, double[] values) {
    b.append('[');
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      Html.jsonNumber(b, values[i], 6);
    }
    b.append(']');
  }
}
