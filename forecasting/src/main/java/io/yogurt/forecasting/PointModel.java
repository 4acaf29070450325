package io.yogurt.forecasting;

import java.io.Serializable;
import java.time.Instant;

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

  /** Feature importance by name, when the model has one (trees, linear coefficients). */
  default java.util.Map<String, Double> importance() {
    return java.util.Map.of();
  }
}
