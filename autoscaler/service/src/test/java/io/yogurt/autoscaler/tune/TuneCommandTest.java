package io.yogurt.autoscaler.tune;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code yogurt tune} on a small trace and on a small history; its bad inputs. */
class TuneCommandTest {

  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant NOW = T0.plus(Duration.ofHours(60));

  @TempDir Path dir;
  private Path trace;
  private Path config;

  /** Exit code, stdout, stderr. */
  private record Run(int code, String out, String err) {}

  private static Run yogurt(String... args) {
    CommandLine cli = Yogurt.commandLine(Clock.fixed(NOW, ZoneOffset.UTC));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Two and a half days of 1-minute traffic with a daily swing and a burst every 37 minutes. */
  @BeforeEach
  void trafficAndConfig() throws IOException {
    StringBuilder csv = new StringBuilder("time,count\n");
    for (int m = 0; m < 60 * 60; m++) {
      csv.append(T0.plus(Duration.ofMinutes(m)).getEpochSecond())
          .append(',')
          .append(count(m))
          .append('\n');
    }
    trace = dir.resolve("small.csv");
    Files.writeString(trace, csv);
    config = dir.resolve("tune.yaml");
    Files.writeString(
        config,
        """
        pools:
          web:
            policy: predictive
            max: 40
            capacity-per-worker: 10
        forecast:
          models: [seasonal-naive-1d]
          min-history: 1d
          training-window: 2d
        """);
  }

  /** {@code yogurt tune} over the last 3 hours of the trace, on 2 threads, and {@code more}. */
  private Run tuneOnTheTrace(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "tune",
                "--config",
                config.toString(),
                "--trace",
                trace.toString(),
                "--since",
                "3h",
                "--threads",
                "2"));
    args.addAll(List.of(more));
    return yogurt(args.toArray(String[]::new));
  }

  private static long count(int minute) {
    double day = Math.sin(2 * Math.PI * minute / 1440.0);
    return Math.round(3000 + 2000 * day + (minute % 37 == 0 ? 2500 : 0));
  }

  @Test
  void printsTheFrontierWritesThePageAndApplies() throws IOException {
    Path state = dir.resolve("state");
    Run r = tuneOnTheTrace("--state-dir", state.toString(), "--apply");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("reactive") && r.out().contains("predictive"), r.out());
    assertTrue(r.out().contains("oracle") && r.out().contains("<- chosen"), r.out());
    assertTrue(r.out().contains("demand-quantile 99.5%"), "the SLO's default is tried: " + r.out());
    Path page = state.resolve("tune").resolve("tune.html");
    assertTrue(Files.readString(page).contains("<svg"), "the frontier is plotted");
    JsonNode json =
        new ObjectMapper().readTree(state.resolve("tune").resolve("tune.json").toFile());
    JsonNode settings = json.path("settings");
    boolean sweepMet = false;
    for (int i = 0; i < 22; i++) {
      JsonNode p = settings.path(i);
      sweepMet |= p.path("policy").asText().equals("predictive") && p.path("meets_slo").asBoolean();
    }
    // 10 reactive and 12 predictive settings, and further quantiles only while none met the SLO.
    assertEquals(sweepMet, settings.size() == 22, settings.toString());
    for (int i = 22; i < settings.size(); i++) {
      assertEquals("predictive", settings.path(i).path("policy").asText());
      assertTrue(
          settings.path(i).path("setting").asText().startsWith("demand-quantile 99.9"),
          settings.path(i).toString());
    }
    assertTrue(json.path("choices").has("predictive"), json.toString());
    String tuning = Files.readString(state.resolve("tuning.json"));
    assertTrue(tuning.contains("demand-quantile") || tuning.contains("demandQuantile"), tuning);
    List<String> audit = Files.readAllLines(state.resolve("audit.log"));
    assertTrue(audit.get(audit.size() - 1).contains("tuning applied"), audit.toString());

    Run reset =
        yogurt("tune", "--config", config.toString(), "--state-dir", state.toString(), "--reset");
    assertEquals(0, reset.code(), reset.err());
    TuningStore store = new TuningStore(state);
    assertTrue(store.held("web", NOW.plusSeconds(1)), "a reset holds tunes off");
    assertTrue(store.tuning("web", "predictive").isEmpty(), "the configured margins are back");
    assertTrue(Files.readString(state.resolve("audit.log")).contains("tuning reset"));
  }

  @Test
  void minutesBeyondMaxAreCountedApart() throws IOException {
    // The bursts need about 12 workers, the rest of these hours about 8: a ceiling of 10.
    Files.writeString(config, Files.readString(config).replace("max: 40", "max: 10"));
    Path out = dir.resolve("out");
    Run r = tuneOnTheTrace("--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("within max"), r.out());
    JsonNode json = new ObjectMapper().readTree(out.resolve("tune.json").toFile());
    int beyond = json.path("minutes_beyond_max").asInt();
    assertTrue(beyond > 0 && beyond < 60, "some minutes, not most: " + beyond);
    assertTrue(r.out().contains(beyond + " minutes were beyond the pool's max"), r.out());
    double allowed = json.path("allowed_sla_violation_pct").asDouble();
    for (JsonNode p : json.path("settings")) {
      int all = p.path("sla_violation_minutes").asInt();
      int within = p.path("sla_violation_minutes_within_max").asInt();
      assertTrue(within <= all && all - within <= beyond, p.toString());
      assertEquals(
          100.0 * within / 180 <= allowed + 1e-9, p.path("meets_slo").asBoolean(), p.toString());
    }
  }

  @Test
  void tooLittleHistorySaysHowMuchThereIsAndHowMuchIsNeeded() throws Exception {
    Path state = dir.resolve("state");
    try (EmbeddedHistory h = EmbeddedHistory.open(state, HistorySettings.DEFAULT)) {
      List<Sample> samples = new ArrayList<>();
      for (int m = 0; m < 36 * 60; m++) {
        samples.add(
            new Sample(
                "web",
                Metrics.ARRIVALS,
                NOW.minus(Duration.ofHours(36)).plus(Duration.ofMinutes(m)),
                count(m)));
      }
      h.append(samples);
    }
    Run r = yogurt("tune", "--config", config.toString(), "--state-dir", state.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("holds 36h 0m"), r.err());
    assertTrue(r.err().contains("needs 8d 0h"), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace");
  }

  @Test
  void badArgumentsAreNamed() {
    Run since = yogurt("tune", "--config", config.toString(), "--since", "a while");
    assertEquals(2, since.code());
    assertTrue(since.err().contains("--since") && since.err().contains("a while"), since.err());
    Run pool = yogurt("tune", "--config", config.toString(), "--pool", "nope");
    assertEquals(2, pool.code());
    assertTrue(pool.err().contains("--pool") && pool.err().contains("web"), pool.err());
    Run to =
        yogurt(
            "tune",
            "--config",
            config.toString(),
            "--trace",
            trace.toString(),
            "--to",
            "2030-01-01");
    assertEquals(2, to.code());
    assertTrue(to.err().contains("--to"), to.err());
  }
}
