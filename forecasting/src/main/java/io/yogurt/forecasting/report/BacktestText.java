package io.yogurt.forecasting.report;

import io.yogurt.config.DurationText;
import io.yogurt.forecasting.Backtest;
import io.yogurt.forecasting.BacktestProtocol;
import io.yogurt.forecasting.ModelScores;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The backtest as a text table for a terminal. */
public final class BacktestText {

  private BacktestText() {}

  public static String of(BacktestReport r) {
    StringBuilder b = new StringBuilder();
    BacktestProtocol p = r.result().protocol();
    b.append(
        String.format(
            Locale.ROOT,
            "backtest of %s: step %s, train %s, test %s, a forecast every %s for %s, %s (%d origins, %d refits)%n",
            r.source(),
            DurationText.format(r.result().series().step()),
            DurationText.format(p.train()),
            DurationText.format(p.test()),
            DurationText.format(p.every()),
            DurationText.format(p.horizon()),
            r.refitNote(),
            r.result().origins(),
            r.result().refits()));
    b.append(
        String.format(
            Locale.ROOT,
            "%-18s %7s %10s %10s %7s %7s %8s %9s %9s%n",
            "model",
            "MASE",
            "MAE",
            "RMSE",
            "sMAPE%",
            "MAPE%",
            "cover",
            "pinball",
            "fit ms"));
    for (ModelScores m : r.result().models()) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-18s %7.3f %10.2f %10.2f %7.2f %7.2f %8.3f %9.2f %9.1f%s%n",
              m.model(),
              m.meanMase(),
              m.meanMae(),
              m.meanRmse(),
              m.meanSmape(),
              m.meanMape(),
              m.meanCoverage(),
              m.meanPinball(),
              m.fitMillis(),
              m.model().equals(r.selection().selected()) ? "  <- selected" : ""));
    }
    b.append("selected: ")
        .append(r.selection().selected())
        .append(" (chosen on the first training window: ")
        .append(r.selection().why())
        .append(")")
        .append(System.lineSeparator());
    if (!r.result().choices().isEmpty()) {
      b.append(Backtest.AUTO)
          .append(": the model chosen again at every refit, as the training job does: ")
          .append(counted(r.result().choices()))
          .append(System.lineSeparator());
    }
    b.append(
        String.format(
            Locale.ROOT,
            "coverage is of the p%.0f upper quantile; MASE scale %.3f%n",
            100 * r.result().models().stream().findFirst().map(x -> quantileOf(r)).orElse(0.9),
            r.result().scale()));
    return b.toString();
  }

  /** "a ×3, b ×1" in order of first choice. */
  public static String counted(List<String> choices) {
    Map<String, Long> n =
        choices.stream()
            .collect(Collectors.groupingBy(c -> c, LinkedHashMap::new, Collectors.counting()));
    return n.entrySet().stream()
        .map(e -> e.getKey() + " ×" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static double quantileOf(BacktestReport r) {
    return r.result().forecasts().get(0).isEmpty()
        ? 0.9
        : r.result().forecasts().get(0).get(0).quantile();
  }
}
