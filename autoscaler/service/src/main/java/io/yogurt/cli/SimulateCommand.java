package io.yogurt.cli;

import io.yogurt.autoscaler.Settings;
import io.yogurt.autoscaler.loop.PoolSettings;
import io.yogurt.autoscaler.policy.Policies;
import io.yogurt.autoscaler.simulate.HistoryTrace;
import io.yogurt.autoscaler.simulate.Replay;
import io.yogurt.autoscaler.simulate.ReportFiles;
import io.yogurt.config.InvalidInputException;
import io.yogurt.config.TimeText;
import io.yogurt.config.trace.Trace;
import io.yogurt.config.trace.TraceFormat;
import io.yogurt.config.trace.TraceReader;
import io.yogurt.forecasting.ForecastSettings;
import io.yogurt.forecasting.ModelCatalog;
import io.yogurt.forecasting.SelectingForecaster;
import io.yogurt.history.HistorySettings;
import io.yogurt.history.HistoryStores;
import io.yogurt.models.History;
import io.yogurt.models.HistoryException;
import io.yogurt.models.Progress;
import io.yogurt.simulations.ArrivalSchedule;
import io.yogurt.simulations.CombinedProgress;
import io.yogurt.simulations.SimulationResult;
import io.yogurt.simulations.SimulationSettings;
import io.yogurt.simulations.report.SummaryJson;
import io.yogurt.simulations.report.SummaryTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code yogurt simulate}: replays a recorded trace through the real control loop, per policy. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Replay a recorded trace through the real control loop in a simulated world, once per "
          + "policy, and compare cost and service quality with a clairvoyant oracle.",
      "Config: the pool (pools:), the loop (loop:) and the world (simulation:)."
    })
public final class SimulateCommand implements Callable<Integer> {

  private final InstantSource clock;

  SimulateCommand(InstantSource clock) {
    this.clock = clock;
  }

  static final List<String> POLICY_CHOICES = List.of("reactive", "static", "predictive", "all");

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  /** Where the traffic comes from: a trace file, or the history Yogurt stored. */
  static final class Source {
    @Option(
        names = "--trace",
        paramLabel = "FILE",
        description = "Trace CSV: a header, then time,count rows (see docs/simulations.md).")
    Path trace;

    @Option(
        names = "--from-history",
        paramLabel = "SERVICE",
        description =
            "Replay the service's arrivals from the configured history (embedded store in the "
                + "state directory, or Elasticsearch); needs --from and --to.")
    String service;
  }

  @Option(
      names = "--policy",
      paramLabel = "NAME",
      split = ",",
      defaultValue = "all",
      description = "reactive, static, predictive or all (repeat or comma-separate; default: all).")
  List<String> policies;

  @Option(
      names = "--pool",
      paramLabel = "NAME",
      description = "Which configured pool to simulate (default: the first).")
  String pool;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      description =
          "Start of the replay: 2026-03-01, '2026-03-01 12:00' (UTC) or 2026-03-01T12:00:00+02:00 (default: the trace's start).")
  String from;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      description = "End of the replay, exclusive, written as --from (default: the trace's end).")
  String to;

  @Option(
      names = "--rate-scale",
      paramLabel = "X",
      description = "Multiply the trace's counts by X (default: simulation.rate-scale, 1).")
  Double rateScale;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Random seed (default: simulation.seed, 1).")
  Long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Write summary.json, timeline-<policy>.csv and report.html into DIR.")
  Path out;

  @Option(names = "--json", description = "Print the JSON summary instead of the table.")
  boolean json;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Runs to simulate at once (default: the number of cores). The numbers do not depend on it.")
  Integer threads;

  @Option(
      names = "--skip-bad-rows",
      description = "Skip (and count) trace rows that cannot be read.")
  boolean skipBadRows;

  @Option(
      names = "--model",
      defaultValue = SelectingForecaster.NAME,
      paramLabel = "NAME",
      description =
          "Forecaster of the predictive policy: auto (default: the training job of yogurt run, "
              + "choosing among the forecast section's models, refitting and recalibrating on the "
              + "simulated clock, with its quality gate) or one model by name (gbm, stl-ets, ...: "
              + "the same job with that model as the only candidate beside the seasonal-naive "
              + "baselines).")
  String model;

  @Override
  public Integer call() throws Exception {
    Settings settings = Settings.load(common.configFile());
    Quiet.trainingJob();
    PoolSettings poolSettings = choosePool(settings);
    SimulationSettings sim = overrides(settings.simulation(), poolSettings);
    List<String> names = policyNames();
    Trace recorded =
        source.trace != null
            ? new TraceReader(new TraceFormat(null, null, ZoneOffset.UTC, skipBadRows))
                .read(source.trace)
            : fromHistory(settings.history(), settings.forecast().trainingWindow());
    Instant start = from == null ? recorded.start() : TimeText.parse("--from", from);
    Instant end = to == null ? recorded.end() : TimeText.parse("--to", to);
    checkSpan(recorded, start, end);

    double capacity = sim.capacity() > 0 ? sim.capacity() : poolSettings.spec().capacityPerWorker();
    long began = System.nanoTime();
    Progress progress =
        new CombinedProgress(
            ProgressLine.onStderr(spec.commandLine().getErr()), "simulate", names.size() + 2);
    Replay replay =
        Replay.of(
            recorded,
            start,
            end,
            sim,
            capacity,
            poolSettings,
            settings.loop(),
            forecastSettings(settings.forecast()),
            progress);
    ArrivalSchedule arrivals = replay.arrivals();
    List<SimulationResult> results = replay.simulations(poolSettings).runAll(names, threads());
    int max = poolSettings.spec().max();
    Optional<SimulationResult> withinMax = replay.comparison().runOracleWithin(max);
    double seconds = (System.nanoTime() - began) / 1e9;

    Map<String, String> inputs = inputs(recorded, arrivals, sim, poolSettings, capacity);
    withinMax.ifPresent(
        capped ->
            inputs.put(
                "beyond max",
                capped.summary().slaViolationMinutes()
                    + " SLA-violating minutes for the oracle held to max "
                    + max
                    + " (the load needed up to "
                    + replay.comparison().oraclePlan().peak()
                    + "): no policy within max keeps them"));
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    stdout.print(json ? SummaryJson.render(inputs, results) : SummaryTable.render(results));
    stdout.flush();
    stderr.printf(
        Locale.ROOT,
        "simulated %s of %s (%d requests) x %d runs in %.1f s%s%n",
        human(Duration.between(start, end)),
        recorded.source(),
        arrivals.total(),
        results.size(),
        seconds,
        recorded.skippedRows() > 0 ? "; skipped " + recorded.skippedRows() + " bad rows" : "");
    if (names.contains("predictive")) {
      stderr.println("predictive: " + replay.forecasts().summary());
    }
    if (inputs.containsKey("beyond max")) {
      stderr.println("beyond max: " + inputs.get("beyond max"));
    }
    if (out != null) {
      ReportFiles.write(out, inputs, results);
      stderr.println(
          "wrote " + out.resolve(ReportFiles.HTML) + ", " + ReportFiles.JSON + " and timelines");
    }
    return ExitCodes.OK;
  }

  /** The stored arrivals from a training window before --from (the forecaster's past) to --to. */
  private Trace fromHistory(HistorySettings historySettings, Duration past)
      throws InvalidInputException, HistoryException {
    if (from == null || to == null) {
      throw new InvalidInputException(
          "--from-history " + source.service + ": also give --from and --to");
    }
    Instant start = TimeText.parse("--from", from).minus(past);
    Instant end = TimeText.parse("--to", to);
    String where =
        historySettings.backend() == HistorySettings.Backend.EMBEDDED
            ? "the embedded history in " + common.stateDir()
            : "the Elasticsearch history";
    try (History history = HistoryStores.open(common.stateDir(), historySettings, clock)) {
      return HistoryTrace.read(history, where, source.service, start, end);
    }
  }

  private int threads() throws InvalidInputException {
    if (threads == null) {
      return Runtime.getRuntime().availableProcessors();
    }
    if (threads < 1) {
      throw new InvalidInputException("--threads: got " + threads + ", expected an integer >= 1");
    }
    return threads;
  }

  /** The forecast section, with --model as the only candidate when it names one. */
  private ForecastSettings forecastSettings(ForecastSettings f) throws InvalidInputException {
    if (model.equals(SelectingForecaster.NAME)) {
      return f;
    }
    if (!ModelCatalog.NAMES.contains(model)) {
      throw new InvalidInputException(
          "--model: got '"
              + model
              + "', expected "
              + SelectingForecaster.NAME
              + " or one of "
              + String.join(", ", ModelCatalog.NAMES));
    }
    return f.withModels(List.of(model));
  }

  /** The world of --config with the command line's changes, judged by the pool's SLO. */
  private SimulationSettings overrides(SimulationSettings sim, PoolSettings pool)
      throws InvalidInputException {
    sim = sim.withSla(pool.spec().slo().maxWait(), pool.spec().slo().percentile());
    if (rateScale != null) {
      if (!(rateScale > 0) || rateScale.isInfinite()) {
        throw new InvalidInputException(
            "--rate-scale: got " + rateScale + ", expected a number > 0");
      }
      sim = sim.withRateScale(rateScale);
    }
    return seed == null ? sim : sim.withSeed(seed);
  }

  private PoolSettings choosePool(Settings settings) throws InvalidInputException {
    if (pool == null) {
      return settings.pools().get(0);
    }
    for (PoolSettings p : settings.pools()) {
      if (p.spec().name().equals(pool)) {
        return p;
      }
    }
    throw new InvalidInputException(
        "--pool: no pool named '"
            + pool
            + "' in the config (pools: "
            + String.join(", ", settings.pools().stream().map(p -> p.spec().name()).toList())
            + ")");
  }

  private List<String> policyNames() throws InvalidInputException {
    List<String> names = new ArrayList<>();
    for (String p : policies) {
      String name = p.trim();
      if (!POLICY_CHOICES.contains(name)) {
        throw new InvalidInputException(
            "--policy: got '" + name + "', expected one of " + String.join(", ", POLICY_CHOICES));
      }
      for (String n : name.equals("all") ? Policies.NAMES : List.of(name)) {
        if (!names.contains(n)) {
          names.add(n);
        }
      }
    }
    return names;
  }

  private static void checkSpan(Trace t, Instant start, Instant end) throws InvalidInputException {
    if (!start.isBefore(end)) {
      throw new InvalidInputException("--from " + start + " is not before --to " + end);
    }
    if (start.isBefore(t.start()) || end.isAfter(t.end())) {
      throw new InvalidInputException(
          "--from/--to "
              + start
              + " .. "
              + end
              + " is outside the trace "
              + t.source()
              + ", which covers "
              + t.start()
              + " .. "
              + t.end());
    }
    if (Duration.between(start, end).toSeconds() > Integer.MAX_VALUE) {
      throw new InvalidInputException("--from/--to: span too long to simulate second by second");
    }
  }

  private static Map<String, String> inputs(
      Trace t, ArrivalSchedule a, SimulationSettings sim, PoolSettings pool, double capacity) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("trace", t.source());
    m.put("from", a.start().toString());
    m.put("to", a.end().toString());
    m.put("requests", Long.toString(a.total()));
    m.put("pool", pool.spec().name());
    m.put("min", Integer.toString(pool.spec().min()));
    m.put("max", Integer.toString(pool.spec().max()));
    m.put("capacity_per_worker", Double.toString(capacity));
    m.put("static_size", Integer.toString(pool.staticSize()));
    m.put("boot_delay_s", Long.toString(sim.bootDelay().toSeconds()));
    m.put("boot_jitter_s", Long.toString(sim.bootJitter().toSeconds()));
    m.put("price_per_hour", Double.toString(sim.pricePerHour()));
    m.put("slo", pool.spec().slo().toString());
    m.put("sla_wait_s", Double.toString(sim.slaWait().toMillis() / 1000.0));
    m.put("sla_percentile", Double.toString(sim.slaPercentile()));
    m.put(
        "burstiness",
        Double.isNaN(a.dispersion())
            ? "as recorded (trace at 1 minute or finer)"
            : String.format(
                Locale.ROOT,
                "%.2f (%s)",
                a.dispersion(),
                Double.isNaN(sim.burstiness()) ? "measured from the trace" : "stated"));
    m.put("demand_quantile", Double.toString(pool.spec().plannedDemandQuantile()));
    m.put("launch_failure_rate", Double.toString(sim.launchFailureRate()));
    m.put("rate_scale", Double.toString(sim.rateScale()));
    m.put("seed", Long.toString(sim.seed()));
    return m;
  }

  private static String human(Duration d) {
    return d.toDays() >= 2 ? d.toDays() + " days" : d.toHours() + " hours";
  }
}
