package io.yogurt.cli;

import io.yogurt.autoscaler.Settings;
import io.yogurt.autoscaler.loop.PoolSettings;
import io.yogurt.autoscaler.tune.FrontierReport;
import io.yogurt.autoscaler.tune.TuneRun;
import io.yogurt.autoscaler.tune.TuningStore;
import io.yogurt.config.DurationText;
import io.yogurt.config.InvalidInputException;
import io.yogurt.config.TimeText;
import io.yogurt.config.trace.Trace;
import io.yogurt.config.trace.TraceFormat;
import io.yogurt.config.trace.TraceReader;
import io.yogurt.history.HistorySettings;
import io.yogurt.history.HistoryStores;
import io.yogurt.models.History;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code yogurt tune}: replays the recorded history through the simulator with the production loop,
 * once per setting of the policy's margins, and picks the cheapest that met the SLO.
 */
@Command(
    name = "tune",
    mixinStandardHelpOptions = true,
    description = {
      "Replay the recorded history (or a trace) through the real control loop once per setting "
          + "of the margins (reactive: target-utilization x scale-in-stabilization; predictive: "
          + "demand-quantile), print the frontier (cost and SLA-violating minutes per setting, "
          + "next to the oracle) and pick the cheapest setting that met the pool's SLO.",
      "Writes tune.html (the frontier plotted) and tune.json; --apply puts the choice in force "
          + "in a running yogurt run (audited); --reset undoes it."
    })
public final class TuneCommand implements Callable<Integer> {

  private final InstantSource clock;

  TuneCommand(InstantSource clock) {
    this.clock = clock;
  }

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Option(
      names = "--pool",
      paramLabel = "NAME",
      description = "Which configured pool to tune (default: the first).")
  String pool;

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      defaultValue = "7d",
      description = "How much of the recent history to replay (default: ${DEFAULT-VALUE}).")
  String since;

  @Option(
      names = "--trace",
      paramLabel = "FILE",
      description = "Replay this trace instead of the recorded history (docs/simulations.md).")
  Path trace;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      description = "With --trace: the end of the span replayed (default: the trace's end).")
  String to;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where tune.html and tune.json go (default: <state-dir>/tune).")
  Path out;

  @Option(
      names = "--apply",
      description =
          "Put the choice in force for the pool (in <state-dir>/tuning.json, audited); a running"
              + " yogurt run picks it up within a minute.")
  boolean apply;

  @Option(
      names = "--reset",
      description =
          "Put the configured margins back and hold tunes off the pool for --hold; replays"
              + " nothing.")
  boolean reset;

  @Option(
      names = "--hold",
      paramLabel = "DURATION",
      defaultValue = "7d",
      description = "With --reset: how long no tune is applied (default: ${DEFAULT-VALUE}).")
  String hold;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Replays run at once (default: the number of cores).")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    Settings settings = Settings.load(common.configFile());
    Quiet.trainingJob();
    PoolSettings p = choosePool(settings);
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    if (reset) {
      Duration h = duration("--hold", hold);
      Files.createDirectories(common.stateDir());
      new TuningStore(common.stateDir()).reset(p.spec().name(), h, "cli", clock.instant());
      stdout.printf(
          Locale.ROOT,
          "%s: configured margins back in force; no tune applied to it before %s%n",
          p.spec().name(),
          clock.instant().plus(h));
      stdout.flush();
      return ExitCodes.OK;
    }
    Duration span = duration("--since", since);
    long began = System.nanoTime();
    TuneRun.Outcome o;
    try {
      o = trace != null ? onTrace(settings, p, span) : onHistory(settings, p, span);
    } catch (InvalidInputException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "replay failed, the setting in force is unchanged: " + e.getMessage(), e);
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    stdout.print(FrontierReport.text(o.frontier()));
    String verdict =
        o.choice().meetsSlo()
            ? "chosen for " + p.policy() + ": " + o.choice().point().margins().label()
            : "no "
                + p.policy()
                + " setting met the SLO on the replay; the safest is "
                + o.choice().point().margins().label();
    stdout.println(verdict + " (" + o.evidence() + ")");
    stdout.flush();
    Path dir = out != null ? out : common.stateDir().resolve("tune");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("tune.json"), FrontierReport.json(o.inputs(), o.frontier()));
    Files.writeString(dir.resolve("tune.html"), FrontierReport.html(o.inputs(), o.frontier()));
    stderr.printf(
        Locale.ROOT,
        "tuned on %s of %s: %d settings replayed in %.1f s; wrote %s and tune.json%n",
        DurationText.format(span),
        o.inputs().get("trace"),
        o.frontier().points().size(),
        seconds,
        dir.resolve("tune.html"));
    if (apply) {
      Files.createDirectories(common.stateDir());
      new TuningStore(common.stateDir())
          .apply(
              p.spec().name(),
              o.choice().point().margins(),
              o.choice().meetsSlo(),
              o.evidence(),
              "cli",
              clock.instant());
      stderr.println("applied to " + p.spec().name() + " (audited in the state directory)");
    }
    stderr.flush();
    return ExitCodes.OK;
  }

  private TuneRun.Outcome onTrace(Settings settings, PoolSettings p, Duration span)
      throws Exception {
    Trace t = new TraceReader(new TraceFormat(null, null, ZoneOffset.UTC, false)).read(trace);
    Instant end = to == null ? t.end() : TimeText.parse("--to", to);
    if (end.isAfter(t.end())) {
      throw new InvalidInputException(
          "--to " + end + " is after the end of " + t.source() + " (" + t.end() + ")");
    }
    return TuneRun.onTrace(settings, p, t, end, span, threads());
  }

  private TuneRun.Outcome onHistory(Settings settings, PoolSettings p, Duration span)
      throws Exception {
    if (to != null) {
      throw new InvalidInputException("--to: only with --trace (the history is tuned up to now)");
    }
    HistorySettings hs = settings.history();
    String where =
        hs.backend() == HistorySettings.Backend.EMBEDDED
            ? "the embedded history in " + common.stateDir()
            : "the Elasticsearch history";
    try (History history = HistoryStores.open(common.stateDir(), hs, clock)) {
      return TuneRun.onHistory(settings, p, history, where, clock.instant(), span, threads());
    }
  }

  private static Duration duration(String option, String text) throws InvalidInputException {
    return DurationText.parse(text)
        .filter(d -> !d.isZero() && !d.isNegative())
        .orElseThrow(
            () ->
                new InvalidInputException(
                    option + ": got '" + text + "', expected a duration such as 7d or 36h"));
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

  private PoolSettings choosePool(Settings settings) throws InvalidInputException {
    if (pool == null) {
      return settings.pools().get(0);
    }
    return settings.pools().stream()
        .filter(x -> x.spec().name().equals(pool))
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "--pool: no pool named '"
                        + pool
                        + "' in the config (pools: "
                        + String.join(
                            ", ", settings.pools().stream().map(x -> x.spec().name()).toList())
                        + ")"));
  }
}
