package io.yogurt.forecasting.report;

import io.yogurt.config.DurationText;
import io.yogurt.forecasting.Backtest;
import io.yogurt.forecasting.BacktestProtocol;
import io.yogurt.forecasting.BacktestResult;
import io.yogurt.forecasting.ForecastSettings;
import io.yogurt.forecasting.ModelCatalog;
import io.yogurt.forecasting.SeriesMath;
import io.yogurt.forecasting.Trainer;
import io.yogurt.models.Progress;
import io.yogurt.models.Series;
import java.util.List;
import java.util.Map;

/**
 * Runs the backtest protocol and the model selection Yogurt would make, and gathers them into a
 * {@link BacktestReport}. The selection sees only the first training window, never the test data;
 * the backtest's {@value Backtest#AUTO} row replays it at every refit.
 */
public final class BacktestRunner {

  private BacktestRunner() {}

  public static BacktestReport run(
      String source,
      Series series,
      BacktestProtocol p,
      List<String> models,
      double quantile,
      Progress progress) {
    Backtest.checkFits(series, p);
    int train = SeriesMath.stepsIn(p.train(), series.step());
    Series firstWindow = series.slice(0, train);
    ForecastSettings settings =
        new ForecastSettings(
            models,
            p.horizon(),
            series.step(),
            quantile,
            p.train(),
            p.refit(),
            p.train(),
            p.every());
    Trainer trainer = new Trainer(settings, (w, d, t) -> progress.update("selecting: " + w, d, t));
    Trainer.Selection selection = trainer.select(firstWindow);
    Map<String, Double> importance =
        selection.fitted() != null
            ? selection.fitted().importance()
            : ModelCatalog.create(selection.selected(), p.horizon(), quantile)
                .fit(firstWindow)
                .importance();
    BacktestResult result =
        new Backtest(p, (w, d, t) -> progress.update("backtest: " + w, d, t))
            .replayingSelection()
            .run(series, trainer.candidates());
    String refit =
        p.refit().compareTo(p.every()) <= 0
            ? "refit at every origin"
            : "refit every " + DurationText.format(p.refit());
    return new BacktestReport(source, refit, result, selection, importance);
  }
}
