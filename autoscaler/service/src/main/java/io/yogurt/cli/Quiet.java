package io.yogurt.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.yogurt.autoscaler.forecast.TrainedForecastSource;
import org.slf4j.LoggerFactory;

/** Replays train a model every simulated day: their log lines are counted, not printed. */
final class Quiet {

  private Quiet() {}

  /** The training job logs only errors from here on (its work is summed up in the report). */
  static void trainingJob() {
    if (LoggerFactory.getLogger(TrainedForecastSource.class) instanceof Logger l) {
      l.setLevel(Level.ERROR);
    }
  }
}
