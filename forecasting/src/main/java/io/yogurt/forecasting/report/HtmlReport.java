package io.yogurt.forecasting.report;

import io.yogurt.config.DurationText;
import io.yogurt.forecasting.Backtest;
import io.yogurt.forecasting.HorizonScore;
import io.yogurt.forecasting.ModelScores;
import io.yogurt.models.Forecast;
import io.yogurt.models.Series;
import io.yogurt.report.Chart;
import io.yogurt.report.Html;
import io.yogurt.report.HtmlPage;
import io.yogurt.report.Palette;
import io.yogurt.report.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The forecast report: one self-contained HTML file with the history and the selected model's
 * forecast and upper-quantile band over the test window (every step, zoomable), the error by step
 * ahead per model, the model comparison table (units in the headers) and the feature importance.
 */
public final class HtmlReport {

  private HtmlReport() {}

  public static String of(BacktestReport r) {
    HtmlPage page = new HtmlPage("Yogurt forecast report").h1("Forecast report");
    page.paragraph(BacktestText.of(r).lines().findFirst().orElse(""));
    page.html(
        "<p>Selected model: <b>"
            + Html.esc(r.selection().selected())
            + "</b> ("
            + Html.esc(r.selection().why())
            + "; chosen on the first training window only).</p>");
    if (!r.result().choices().isEmpty()) {
      page.html(
          "<p>Row <b>"
              + Backtest.AUTO
              + "</b>: the model chosen again at every refit, as the training job does ("
              + Html.esc(BacktestText.counted(r.result().choices()))
              + ").</p>");
    }
    page.h2("History and forecast").chart(forecastChart(r));
    page.h2("Error by step ahead (MASE)").chart(errorChart(r));
    page.h2("Model comparison").table(table(r));
    page.paragraph(
        "MAE, RMSE and pinball loss are in the series' unit: requests per step ("
            + DurationText.format(r.result().series().step())
            + "). MASE is MAE over the mean change from one day to the next in the first"
            + " training window; coverage is the share of actual values at or below the upper"
            + " quantile. Definitions: docs/forecasting.md.");
    page.h2("Feature importance (" + r.selection().selected() + ")")
        .html(importance(r.importance()));
    return page.render();
  }

  private static Chart forecastChart(BacktestReport r) {
    Series s = r.result().series();
    List<Forecast> fs = r.result().forecastsOf(r.selection().selected());
    int step = (int) s.step().toMillis();
    int from = Math.max(0, index(s, fs.get(0).origin()) - (int) (86_400_000L / step));
    Forecast last = fs.get(fs.size() - 1);
    int to = Math.min(s.size(), index(s, last.origin()) + last.horizon());
    double[] actual = new double[to - from];
    double[] point = new double[to - from];
    double[] upper = new double[to - from];
    Arrays.fill(point, Double.NaN);
    Arrays.fill(upper, Double.NaN);
    for (int i = from; i < to; i++) {
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
    String forecast = "forecast (" + r.selection().selected() + ")";
    return Chart.overTime("actual vs forecast", "requests per step")
        .times(s.timeAt(from), s.step(), to - from)
        .line("actual", "#222222", actual)
        .line(forecast, "#1f77b4", point)
        .band(q + " upper quantile", "#1f77b4", upper, forecast)
        .height(340)
        .group("forecast")
        .note("The day before the first origin, then each origin's forecast up to the next one.");
  }

  private static Chart errorChart(BacktestReport r) {
    List<ModelScores> models = r.result().models();
    double[] x =
        models.isEmpty()
            ? new double[0]
            : models.get(0).horizons().stream().mapToDouble(HorizonScore::h).toArray();
    Chart c = Chart.over("MASE by step ahead", "steps ahead", "MASE").x(x).height(320);
    int i = 0;
    for (ModelScores m : models) {
      double[] y = m.horizons().stream().mapToDouble(HorizonScore::mase).toArray();
      String color = Palette.color(i++);
      if (m.model().equals(r.selection().selected()) || m.model().equals(Backtest.AUTO)) {
        c.line(m.model(), color, y);
      } else {
        c.dashed(m.model(), color, y);
      }
    }
    return c.note("Solid: the selected model and the auto row; dashed: the others.");
  }

  private static Table table(BacktestReport r) {
    Table t =
        new Table(
            "models",
            List.of(
                "model",
                "MASE",
                "MAE (req/step)",
                "RMSE (req/step)",
                "sMAPE (%)",
                "MAPE (%)",
                "coverage (share)",
                "pinball (req/step)",
                "fit (ms)",
                "forecast (µs)"));
    for (ModelScores m : r.result().models()) {
      String[] cells = {
        m.model(),
        three(m.meanMase()),
        three(m.meanMae()),
        three(m.meanRmse()),
        three(m.meanSmape()),
        three(m.meanMape()),
        three(m.meanCoverage()),
        three(m.meanPinball()),
        three(m.fitMillis()),
        three(m.forecastMicros())
      };
      if (m.model().equals(r.selection().selected())) {
        t.highlightedRow(cells);
      } else {
        t.row(cells);
      }
    }
    return t;
  }

  private static String three(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
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
                    .append(Html.esc(e.getKey()))
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
