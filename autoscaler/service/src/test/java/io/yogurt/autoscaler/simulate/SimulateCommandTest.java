package io.yogurt.autoscaler.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yogurt.cli.Yogurt;
import io.yogurt.history.HistorySettings;
import io.yogurt.history.embedded.EmbeddedHistory;
import io.yogurt.models.Metrics;
import io.yogurt.models.Sample;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {

  private static final String TAXI = "../../simulations/traces/nyc_taxi.csv";
  private static final String CONFIG = "../../simulations/taxi.yaml";

  @TempDir Path dir;

  /** Exit code, stdout, stderr. */
  private record Run(int code, String out, String err) {}

  private static Run yogurt(String... args) {
    CommandLine cli = Yogurt.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void sameSeedSameReport() throws IOException {
    String[] args = {
      "simulate",
      "--config",
      CONFIG,
      "--trace",
      TAXI,
      "--from",
      "2014-07-02",
      "--to",
      "2014-07-02 12:00",
      "--policy",
      "reactive,static",
      "--seed",
      "7",
      "--json"
    };
    Run a = yogurt(args);
    Run b = yogurt(args);
    assertEquals(0, a.code(), a.err());
    assertEquals(a.out(), b.out());
    assertTrue(
        a.out().contains("\"reactive\"")
            && a.out().contains("\"oracle\"")
            && a.out().contains("\"cost_vs_oracle\""),
        a.out());
    Run other =
        yogurt(
            args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7], args[8],
            args[9], args[10], "--seed", "8", "--json");
    assertTrue(!a.out().equals(other.out()), "another seed, other numbers");
  }

  @Test
  void writesTheReportFiles() throws IOException {
    Run r =
        yogurt(
            "simulate",
            "--config",
            CONFIG,
            "--trace",
            TAXI,
            "--from",
            "2014-07-02",
            "--to",
            "2014-07-02 06:00",
            "--policy",
            "reactive",
            "--out",
            dir.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("oracle"), r.out());
    assertTrue(Files.readString(dir.resolve("report.html")).contains("<div class=\"chart\""));
    assertEquals(6 * 60 + 1, Files.readAllLines(dir.resolve("timeline-reactive.csv")).size());
    assertTrue(Files.exists(dir.resolve("timeline-oracle.csv")));
    assertTrue(Files.readString(dir.resolve("summary.json")).contains("\"sla_violation_minutes\""));
  }

  @Test
  void saysHowManyMinutesWereBeyondMax() throws IOException {
    Path config = dir.resolve("low-max.yaml");
    String taxi = Files.readString(Path.of(CONFIG));
    assertTrue(taxi.contains("max: 20"), "the example's ceiling moved; update this test");
    Files.writeString(config, taxi.replace("max: 20", "max: 2"));
    Run low = afternoon(config.toString());
    assertEquals(0, low.code(), low.err());
    assertTrue(
        low.err()
            .matches("(?s).*beyond max: \\d+ SLA-violating minutes for the oracle held to max 2.*"),
        low.err());
    Run usual = afternoon(CONFIG);
    assertEquals(0, usual.code(), usual.err());
    assertFalse(usual.err().contains("beyond max"), usual.err());
  }

  private static Run afternoon(String config) {
    return yogurt(
        "simulate",
        "--config",
        config,
        "--policy",
        "static",
        "--trace",
        TAXI,
        "--from",
        "2014-07-02 12:00",
        "--to",
        "2014-07-02 18:00");
  }

  @Test
  void replaysStoredHistory() throws Exception {
    Path state = dir.resolve("state");
    Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
    try (EmbeddedHistory h = EmbeddedHistory.open(state, HistorySettings.DEFAULT)) {
      List<Sample> samples = new ArrayList<>();
      for (int m = 0; m < 2 * 24 * 60; m++) {
        samples.add(
            new Sample(
                "rides", Metrics.ARRIVALS, t0.plus(Duration.ofMinutes(m)), 300 + (m % 60) * 5));
      }
      h.append(samples);
    }
    Run r =
        yogurt(
            "simulate",
            "--config",
            CONFIG,
            "--state-dir",
            state.toString(),
            "--from-history",
            "rides",
            "--from",
            "2026-03-02",
            "--to",
            "2026-03-02 06:00",
            "--policy",
            "reactive",
            "--json");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\"trace\": \"history:rides\""), r.out());
    Run none =
        yogurt(
            "simulate",
            "--state-dir",
            state.toString(),
            "--from-history",
            "nobody",
            "--from",
            "2026-03-02",
            "--to",
            "2026-03-03");
    assertEquals(2, none.code());
    assertTrue(none.err().contains("--from-history nobody"), none.err());
    Run both = yogurt("simulate", "--trace", TAXI, "--from-history", "rides");
    assertEquals(2, both.code(), "a trace or the history, not both");
  }

  @Test
  void aBadTraceRowNamesTheFileAndLine() throws IOException {
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "timestamp,value\n2014-07-01 00:00:00,5\n2014-07-01 00:01:00,lots\n");
    Run r = yogurt("simulate", "--trace", bad.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("bad.csv line 3") && r.err().contains("lots"), r.err());
    assertTrue(!r.err().contains("\tat "), "no stack trace");
  }

  @Test
  void thePredictivePolicyCanForecastWithAModelOfTheForecastingModule() {
    Run r =
        yogurt(
            "simulate",
            "--trace",
            TAXI,
            "--policy",
            "predictive",
            "--model",
            "ridge",
            "--from",
            "2014-07-10",
            "--to",
            "2014-07-12",
            "--json");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\"predictive\""), r.out());
  }

  /** auto forecasts as the training job would: the timeline shows its forecast every minute. */
  @Test
  void thePredictivePolicyCanForecastWithTheModelTheTrainingJobSelects() throws IOException {
    Run r =
        yogurt(
            "simulate",
            "--config",
            cheapForecasts().toString(),
            "--trace",
            TAXI,
            "--policy",
            "predictive",
            "--from",
            "2014-07-10",
            "--to",
            "2014-07-10 06:00",
            "--out",
            dir.toString());
    assertEquals(0, r.code(), r.err());
    List<String> rows = Files.readAllLines(dir.resolve("timeline-predictive.csv"));
    int column = List.of(rows.get(0).split(",")).indexOf("forecast_rps");
    long forecast =
        rows.stream()
            .skip(1)
            .map(row -> row.split(",", -1)[column])
            .filter(v -> !v.isEmpty() && Double.parseDouble(v) > 0)
            .count();
    assertEquals(6 * 60, forecast, "a forecast in every minute");
  }

  @Test
  void theOracleCostsNoMoreThanAnyPolicyThatKeptTheSla() throws IOException {
    Run r =
        yogurt(
            "simulate",
            "--config",
            cheapForecasts().toString(),
            "--trace",
            TAXI,
            "--from",
            "2014-07-14",
            "--to",
            "2014-07-17",
            "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode policies = new ObjectMapper().readTree(r.out()).path("policies");
    double oracle = policies.path("oracle").path("cost").asDouble();
    assertEquals(
        0,
        policies.path("oracle").path("sla_violation_minutes").asInt(),
        "the oracle keeps the SLA");
    int kept = 0;
    for (String name : List.of("reactive", "predictive", "static")) {
      JsonNode p = policies.path(name);
      if (p.path("sla_violation_minutes").asInt() == 0) {
        kept++;
        assertTrue(
            p.path("cost").asDouble() >= oracle,
            name + " kept the SLA for less than the oracle: " + p);
      }
    }
    assertTrue(kept > 0, "at least one policy kept the SLA, so the bound was tested");
  }

  /** The taxi example with two cheap forecast candidates, so that a test trains in a blink. */
  private Path cheapForecasts() throws IOException {
    Path config = dir.resolve("taxi-cheap.yaml");
    Files.writeString(
        config,
        Files.readString(Path.of(CONFIG))
            + "forecast:\n  models: [seasonal-naive-1d, stl-ets]\n  training-threads: 1\n");
    return config;
  }

  @Test
  void badArgumentsAreNamed() {
    Run policy = yogurt("simulate", "--trace", TAXI, "--policy", "greedy");
    assertEquals(2, policy.code());
    assertTrue(policy.err().contains("--policy") && policy.err().contains("greedy"), policy.err());
    Run span = yogurt("simulate", "--trace", TAXI, "--from", "2013-01-01", "--to", "2013-01-02");
    assertEquals(2, span.code());
    assertTrue(span.err().contains("outside the trace"), span.err());
    Run time = yogurt("simulate", "--trace", TAXI, "--from", "yesterday");
    assertEquals(2, time.code());
    assertTrue(time.err().contains("--from") && time.err().contains("yesterday"), time.err());
    Run scale = yogurt("simulate", "--trace", TAXI, "--rate-scale", "-1");
    assertEquals(2, scale.code());
    assertTrue(scale.err().contains("--rate-scale"), scale.err());
    Run missing = yogurt("simulate", "--trace", "nope.csv");
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("nope.csv"), missing.err());
    Run model =
        yogurt("simulate", "--trace", TAXI, "--policy", "predictive", "--model", "crystal-ball");
    assertEquals(2, model.code());
    assertTrue(
        model.err().contains("--model") && model.err().contains("crystal-ball"), model.err());
    Run refit = yogurt("simulate", "--trace", TAXI, "--policy", "predictive", "--refit", "often");
    assertEquals(2, refit.code());
    assertTrue(refit.err().contains("--refit") && refit.err().contains("often"), refit.err());
  }
}
