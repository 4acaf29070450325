package io.yogurt.forecasting.report;

import static io.yogurt.forecasting.report.SvgChart.esc;

import io.yogurt.forecasting.Backtest;
import io.yogurt.forecasting.HorizonScore;
import io.yogurt.forecasting.ModelScores;
import io.yogurt.models.Forecast;
import io.yogurt.models.Series;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The forecast report: one self-contained HTML file (inline SVG, inline CSS, no scripts) with the
 * history and the selected model's forecast and upper-quantile band over the test window, the error
 * by step ahead per model, the model comparison table and the feature importance.
 */
public final class HtmlReport {

  private static final String[] COLORS = {
    "#7f7f7f", "#bcbd22", "#8c564b", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#17becf"
  };
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private HtmlReport() {}

  public static String of(BacktestReport r) {
    StringBuilder b = new StringBuilder();
    b.append(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Yogurt forecast report</title>")
        .append(
            "<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
        .append(
            "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f4f4f4}")
        .append(
            "td:first-child,th:first-child{text-align:left}.sel{font-weight:bold;background:#eef6ff}")
        .append(".bar{background:#1f77b4;height:10px;display:inline-block}</style></head><body>");
    b.append("<h1>Forecast report</h1><p>")
        .append(esc(BacktestText.of(r).lines().findFirst().orElse("")))
        .append("</p>");
    b.append("<p>Selected model: <b>")
        .append(esc(r.selection().selected()))
        .append("</b> (")
        .append(esc(r.selection().why()))
        .append("; chosen on the first training window only).</p>");
    if (!r.result().choices().isEmpty()) {
      b.append("<p>Row <b>")
          .append(Backtest.AUTO)
          .append("</b>: the model chosen again at every refit, as the " + "training job does (")
          .append(esc(BacktestText.counted(r.result().choices())))
          .append(").</p>");
    }
    b.append("<h2>History and forecast</h2>").append(forecastChart(r));
    b.append("<h2>Error by step ahead (MASE)</h2>").append(errorChart(r));
    b.append("<h2>Model comparison</h2>").append(table(r));
    b.append("<h2>Feature importance (")
        .append(esc(r.selection().selected()))
        .append(")</h2>")
        .append(importance(r.importance()));
    b.append("</body></html>\n");
    return b.toString();
  }

  private static String forecastChart(BacktestReport r) {
    Series s = r.result().series();
    List<Forecast> fs = r.result().forecastsOf(r.selection().selected());
    int step = (int) s.step().toMillis();
    int from = Math.max(0, index(s, fs.get(0).origin()) - (int) (86_400_000L / step));
    Forecast last = fs.get(fs.size() - 1);
    int to = Math.min(s.size(), index(s, last.origin()) + last.horizon());
    double[] x = new double[to - from];
    double[] actual = new double[to - from];
    double[] point = new double[to - from];
    double[] upper = new double[to - from];
    Arrays.fill(point, Double.NaN);
    Arrays.fill(upper, Double.NaN);
    for (int i = from; i < to; i++) {
      x[i - from] = s.timeAt(i).toEpochMilli();
      actual[i - from] = s.valueAt(i);
    }
    // Each origin's path up to the next origin: a continuous out-of-sample forecast.
    for (int k = 0; k < fs.size(); k++) {
      Forecast f = fs.get(k);
      int o = index(s, f.origin());
      int until = k + 1 < fs.size() ? index(s, fs.get(k + 1).origin()) : o + f.horizon();
      for (int h = 0; h < f.horizon() && o + h < until && o + h < to; h++) {
        point[o + h - from] = f.point()[h];
        upper[o + h - from] = f.upper()[h];
      }
    }
    String q = String.format(Locale.ROOT, "p%.0f", 100 * fs.get(0).quantile());
    return new SvgChart("actual vs forecast")
        .band(q + " band", "#1f77b4", x, point, upper)
        .line("actual", "#222", x, actual)
        .line("forecast (" + r.selection().selected() + ")", "#1f77b4", x, point)
        .render(v -> TIME.format(Instant.ofEpochMilli((long) v)));
  }

  private static String errorChart(BacktestReport r) {
    SvgChart c = new SvgChart("MASE by step ahead");
    int i = 0;
    for (ModelScores m : r.result().models()) {
      double[] x = m.horizons().stream().mapToDouble(HorizonScore::h).toArray();
      double[] y = m.horizons().stream().mapToDouble(HorizonScore::mase).toArray();
      c.line(m.model(), COLORS[i++ % COLORS.length], x, y);
    }
    return c.render(v -> Math.abs(v - Math.rint(v)) < 1e-9 ? "h=" + (long) Math.rint(v) : "");
  }

  private static String table(BacktestReport r) {
    StringBuilder b =
        new StringBuilder(
            "<table class=\"models\"><tr><th>model</th><th>MASE</th><th>MAE</th>"
                + "<th>RMSE</th><th>sMAPE %</th><th>MAPE %</th><th>coverage</th><th>pinball</th><th>fit ms</th>"
                + "<th>forecast µs</th></tr>");
    for (ModelScores m : r.result().models()) {
      b.append(m.model().equals(r.selection().selected()) ? "<tr class=\"sel\">" : "<tr>")
          .append("<td>")
          .append(esc(m.model()))
          .append("</td>");
      for (double v :
          new double[] {
            m.meanMase(),
            m.meanMae(),
            m.meanRmse(),
            m.meanSmape(),
            m.meanMape(),
            m.meanCoverage(),
            m.meanPinball(),
            m.fitMillis(),
            m.forecastMicros()
          }) {
        b.append("<td>").append(String.format(Locale.ROOT, "%.3f", v)).append("</td>");
      }
      b.append("</tr>");
    }
    return b.append("</table>").toString();
  }

  private static String importance(Map<String, Double> imp) {
    if (imp.isEmpty()) {
      return "<p>This model has no features: it forecasts from its own history.</p>";
    }
    StringBuilder b = new StringBuilder("<table class=\"importance\">");
    imp.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(
            e ->
                b.append("<tr><td>")
                    .append(esc(e.getKey()))
                    .append("</td><td><span class=\"bar\" style=\"width:")
                    .append(String.format(Locale.ROOT, "%.0f", 300 * e.getValue()))
                    .append("px\"></span> ")
                    .append(String.format(Locale.ROOT, "%.3f", e.getValue()))
                    .append("</td></tr>"));
    return b.append("</table>").toString();
  }

  private static int index(Series s, Instant t) {
    return (int) ((t.toEpochMilli() - s.start().toEpochMilli()) / s.step().toMillis());
  }
}
