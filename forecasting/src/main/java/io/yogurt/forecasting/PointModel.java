package io.yogurt.forecasting;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;

/**
 * A fitted point forecaster. It must read only {@code values[0, origin)}: that is the whole
 * no-look-ahead contract the backtests rely on.
 */
interface PointModel extends Serializable {

  /**
   * Point forecasts for the {@code horizon} steps after {@code origin}.
   *
   * @param start the instant of {@code values[0]}
   */
  double[] predict(double[] values, Instant start, int origin, int horizon);

  /**
   * What the conformal offset is added to for the upper quantile: the point forecast, or a quantile
   * model's own estimate (conformalised quantile regression).
   */
  default double[] upperBase(double[] values, Instant start, int origin, double[] point) {
    return point;
  }

  /** Feature importance by name, when the model has one (trees, linear coefficients). */
  default Map<String, Double> importance() {
    return Map.of();
  }
}
