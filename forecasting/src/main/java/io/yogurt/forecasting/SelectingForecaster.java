package io.yogurt.forecasting;

import io.yogurt.models.Forecaster;
import io.yogurt.models.Progress;
import io.yogurt.models.Series;

/**
 * The training job as a {@link Forecaster}: each fit selects a model on the last training window
 * ({@link Trainer#select}) and returns it fitted, as {@code yogurt run} does every retrain. For
 * replays that should forecast the way the service would; the live quality gate is not part of it.
 */
public final class SelectingForecaster implements Forecaster {

  /** Its name on the command line. */
  public static final String NAME = "auto";

  private final Trainer trainer;

  public SelectingForecaster(ForecastSettings settings) {
    this.trainer = new Trainer(settings, Progress.NONE);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The selected model, fitted; its name is the model's ("ensemble"), not this one's. */
  @Override
  public CalibratedModel fit(Series history) {
    Series window = trainer.window(history);
    return trainer.fit(NAME, window, trainer.select(window), window.end()).model();
  }
}
