package io.yogurt.cli;

import io.yogurt.config.DurationText;
import io.yogurt.config.InvalidInputException;
import io.yogurt.forecasting.ForecastService;
import io.yogurt.forecasting.ForecastSettings;
import io.yogurt.forecasting.ModelScores;
import io.yogurt.forecasting.ModelStore;
import io.yogurt.forecasting.report.BacktestJson;
import io.yogurt.forecasting.report.BacktestReport;
import io.yogurt.forecasting.report.BacktestRunner;
import io.yogurt.forecasting.report.BacktestText;
import io.yogurt.forecasting.report.HtmlReport;
import io.yogurt.models.HistoryException;
import io.yogurt.models.Series;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code yogurt forecast backtest|train|report}. */
@Command(
    name = "forecast",
    mixinStandardHelpOptions = true,
    description = "Backtest, train and report forecasting models on recorded traffic.",
    subcommands = {
      ForecastCommand.Backtest.class,
      ForecastCommand.Train.class,
      ForecastCommand.Report.class
    })
public final class ForecastCommand {

  /** Where trained models are kept under the state directory. */
  public static final String MODELS_DIR = "models";

  private ForecastCommand() {}

  /** Smile logs every tree it grows at DEBUG; the commands print their own progress instead. */
  static void quietSmile() {
    if (LoggerFactory.getLogger("smile") instanceof ch.qos.logback.classic.Logger l) {
      l.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  /** Rolling-origin backtest of every model against the seasonal-naive baselines. */
  @Command(
      name = "backtest",
      mixinStandardHelpOptions = true,
      description =
          "Rolling-origin backtest: per step ahead MAE, MASE, sMAPE, coverage and pinball loss "
              + "per model; prints a table, and JSON with --json FILE.")
  static final class Backtest implements Callable<Integer> {
    private final InstantSource clock;
    @Mixin CommonOptions common;
    @Mixin ForecastInput input;

    @Option(
        names = "--json",
        paramLabel = "FILE",
        description = "Also write the results as JSON to FILE.")
    Path json;

    Backtest(InstantSource clock) {
      this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
      BacktestReport r = run(input, common, clock);
      System.out.print(BacktestText.of(r));
      if (json != null) {
        write(json, BacktestJson.text(r));
        System.out.println("wrote " + json);
      }
      return ExitCodes.OK;
    }
  }

  /** Self-contained HTML report plus JSON beside it. */
  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description =
          "Backtest a trace (--trace) or the recorded history (--since 7d [--service NAME]) and write "
              + "forecast-report.html (offline, inline SVG charts) and forecast-report.json into --out DIR; "
              + "prints the table (or the JSON with --json).")
  static final class Report implements Callable<Integer> {
    private final InstantSource clock;
    @Mixin CommonOptions common;
    @Mixin ForecastInput input;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "DIR",
        description = "Directory for the report files.")
    Path out;

    @Option(names = "--json", description = "Print the JSON on stdout instead of the text table.")
    boolean printJson;

    Report(InstantSource clock) {
      this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
      BacktestReport r = run(input, common, clock);
      try {
        Files.createDirectories(out);
      } catch (IOException e) {
        throw new InvalidInputException(
            "--out " + out + ": cannot create the directory (" + e.getMessage() + ")");
      }
      String jsonText = BacktestJson.text(r);
      write(out.resolve("forecast-report.html"), HtmlReport.of(r));
      write(out.resolve("forecast-report.json"), jsonText);
      if (printJson) {
        System.out.println(jsonText);
      } else {
        System.out.print(BacktestText.of(r));
        System.out.println(
            "wrote " + out.resolve("forecast-report.html") + " and forecast-report.json");
      }
      return ExitCodes.OK;
    }
  }

  /** Trains on a trace as if now were its end, and stores the model. */
  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description =
          "Select a model by backtest on the last --train of the trace, fit it and store it "
              + "(with its metadata) under <state-dir>/models/<service>/, as the training job does.")
  static final class Train implements Callable<Integer> {
    private final InstantSource clock;
    @Mixin CommonOptions common;
    @Mixin ForecastInput input;

    Train(InstantSource clock) {
      this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
      quietSmile();
      input.checkModelsAndQuantile();
      ForecastInput.Input in = input.read(common, clock);
      Series s = in.series();
      String serviceName = in.service();
      ForecastSettings settings =
          new ForecastSettings(
              input.models,
              input.horizon,
              input.step,
              input.quantile,
              input.train(in),
              input.refit,
              input.horizon.multipliedBy(4),
              Duration.ofHours(6));
      ModelStore store = new ModelStore(common.stateDir().resolve(MODELS_DIR));
      ForecastService service =
          new ForecastService(
              settings, store, ProgressLine.onStderr(new PrintWriter(System.err, true)));
      ForecastService.TrainOutcome out;
      try {
        out = service.train(serviceName, s, s.end());
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(in.source() + ": " + e.getMessage());
      }
      System.out.printf(Locale.ROOT, "%-18s %7s %8s%n", "model", "MASE", "std err");
      for (ModelScores m : out.selection().scores()) {
        System.out.printf(
            Locale.ROOT,
            "%-18s %7.3f %8.3f%s%n",
            m.model(),
            m.meanMase(),
            m.meanMaseError(),
            m.model().equals(out.selection().selected()) ? "  <- selected" : "");
      }
      System.out.println("selected " + out.selection().selected() + ": " + out.selection().why());
      System.out.println(
          "stored "
              + out.model().info().version()
              + " under "
              + store.dir().resolve(serviceName)
              + " (data "
              + out.model().info().dataFrom()
              + " .. "
              + out.model().info().dataTo()
              + ", step "
              + DurationText.format(s.step())
              + ")");
      return ExitCodes.OK;
    }
  }

  private static BacktestReport run(ForecastInput input, CommonOptions common, InstantSource clock)
      throws InvalidInputException, HistoryException {
    quietSmile();
    input.checkModelsAndQuantile();
    ForecastInput.Input in = input.read(common, clock);
    var protocol = input.protocol(in);
    return BacktestRunner.run(
        in.source(),
        in.series(),
        protocol,
        input.models,
        input.quantile,
        ProgressLine.onStderr(new PrintWriter(System.err, true)));
  }

  private static void write(Path file, String text) throws InvalidInputException {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot write (" + e.getMessage() + ")");
    }
  }
}
