package io.yogurt.cli;

import io.yogurt.autoscaler.Settings;
import io.yogurt.config.DurationText;
import io.yogurt.config.InvalidInputException;
import io.yogurt.config.trace.Trace;
import io.yogurt.forecasting.BacktestProtocol;
import io.yogurt.forecasting.ModelCatalog;
import io.yogurt.forecasting.SeriesMath;
import io.yogurt.history.HistorySettings;
import io.yogurt.history.HistoryStores;
import io.yogurt.models.History;
import io.yogurt.models.HistoryException;
import io.yogurt.models.Series;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The options the forecast commands share: where the series comes from (a trace, or the last
 * --since of the recorded history), the step it is summed to, and the backtest protocol. Turns them
 * into a series and a protocol, or one clear error.
 */
public final class ForecastInput {

  static final Duration DEFAULT_TRAIN = Duration.ofDays(14);
  static final Duration DEFAULT_TEST = Duration.ofDays(7);

  /** The MASE scale compares each step with the day before: less than a day cannot be scored. */
  static final Duration MIN_TRAIN = Duration.ofDays(1);

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  /** A trace file, or the recorded history: one of them. */
  static final class Source {
    @ArgGroup(exclusive = false)
    TraceOptions traceOptions;

    @Option(
        names = "--since",
        paramLabel = "DURATION",
        converter = DurationConverter.class,
        description =
            "Instead of --trace: the service's arrivals over the last DURATION (e.g. 7d) from the "
                + "configured history (embedded store in the state directory, or Elasticsearch).")
    Duration since;
  }

  @Option(
      names = "--service",
      paramLabel = "NAME",
      description =
          "With --since: the service to read (default: the only one in the history). "
              + "For train: the service the model is stored for (default: the one read, else 'default').")
  String service;

  @Option(
      names = "--step",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "5m",
      description =
          "Sum the trace to this step, or read the history at it (default: ${DEFAULT-VALUE}; at least "
              + "the trace's interval; for the history, at least the interval it was recorded at).")
  Duration step;

  @Option(
      names = "--train",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Training window; the first origin is this long after the start "
              + "(default: 14d; with --since, half the history read, at least 1d, at most 14d).")
  Duration train;

  @Option(
      names = "--test",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "How long forecasts are issued for (default: 7d; with --since, the rest of the history, at most 7d).")
  Duration test;

  @Option(
      names = "--every",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "1h",
      description = "A forecast every ... (default: ${DEFAULT-VALUE}).")
  Duration every;

  @Option(
      names = "--horizon",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "1h",
      description = "How far each forecast reaches (default: ${DEFAULT-VALUE}).")
  Duration horizon;

  @Option(
      names = "--refit",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "1d",
      description =
          "Refit the models every ... (default: ${DEFAULT-VALUE}; --refit equal to --every refits at every origin).")
  Duration refit;

  @Option(
      names = "--models",
      split = ",",
      paramLabel = "NAME",
      description =
          "Models to compare (default: ${DEFAULT-VALUE}); seasonal-naive baselines are always added;"
              + " log-NAME is model NAME fitted on the log scale (any but the seasonal-naive ones).")
  List<String> models = ModelCatalog.DEFAULTS;

  @Option(
      names = "--quantile",
      paramLabel = "Q",
      description = "Upper quantile (default: ${DEFAULT-VALUE}).")
  double quantile = 0.9;

  /** A series, what it was read from (for messages and the report's title), and its service. */
  record Input(String source, String service, Series series) {}

  /**
   * The series at --step: the trace summed to it, or the history read at it up to {@code clock}'s
   * now.
   */
  Input read(CommonOptions common, InstantSource clock)
      throws InvalidInputException, HistoryException {
    if (source.since == null) {
      return new Input(
          source.traceOptions.trace.toString(),
          service == null ? "default" : service,
          traceSeries());
    }
    HistorySettings settings = Settings.load(common.configFile()).history();
    String where =
        settings.backend() == HistorySettings.Backend.EMBEDDED
            ? "the embedded history in " + common.stateDir()
            : "the Elasticsearch history";
    try (History h = HistoryStores.open(common.stateDir(), settings, clock)) {
      HistoryOptions.reportIfDegraded(h, new PrintWriter(System.err, true, StandardCharsets.UTF_8));
      HistoryWindow.Read r =
          HistoryWindow.read(h, where, service, source.since, step, clock.instant());
      return new Input(r.label(), r.service(), r.series());
    }
  }

  private Series traceSeries() throws InvalidInputException {
    Trace t = source.traceOptions.read();
    long interval = t.interval().toMillis();
    if (step.toMillis() < interval || step.toMillis() % interval != 0) {
      throw new InvalidInputException(
          "--step "
              + DurationText.format(step)
              + ": expected a whole multiple of "
              + source.traceOptions.trace
              + "'s interval "
              + DurationText.format(t.interval()));
    }
    return SeriesMath.sumTo(t.toSeries(), step);
  }

  /** The training window: --train, else the default that fits the input. */
  Duration train(Input in) {
    if (train != null) {
      return train;
    }
    if (source.since == null) {
      return DEFAULT_TRAIN;
    }
    Duration half = floorToStep(covered(in.series()).dividedBy(2));
    return half.compareTo(MIN_TRAIN) < 0
        ? MIN_TRAIN
        : half.compareTo(DEFAULT_TRAIN) > 0 ? DEFAULT_TRAIN : half;
  }

  /** The test span: --test, else the default that fits the input. */
  Duration test(Input in) {
    if (test != null) {
      return test;
    }
    if (source.since == null) {
      return DEFAULT_TEST;
    }
    Duration rest = covered(in.series()).minus(train(in));
    return rest.compareTo(DEFAULT_TEST) > 0 ? DEFAULT_TEST : rest.compareTo(step) < 0 ? step : rest;
  }

  /** The protocol, checked against the series. */
  BacktestProtocol protocol(Input in) throws InvalidInputException {
    checkModelsAndQuantile();
    for (var o :
        List.of(
            Map.entry("--every", every),
            Map.entry("--horizon", horizon),
            Map.entry("--refit", refit))) {
      if (o.getValue().compareTo(step) < 0) {
        throw new InvalidInputException(
            o.getKey()
                + " "
                + DurationText.format(o.getValue())
                + ": expected at least one step (--step "
                + DurationText.format(step)
                + ")");
      }
    }
    checkLongEnough(in, train(in));
    return new BacktestProtocol(train(in), test(in), every, horizon, refit);
  }

  /**
   * Training needs train + horizon of data; the message says how much there is and what is needed.
   */
  void checkLongEnough(Input in, Duration train) throws InvalidInputException {
    Duration covered = covered(in.series());
    Duration needed = train.plus(horizon);
    if (covered.compareTo(needed) >= 0) {
      return;
    }
    String what =
        String.format(
            Locale.ROOT,
            "covers %.1fh but --train %s + --horizon %s needs %.1fh",
            hours(covered),
            DurationText.format(train),
            DurationText.format(horizon),
            hours(needed));
    if (source.since == null) {
      throw new InvalidInputException(in.source() + ": " + what + "; shorten --train");
    }
    String hint =
        this.train == null
            ? "; record more history (at least "
                + DurationText.format(MIN_TRAIN)
                + " of training data is needed)"
            : "; record more history or shorten --train";
    throw new InvalidInputException(in.source() + " " + what + hint);
  }

  void checkModelsAndQuantile() throws InvalidInputException {
    for (String m : models) {
      if (!ModelCatalog.NAMES.contains(m)) {
        throw new InvalidInputException(
            "--models: unknown model '"
                + m
                + "', expected some of "
                + String.join(", ", ModelCatalog.NAMES));
      }
    }
    if (!(quantile >= 0.5 && quantile < 1)) {
      throw new InvalidInputException("--quantile " + quantile + ": expected a number in [0.5, 1)");
    }
  }

  private Duration floorToStep(Duration d) {
    return step.multipliedBy(d.toMillis() / step.toMillis());
  }

  private static Duration covered(Series s) {
    return s.step().multipliedBy(s.size());
  }

  private static double hours(Duration d) {
    return d.toMinutes() / 60.0;
  }
}
