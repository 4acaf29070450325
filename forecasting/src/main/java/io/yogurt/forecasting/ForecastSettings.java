package io.yogurt.forecasting;

import io.yogurt.config.ConfigSection;
import java.time.Duration;
import java.util.List;

/**
 * The {@code forecast:} section.
 *
 * @param models candidate models (the seasonal-naive baselines are always added); default all
 * @param horizon how far each forecast reaches
 * @param step the series step models are trained and forecast at
 * @param quantile the upper quantile provided for provisioning
 * @param trainingWindow at most this much history is trained on
 * @param retrainEvery how often the training job refits
 * @param minHistory no model is trained on less history than this
 * @param liveWindow the recent window the quality gate scores a live model on
 * @param trainingThreads how many candidates are fitted at once; 0: one per core
 * @param refitEvery how often the model in force is fitted again on the latest window
 * @param reselectEvery how often every candidate is fitted and scored again and the best chosen
 */
public record ForecastSettings(
    List<String> models,
    Duration horizon,
    Duration step,
    double quantile,
    Duration trainingWindow,
    Duration retrainEvery,
    Duration minHistory,
    Duration liveWindow,
    int trainingThreads,
    Duration refitEvery,
    Duration reselectEvery) {

  public static final ForecastSettings DEFAULTS =
      new ForecastSettings(
          ModelCatalog.DEFAULTS,
          Duration.ofMinutes(60),
          Duration.ofMinutes(5),
          0.9,
          Duration.ofDays(14),
          Duration.ofHours(1),
          Duration.ofDays(2),
          Duration.ofHours(6),
          0,
          Duration.ofDays(1),
          Duration.ofDays(7));

  public ForecastSettings {
    models = List.copyOf(models);
  }

  /** Settings that refit daily and select again weekly. */
  public ForecastSettings(
      List<String> models,
      Duration horizon,
      Duration step,
      double quantile,
      Duration trainingWindow,
      Duration retrainEvery,
      Duration minHistory,
      Duration liveWindow,
      int trainingThreads) {
    this(
        models,
        horizon,
        step,
        quantile,
        trainingWindow,
        retrainEvery,
        minHistory,
        liveWindow,
        trainingThreads,
        Duration.ofDays(1),
        Duration.ofDays(7));
  }

  /** These settings with other candidate models. */
  public ForecastSettings withModels(List<String> names) {
    return new ForecastSettings(
        names,
        horizon,
        step,
        quantile,
        trainingWindow,
        retrainEvery,
        minHistory,
        liveWindow,
        trainingThreads,
        refitEvery,
        reselectEvery);
  }

  /** Settings that fit candidates one per core. */
  public ForecastSettings(
      List<String> models,
      Duration horizon,
      Duration step,
      double quantile,
      Duration trainingWindow,
      Duration retrainEvery,
      Duration minHistory,
      Duration liveWindow) {
    this(models, horizon, step, quantile, trainingWindow, retrainEvery, minHistory, liveWindow, 0);
  }

  /** The threads that fit candidates: the configured number, else one per core. */
  public int fittingThreads() {
    return trainingThreads > 0 ? trainingThreads : Runtime.getRuntime().availableProcessors();
  }

  /** Reads the section; errors (unknown model, out of range values) are recorded on it. */
  public static ForecastSettings from(ConfigSection s) {
    ForecastSettings d = DEFAULTS;
    List<String> models = s.strings("models", d.models());
    for (String m : models) {
      if (!ModelCatalog.NAMES.contains(m)) {
        s.error(
            "models",
            "unknown model '" + m + "', expected some of " + String.join(", ", ModelCatalog.NAMES));
      }
    }
    Duration step = s.duration("step", d.step(), Duration.ofSeconds(10), Duration.ofHours(1));
    Duration horizon =
        s.duration("horizon", d.horizon(), Duration.ofMinutes(1), Duration.ofDays(1));
    double quantile = s.number("quantile", d.quantile(), 0.5, 0.999);
    Duration window =
        s.duration("training-window", d.trainingWindow(), Duration.ofDays(1), Duration.ofDays(365));
    Duration retrain =
        s.duration("retrain-every", d.retrainEvery(), Duration.ofMinutes(1), Duration.ofDays(7));
    Duration minHistory =
        s.duration("min-history", d.minHistory(), Duration.ofHours(1), Duration.ofDays(365));
    Duration live =
        s.duration("live-window", d.liveWindow(), Duration.ofMinutes(10), Duration.ofDays(7));
    int threads = s.integer("training-threads", d.trainingThreads(), 0, 256);
    Duration refit =
        s.duration("refit-every", d.refitEvery(), Duration.ofMinutes(1), Duration.ofDays(30));
    Duration reselect =
        s.duration("reselect-every", d.reselectEvery(), Duration.ofMinutes(1), Duration.ofDays(90));
    if (horizon.compareTo(step) < 0) {
      s.error("horizon", "got " + horizon + ", expected at least one step (" + step + ")");
    }
    if (minHistory.compareTo(window) > 0) {
      s.error("min-history", "is longer than training-window; no model would ever train");
    }
    List<String> valid = models.stream().filter(ModelCatalog.NAMES::contains).toList();
    return new ForecastSettings(
        valid,
        horizon,
        step,
        quantile,
        window,
        retrain,
        minHistory,
        live,
        threads,
        refit,
        reselect);
  }

  /** The horizon in steps. */
  public int horizonSteps() {
    return SeriesMath.stepsIn(horizon, step);
  }
}
