package io.yogurt.forecasting;

/**
 * Errors of one model at one step ahead over a backtest.
 *
 * @param h steps ahead (1 = the first step after the origin)
 * @param mase MAE divided by the mean |y_t - y_(t-1 day)| of the first training window
 * @param smape symmetric MAPE in percent (0 when actual and forecast are both 0)
 * @param mape MAPE in percent over the steps whose actual is not 0
 * @param coverage share of actuals at or below the upper quantile
 * @param pinball pinball loss of the upper quantile
 */
public record HorizonScore(
    int h,
    int n,
    double mae,
    double rmse,
    double mase,
    double smape,
    double mape,
    double coverage,
    double pinball) {}
