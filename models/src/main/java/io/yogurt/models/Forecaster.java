package io.yogurt.models;

/** Learns a series and forecasts its next steps. */
public interface Forecaster {

  /** A short name, shown in reports ("gbm", "seasonal-naive-1d"). */
  String name();

  /** Fits on a history; gaps (NaN) are allowed. */
  Model fit(Series history);

  /** A fitted model. Forecasting is cheap; fitting is not. */
  interface Model {

    String name();

    /**
     * Forecasts {@code horizon} steps after the end of {@code recent}, which must have the step the
     * model was fitted with and end where the forecast starts.
     */
    Forecast forecast(Series recent, int horizon);
  }
}
