package io.yogurt.simulations.report;

import io.yogurt.simulations.MinuteRow;
import io.yogurt.simulations.SimulationResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One self-contained HTML page: the inputs, the comparison table, the cumulative cost of every run,
 * and per run (side by side) demand vs capacity and queue wait. Charts are inline SVG; long runs
 * are folded to at most {@value #POINTS} points per line.
 */
public final class HtmlReport {

  static final int POINTS = 720;
  private static final String[] COLORS = {
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"
  };

  private HtmlReport() {}

  public static String render(Map<String, String> inputs, List<SimulationResult> results) {
    StringBuilder h =
        new StringBuilder(
            "<!doctype html><html><head><meta charset=\"utf-8\">"
                + "<title>Yogurt simulation</title><style>"
                + "body{font:14px sans-serif;margin:20px;color:#222}table{border-collapse:collapse;margin:8px 0}"
                + "td,th{border:1px solid #ccc;padding:3px 6px;text-align:right;font-size:12px}th{background:#f4f4f4}"
                + "td:first-child,th:first-child{text-align:left}.runs{display:flex;flex-wrap:wrap;gap:16px}"
                + ".t{font-weight:bold;font-size:13px}.a{font-size:11px;fill:#555}.f{fill:#fafafa;stroke:#ddd}"
                + "</style></head><body><h1>Yogurt simulation</h1>");
    h.append("<p>");
    inputs.forEach(
        (k, v) ->
            h.append("<b>")
                .append(SvgChart.esc(k))
                .append("</b> ")
                .append(SvgChart.esc(v))
                .append(" &nbsp; "));
    h.append("</p><h2>Comparison</h2><div style=\"overflow-x:auto\">")
        .append(table(results))
        .append("</div>");
    h.append("<p>Definitions of every column: docs/simulations.md.</p>");
    if (!results.isEmpty() && !results.get(0).rows().isEmpty()) {
      List<MinuteRow> first = results.get(0).rows();
      String start = first.get(0).minute().toString();
      String end = first.get(first.size() - 1).minute().toString();
      List<SvgChart.Line> costs = new ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        costs.add(
            new SvgChart.Line(
                results.get(i).name(),
                COLORS[i % COLORS.length],
                fold(results.get(i).rows(), MinuteRow::cost, false)));
      }
      h.append("<h2>Cumulative cost</h2>").append(SvgChart.render("cost", "", start, end, costs));
      h.append("<h2>Per run</h2><div class=\"runs\">");
      for (SimulationResult r : results) {
        h.append("<div><h3>").append(SvgChart.esc(r.name())).append("</h3>");
        List<SvgChart.Line> load =
            new ArrayList<>(
                List.of(
                    new SvgChart.Line("demand", "#888", fold(r.rows(), MinuteRow::demand, false)),
                    new SvgChart.Line(
                        "capacity", "#1f77b4", fold(r.rows(), MinuteRow::capacity, false))));
        double[] forecast = fold(r.rows(), MinuteRow::forecast, false);
        if (Arrays.stream(forecast).anyMatch(Double::isFinite)) {
          load.add(new SvgChart.Line("forecast", "#ff7f0e", forecast));
        }
        h.append(SvgChart.render("demand vs capacity", "req/s", start, end, load));
        h.append("<br>")
            .append(
                SvgChart.render(
                    "queue wait p95 (max per point)",
                    "s",
                    start,
                    end,
                    List.of(
                        new SvgChart.Line(
                            "wait p95", "#d62728", fold(r.rows(), MinuteRow::waitP95, true)))));
        h.append("<br>")
            .append(
                SvgChart.render(
                    "queued requests (max per point)",
                    "",
                    start,
                    end,
                    List.of(
                        new SvgChart.Line(
                            "queued", "#9467bd", fold(r.rows(), m -> m.queued(), true)))));
        h.append("</div>");
      }
      h.append("</div>");
    }
    return h.append("</body></html>\n").toString();
  }

  private static String table(List<SimulationResult> results) {
    StringBuilder t = new StringBuilder("<table><tr><th>policy</th>");
    if (results.isEmpty()) {
      return t.append("</tr></table>").toString();
    }
    Map<String, Double> keys = SummaryJson.fields(results.get(0).summary());
    keys.keySet().forEach(k -> t.append("<th>").append(k).append("</th>"));
    t.append("</tr>");
    for (SimulationResult r : results) {
      t.append("<tr><td>").append(SvgChart.esc(r.name())).append("</td>");
      SummaryJson.fields(r.summary())
          .values()
          .forEach(
              v ->
                  t.append("<td>")
                      .append(Numbers.fixed(v, v == Math.rint(v) ? 0 : 3))
                      .append("</td>"));
      t.append("</tr>");
    }
    return t.append("</table>").toString();
  }

  /** Folds a long timeline to at most POINTS values: the mean (or the max) of each bucket. */
  static double[] fold(List<MinuteRow> rows, ToDoubleFunction<MinuteRow> f, boolean max) {
    int n = rows.size();
    int buckets = Math.min(n, POINTS);
    double[] out = new double[buckets];
    for (int b = 0; b < buckets; b++) {
      int from = (int) ((long) b * n / buckets);
      int to = (int) ((long) (b + 1) * n / buckets);
      double acc = max ? Double.NaN : 0;
      int seen = 0;
      for (int i = from; i < to; i++) {
        double v = f.applyAsDouble(rows.get(i));
        if (Double.isNaN(v)) {
          continue;
        }
        acc = max ? (seen == 0 ? v : Math.max(acc, v)) : acc + v;
        seen++;
      }
      out[b] = seen == 0 ? Double.NaN : max ? acc : acc / seen;
    }
    return out;
  }
}
