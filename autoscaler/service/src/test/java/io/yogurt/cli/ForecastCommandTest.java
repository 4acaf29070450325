package io.yogurt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yogurt.report.HeadlessChromium;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ForecastCommandTest {

  @TempDir Path dir;
  private Path trace;

  /** Result of one CLI run. */
  record Run(int exit, String out, String err) {}

  @BeforeEach
  void writeTrace() throws Exception {
    // 10 days of 10-minute counts with a daily cycle.
    Random rnd = new Random(3);
    StringBuilder csv = new StringBuilder("timestamp,value\n");
    Instant t = Instant.parse("2026-03-02T00:00:00Z");
    for (int i = 0; i < 10 * 144; i++) {
      double level = 100 + 50 * Math.sin(2 * Math.PI * (i / 144.0 - 0.25));
      csv.append(t.plusSeconds(600L * i).toString().replace("T", " ").replace("Z", ""))
          .append(',')
          .append(Math.round(Math.max(0, level + 5 * rnd.nextGaussian())))
          .append('\n');
    }
    trace = dir.resolve("trace.csv");
    Files.writeString(trace, csv);
  }

  private Run run(String... args) {
    return runAt(InstantSource.system(), args);
  }

  private Run runAt(InstantSource clock, String... args) {
    StringWriter err = new StringWriter();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(progress, true, StandardCharsets.UTF_8));
      CommandLine cli = Yogurt.commandLine(clock);
      cli.setErr(new PrintWriter(err, true));
      int exit = cli.execute(args);
      return new Run(
          exit,
          out.toString(StandardCharsets.UTF_8),
          err + progress.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }

  private List<String> protocol(String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "--trace",
                trace.toString(),
                "--step",
                "10m",
                "--train",
                "7d",
                "--test",
                "2d",
                "--every",
                "2h",
                "--horizon",
                "1h",
                "--refit",
                "1d",
                "--models",
                "stl-ets,ridge"));
    a.addAll(List.of(extra));
    return a;
  }

  @Test
  void backtestPrintsATableAndWritesTheJsonProtocol() throws Exception {
    Path json = dir.resolve("out/bt.json");
    List<String> args = new ArrayList<>(List.of("forecast", "backtest"));
    args.addAll(protocol("--json", json.toString()));
    Run r = run(args.toArray(String[]::new));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("seasonal-naive-1d") && r.out().contains("<- selected"), r.out());
    assertTrue(r.err().contains("backtest 24/24"), "progress on stderr: " + r.err());
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    assertEquals(6 * 5, root.get("horizons").size()); // 6 steps x (4 models + auto)
    JsonNode first = root.get("horizons").get(0);
    for (String key : List.of("h", "model", "mae", "mase", "smape", "coverage", "pinball")) {
      assertTrue(first.has(key), key);
    }
    assertTrue(root.get("summary").get("meanMase").has("ridge"));
    List<String> models = List.of("seasonal-naive-1d", "seasonal-naive-1w", "stl-ets", "ridge");
    assertTrue(models.contains(root.get("summary").get("selected").asText()));
    JsonNode choices = root.get("summary").get("autoChoices");
    assertEquals(2, choices.size(), "one choice per refit: " + choices); // test 2d, refit 1d
    choices.forEach(c -> assertTrue(models.contains(c.asText()), c.asText()));
    assertTrue(r.out().contains("auto: the model chosen again at every refit"), r.out());
  }

  @Test
  void reportWritesAnHtmlThatChromiumDrawsWithEveryModelInItsLegend() throws Exception {
    Path out = dir.resolve("report");
    List<String> args = new ArrayList<>(List.of("forecast", "report"));
    args.addAll(protocol("--out", out.toString(), "--json"));
    // Ten models and the two seasonal-naive baselines: with the auto row, 12 lines to tell apart.
    args.set(
        args.indexOf("stl-ets,ridge"),
        "stl-ets,ridge,lasso,elastic-net,gbm,log-stl-ets,log-ridge,log-lasso,log-elastic-net");
    Run r = run(args.toArray(String[]::new));
    assertEquals(0, r.exit(), r.err());
    new ObjectMapper().readTree(r.out()); // --json: stdout is the JSON
    Path html = out.resolve("forecast-report.html");
    String text = Files.readString(html);
    assertTrue(
        text.contains("Row <b>auto</b>: the model chosen again at every refit"),
        "the auto row explained");
    assertTrue(text.contains("<th>MAE (req/step)</th>"), "units in the table headers");
    assertFalse(
        text.contains("http://cdn") || text.contains("src=\"http"), "self-contained, offline");
    assertTrue(Files.exists(out.resolve("forecast-report.json")));

    JsonNode charts =
        new ObjectMapper().readTree(new HeadlessChromium(dir).check(html)).get("charts");
    JsonNode forecast = charts.get(0);
    // Every 10-min step: the day before the first origin, the 23 gaps of 2 h between the test's
    // 24 origins, and the last origin's 1 h horizon.
    assertEquals(144 + 23 * 12 + 6, forecast.get("points").asInt(), forecast.toString());
    assertEquals(3, forecast.get("series").asInt(), "actual, forecast and its upper band");
    JsonNode mase = charts.get(1);
    assertEquals(12, mase.get("series").asInt(), mase.toString());
    assertEquals(6, mase.get("points").asInt(), "one point per step ahead");
    assertTrue(mase.get("legendFits").asBoolean(), "12 models fit the legend: " + mase);
  }

  @Test
  void trainStoresAModelUnderTheStateDirectory() throws Exception {
    Run r =
        run(
            "forecast",
            "train",
            "--trace",
            trace.toString(),
            "--step",
            "10m",
            "--train",
            "7d",
            "--models",
            "ridge",
            "--service",
            "echo",
            "--state-dir",
            dir.resolve("state").toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("stored"), r.out());
    assertTrue(
        r.out().lines().anyMatch(l -> l.matches("ridge +\\d\\.\\d{3} +\\d\\.\\d{3}.*")),
        "each model's score with its standard error: " + r.out());
    try (var versions = Files.list(dir.resolve("state/models/echo"))) {
      Path v = versions.findFirst().orElseThrow();
      assertTrue(Files.exists(v.resolve("model.bin")) && Files.exists(v.resolve("meta.json")));
    }
  }

  @Test
  void badInputIsOneClearErrorAndExit2() throws Exception {
    Run missing = run("forecast", "backtest", "--trace", dir.resolve("nope.csv").toString());
    assertEquals(2, missing.exit(), missing.err());
    assertTrue(missing.err().contains("nope.csv: trace file does not exist"), missing.err());
    assertFalse(missing.err().contains("at io.yogurt"), missing.err());

    Run step = run("forecast", "backtest", "--trace", trace.toString(), "--step", "15m");
    assertEquals(2, step.exit());
    assertTrue(step.err().contains("--step 15m: expected a whole multiple of"), step.err());

    Run tooShort = run("forecast", "backtest", "--trace", trace.toString(), "--step", "10m");
    assertEquals(2, tooShort.exit());
    assertTrue(
        tooShort.err().contains("--train 2w") && tooShort.err().contains("shorten --train"),
        tooShort.err());

    Run model = run("forecast", "backtest", "--trace", trace.toString(), "--models", "gbx");
    assertEquals(2, model.exit());
    assertTrue(model.err().contains("unknown model 'gbx'"), model.err());

    Run duration = run("forecast", "backtest", "--trace", trace.toString(), "--every", "soon");
    assertEquals(2, duration.exit());
    assertTrue(duration.err().contains("'soon' is not a duration"), duration.err());

    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "timestamp,value\n2026-01-01 00:00:00,5\n2026-01-01 00:05:00,lots\n");
    Run row = run("forecast", "backtest", "--trace", bad.toString());
    assertEquals(2, row.exit());
    assertTrue(row.err().contains("bad.csv line 3: bad count 'lots'"), row.err());

    Run noOut = run("forecast", "report", "--trace", trace.toString());
    assertEquals(2, noOut.exit());
    assertTrue(noOut.err().contains("--out"), noOut.err());
  }

  /** The trace's 10 days end at 2026-03-12T00:00Z; "now" is a little after. */
  private static final InstantSource AFTER_TRACE =
      InstantSource.fixed(Instant.parse("2026-03-12T00:03:00Z"));

  private Path stateWith(String... services) {
    Path state = dir.resolve("state");
    for (String service : services) {
      Run r =
          run(
              "history",
              "import",
              "--state-dir",
              state.toString(),
              "--trace",
              trace.toString(),
              "--service",
              service);
      assertEquals(0, r.exit(), r.err());
    }
    return state;
  }

  @Test
  void reportSinceReadsTheRecordedHistoryOfTheOnlyService() throws Exception {
    Path state = stateWith("web");
    Path out = dir.resolve("report");
    Run r =
        runAt(
            AFTER_TRACE,
            "forecast",
            "report",
            "--since",
            "7d",
            "--state-dir",
            state.toString(),
            "--step",
            "10m",
            "--every",
            "2h",
            "--models",
            "stl-ets,ridge",
            "--out",
            out.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("wrote " + out.resolve("forecast-report.html")), r.out());

    JsonNode root = new ObjectMapper().readTree(out.resolve("forecast-report.json").toFile());
    JsonNode meanMase = root.get("summary").get("meanMase");
    for (String model : List.of("seasonal-naive-1d", "seasonal-naive-1w", "stl-ets", "ridge")) {
      assertTrue(meanMase.has(model), model + " in " + meanMase);
    }
    // 7 days read: the default protocol splits them into 3.5 days to train and 3.5 to test.
    assertEquals(
        "84h", root.get("protocol").get("train").asText(), root.get("protocol").toString());
    assertEquals("84h", root.get("protocol").get("test").asText(), root.get("protocol").toString());
    String html = Files.readString(out.resolve("forecast-report.html"));
    assertTrue(
        html.contains("history of web") && html.contains("stl-ets") && html.contains("ridge"),
        "the report names its source and models");
  }

  @Test
  void trainSinceStoresTheModelUnderTheServiceItRead() throws Exception {
    Path state = stateWith("web");
    Run r =
        runAt(
            AFTER_TRACE,
            "forecast",
            "train",
            "--since",
            "7d",
            "--step",
            "10m",
            "--train",
            "7d",
            "--models",
            "ridge",
            "--state-dir",
            state.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(
        r.out().contains("stored") && r.out().contains(state.resolve("models/web").toString()),
        r.out());
  }

  @Test
  void reportSinceNamesTheServiceToPickWhenThereAreSeveral() throws Exception {
    Path state = stateWith("web", "api");
    Run r =
        runAt(
            AFTER_TRACE,
            "forecast",
            "report",
            "--since",
            "7d",
            "--state-dir",
            state.toString(),
            "--out",
            dir.resolve("report").toString());
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("holds several services") && r.err().contains("api, web"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void reportSinceGivesOneClearErrorForAnUnknownServiceOrTooLittleHistory() throws Exception {
    Path state = stateWith("web");
    String report = dir.resolve("report").toString();

    Run unknown =
        runAt(
            AFTER_TRACE,
            "forecast",
            "report",
            "--since",
            "7d",
            "--service",
            "nope",
            "--state-dir",
            state.toString(),
            "--out",
            report);
    assertEquals(2, unknown.exit(), unknown.err());
    assertTrue(
        unknown.err().contains("--service nope: the embedded history in " + state)
            && unknown.err().contains("services with arrivals: web"),
        unknown.err());

    Run explicitTrain =
        runAt(
            AFTER_TRACE,
            "forecast",
            "report",
            "--since",
            "7d",
            "--step",
            "10m",
            "--train",
            "14d",
            "--state-dir",
            state.toString(),
            "--out",
            report);
    assertEquals(2, explicitTrain.exit(), explicitTrain.err());
    assertTrue(
        explicitTrain.err().contains("history of web")
            && explicitTrain
                .err()
                .contains("covers 168.0h but --train 2w + --horizon 1h needs 337.0h"),
        explicitTrain.err());

    // Twelve hours after the trace's start there are only 12 hours of history: less than a day to
    // train on.
    InstantSource early = InstantSource.fixed(Instant.parse("2026-03-02T12:00:00Z"));
    Run tooShort =
        runAt(
            early,
            "forecast",
            "report",
            "--since",
            "7d",
            "--step",
            "10m",
            "--state-dir",
            state.toString(),
            "--out",
            report);
    assertEquals(2, tooShort.exit(), tooShort.err());
    assertTrue(
        tooShort.err().contains("covers 12.0h but --train 1d + --horizon 1h needs 25.0h"),
        tooShort.err());

    Run empty =
        runAt(
            AFTER_TRACE,
            "forecast",
            "report",
            "--since",
            "7d",
            "--state-dir",
            dir.resolve("empty").toString(),
            "--out",
            report);
    assertEquals(2, empty.exit(), empty.err());
    assertTrue(empty.err().contains("holds no arrivals in the last 1w"), empty.err());

    Run both =
        runAt(
            AFTER_TRACE,
            "forecast",
            "report",
            "--since",
            "7d",
            "--trace",
            trace.toString(),
            "--out",
            report);
    assertEquals(2, both.exit(), both.err());
    assertTrue(both.err().contains("mutually exclusive"), both.err());

    Run neither = runAt(AFTER_TRACE, "forecast", "report", "--out", report);
    assertEquals(2, neither.exit(), neither.err());
    assertTrue(
        neither.err().contains("--trace") && neither.err().contains("--since"), neither.err());
    assertFalse(Files.exists(dir.resolve("report")), "no report is written on an error");
  }
}
