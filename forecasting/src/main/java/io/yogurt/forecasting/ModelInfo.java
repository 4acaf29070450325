package io.yogurt.forecasting;

import java.util.List;
import java.util.Map;

/**
 * What is stored beside a trained model (meta.json): where its data came from, what it was compared
 * with, and whether it was demoted. Times are ISO-8601 strings.
 *
 * @param scores mean MASE per candidate in the selection backtest on the training window
 * @param baselineMase the best seasonal-naive mean MASE in that backtest
 * @param selectedAt when the candidates were last compared (null: when it was trained)
 * @param updatedAt when it was last recalibrated on new data (null: when it was trained)
 */
public record ModelInfo(
    String version,
    String service,
    String model,
    String trainedAt,
    String dataFrom,
    String dataTo,
    String step,
    String horizon,
    double quantile,
    List<String> features,
    Map<String, Double> scores,
    double baselineMase,
    boolean demoted,
    String demotedBecause,
    String selectedAt,
    String updatedAt) {

  public ModelInfo demote(String because) {
    return new ModelInfo(
        version,
        service,
        model,
        trainedAt,
        dataFrom,
        dataTo,
        step,
        horizon,
        quantile,
        features,
        scores,
        baselineMase,
        true,
        because,
        selectedAt,
        updatedAt);
  }

  /** This info with the time of the latest recalibration. */
  public ModelInfo updated(String at) {
    return new ModelInfo(
        version,
        service,
        model,
        trainedAt,
        dataFrom,
        dataTo,
        step,
        horizon,
        quantile,
        features,
        scores,
        baselineMase,
        demoted,
        demotedBecause,
        selectedAt,
        at);
  }

  /** When the candidates were last compared. */
  public String selectedOrTrainedAt() {
    return selectedAt == null ? trainedAt : selectedAt;
  }

  /** When it was last fitted or recalibrated. */
  public String updatedOrTrainedAt() {
    return updatedAt == null ? trainedAt : updatedAt;
  }
}
