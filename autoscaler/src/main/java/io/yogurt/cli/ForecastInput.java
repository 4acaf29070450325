package io.yogurt.cli;

import io.yogurt.config.DurationText;
import io.yogurt.config.InvalidInputException;
import io.yogurt.config.trace.Trace;
import io.yogurt.forecasting.BacktestProtocol;
import io.yogurt.forecasting.ModelCatalog;
import io.yogurt.forecasting.SeriesMath;
import io.yogurt.models.Series;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options the forecast commands share: the trace and how to read it, the step it is summed to,
 * and the backtest protocol. Turns them into a series and a protocol, or one clear error.
 */
public final class ForecastInput {

  @Mixin TraceOptions traceOptions;

  @Option(names = "--step", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Sum the trace to this step (default: ${DEFAULT-VALUE}; at least the trace's interval).")
  Duration step = Duration.ofMinutes(5);

  @Option(names = "--train", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Training window; the first origin is this long after the start (default: ${DEFAULT-VALUE}).")
  Duration train = Duration.ofDays(14);

  @Option(names = "--test", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long forecasts are issued for (default: ${DEFAULT-VALUE}).")
  Duration test = Duration.ofDays(7);

  @Option(names = "--every", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "A forecast every ... (default: ${DEFAULT-VALUE}).")
  Duration every = Duration.ofHours(1);

  @Option(names = "--horizon", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How far each forecast reaches (default: ${DEFAULT-VALUE}).")
  Duration horizon = Duration.ofMinutes(60);

  @Option(names = "--refit", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Refit the models every ... (default: ${DEFAULT-VALUE}; --refit equal to --every refits at every origin).")
  Duration refit = Duration.ofDays(1);

  @Option(names = "--models", split = ",", paramLabel = "NAME",
      description = "Models to compare (default: all: ${DEFAULT-VALUE}); seasonal-naive baselines are always added.")
  List<String> models = ModelCatalog.NAMES;

  @Option(names = "--quantile", paramLabel = "Q", description = "Upper quantile (default: ${DEFAULT-VALUE}).")
  double quantile = 0.9;

  /** The trace summed to --step. */
  Series series() throws InvalidInputException {
    Trace t = traceOptions.read();
    long interval = t.interval().toMillis();
    if (step.toMillis() < interval || step.toMillis() % interval != 0) {
      throw new InvalidInputException("--step " + DurationText.format(step) + ": expected a whole multiple of "
          + traceOptions.trace + "'s interval " + DurationText.format(t.interval()));
    }
    return SeriesMath.sumTo(t.toSeries(), step);
  }

  /** The protocol, checked against the series. */
  BacktestProtocol protocol(Series s) throws InvalidInputException {
    checkModelsAndQuantile();
    for (var o : List.of(java.util.Map.entry("--every", every), java.util.Map.entry("--horizon", horizon),
        java.util.Map.entry("--refit", refit))) {
      if (o.getValue().compareTo(step) < 0) {
        throw new InvalidInputException(o.getKey() + " " + DurationText.format(o.getValue())
            + ": expected at least one step (--step " + DurationText.format(step) + ")");
      }
    }
    Duration covered = s.step().multipliedBy(s.size());
    Duration needed = train.plus(horizon);
    if (covered.compareTo(needed) < 0) {
      throw new InvalidInputException(traceOptions.trace + String.format(java.util.Locale.ROOT,
          ": covers %.1fh but --train %s + --horizon %s needs %.1fh; shorten --train",
          covered.toMinutes() / 60.0, DurationText.format(train), DurationText.format(horizon),
          needed.toMinutes() / 60.0));
    }
    return new BacktestProtocol(train, test, every, horizon, refit);
  }

  void checkModelsAndQuantile() throws InvalidInputException {
    for (String m : models) {
      if (!ModelCatalog.NAMES.contains(m)) {
        throw new InvalidInputException("--models: unknown model '" + m + "', expected some of "
            + String.join(", ", ModelCatalog.NAMES));
      }
    }
    if (!(quantile >= 0.5 && quantile < 1)) {
      throw new InvalidInputException("--quantile " + quantile + ": expected a number in [0.5, 1)");
    }
  }
}
