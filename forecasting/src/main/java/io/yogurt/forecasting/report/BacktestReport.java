package io.yogurt.forecasting.report;

import io.yogurt.forecasting.BacktestResult;
import io.yogurt.forecasting.Trainer;
import java.util.Map;

/**
 * Everything a forecast report shows: the backtest, the model Yogurt would select (chosen on the
 * first training window only) and that model's feature importance.
 *
 * @param source where the data came from (a trace file)
 * @param refitNote how often models were refitted, in words
 */
public record BacktestReport(
    String source,
    String refitNote,
    BacktestResult result,
    Trainer.Selection selection,
    Map<String, Double> importance) {}
