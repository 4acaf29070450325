package io.yogurt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HistoryCommandTest {

  static final Path TRACE = Path.of("../../simulations/traces/nyc_taxi.csv");

  @TempDir Path state;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    return runAt(InstantSource.system(), args);
  }

  int runAt(InstantSource clock, String... args) {
    CommandLine cli = Yogurt.commandLine(clock);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void importsATraceAndShowsTheSeriesTheForecasterSees() throws Exception {
    assertEquals(
        0,
        run(
            "history",
            "import",
            "--state-dir",
            state.toString(),
            "--trace",
            TRACE.toString(),
            "--service",
            "taxi"),
        err.toString());
    assertTrue(out.toString().contains("imported 10320 samples of taxi/arrivals"), out.toString());
    out.getBuffer().setLength(0);
    // the trace's first rows: 00:00 10844, 00:30 8127; hourly steps add the two half hours
    assertEquals(
        0,
        run(
            "history",
            "show",
            "--state-dir",
            state.toString(),
            "--service",
            "taxi",
            "--from",
            "2014-07-01",
            "--to",
            "2014-07-01T03:00:00Z",
            "--step",
            "1h",
            "--json"),
        err.toString());
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertEquals(3, json.get("values").size());
    assertEquals(10844 + 8127, json.get("values").get(0).asDouble());
    assertEquals(3600, json.get("step_seconds").asLong());
  }

  /** Without --from or --to, "now" is the injected clock's: the last day before it, or --since. */
  @Test
  void showsAndExportsTheTimeBeforeNow() throws Exception {
    run(
        "history",
        "import",
        "--state-dir",
        state.toString(),
        "--trace",
        TRACE.toString(),
        "--service",
        "taxi");
    out.getBuffer().setLength(0);
    InstantSource now = InstantSource.fixed(Instant.parse("2014-07-02T00:00:00Z"));
    assertEquals(
        0,
        runAt(
            now,
            "history",
            "show",
            "--state-dir",
            state.toString(),
            "--service",
            "taxi",
            "--step",
            "1h",
            "--json"),
        err.toString());
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertEquals("2014-07-01T00:00:00Z", json.get("start").asText());
    assertEquals(24, json.get("values").size());
    assertEquals(10844 + 8127, json.get("values").get(0).asDouble());

    Path csv = state.resolve("export.csv");
    assertEquals(
        0,
        runAt(
            now,
            "history",
            "export",
            "--state-dir",
            state.toString(),
            "--since",
            "2h",
            "-o",
            csv.toString()),
        err.toString());
    var lines = Files.readAllLines(csv);
    assertEquals(1 + 4, lines.size(), lines.toString());
    assertTrue(lines.get(1).startsWith("2014-07-01T22:00:00Z,taxi,arrivals,"), lines.get(1));
  }

  @Test
  void exportsStoredSamplesAsCsv() throws Exception {
    run(
        "history",
        "import",
        "--state-dir",
        state.toString(),
        "--trace",
        TRACE.toString(),
        "--service",
        "taxi");
    Path csv = state.resolve("export.csv");
    assertEquals(
        0,
        run(
            "history",
            "export",
            "--state-dir",
            state.toString(),
            "--from",
            "2014-07-01",
            "--to",
            "2014-07-02",
            "-o",
            csv.toString()),
        err.toString());
    var lines = Files.readAllLines(csv);
    assertEquals("time,service,metric,value,count,max,width_seconds", lines.get(0));
    assertEquals("2014-07-01T00:00:00Z,taxi,arrivals,10844,1,10844,0", lines.get(1));
    assertEquals(1 + 48, lines.size());
  }

  @Test
  void badArgumentsGiveOneClearMessage() {
    assertEquals(
        2,
        run(
            "history",
            "show",
            "--state-dir",
            state.toString(),
            "--service",
            "x",
            "--since",
            "soon"));
    assertTrue(err.toString().contains("--since: got 'soon'"), err.toString());
    assertEquals(
        2,
        run(
            "history",
            "import",
            "--state-dir",
            state.toString(),
            "--trace",
            "missing.csv",
            "--service",
            "x"));
    assertTrue(err.toString().contains("missing.csv: trace file does not exist"), err.toString());
  }
}
