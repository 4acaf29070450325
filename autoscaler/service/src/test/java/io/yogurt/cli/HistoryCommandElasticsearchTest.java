package io.yogurt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.history.elasticsearch.ElasticsearchHistory;
import io.yogurt.history.elasticsearch.ElasticsearchSettings;
import io.yogurt.history.elasticsearch.TestElasticsearch;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Tag("elasticsearch")
class HistoryCommandElasticsearchTest {

  final ElasticsearchSettings es = TestElasticsearch.settings();

  @AfterEach
  void drop() throws Exception {
    try (ElasticsearchHistory h = ElasticsearchHistory.create(es)) {
      h.dropAll();
    }
  }

  /** A config file in {@code dir} that puts the history in the test's Elasticsearch. */
  private Path elasticsearchConfig(Path dir) throws IOException {
    return Files.writeString(
        dir.resolve("yogurt.yaml"),
        "history:\n  backend: elasticsearch\n  elasticsearch:\n"
            + "    url: "
            + es.url()
            + "\n    index-prefix: "
            + es.indexPrefix()
            + "\n    request-timeout: 60s\n");
  }

  @Test
  void importsIntoElasticsearchAndShowsFromIt(@TempDir Path state) throws Exception {
    Path config = elasticsearchConfig(state);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Yogurt.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] common = {"--config", config.toString(), "--state-dir", state.toString()};
    assertEquals(
        0,
        cli.execute(
            concat(
                new String[] {
                  "history",
                  "import",
                  "--trace",
                  "../../simulations/traces/elb_request_count_8c0756.csv",
                  "--service",
                  "elb"
                },
                common)),
        err.toString());
    assertTrue(out.toString().contains("into elasticsearch"), out.toString());
    try (ElasticsearchHistory h = ElasticsearchHistory.create(es)) {
      h.refresh();
      assertEquals(4032, h.client().count(c -> c.index(h.layout().metricsPattern())).count());
      out.getBuffer().setLength(0);
      // first rows: 00:04 94, 00:09 56 -> the 10-minute step from 00:00 holds both
      assertEquals(
          0,
          cli.execute(
              concat(
                  new String[] {
                    "history",
                    "show",
                    "--service",
                    "elb",
                    "--from",
                    "2014-04-10",
                    "--to",
                    "2014-04-10T00:20:00Z",
                    "--step",
                    "10m"
                  },
                  common)),
          err.toString());
      assertTrue(out.toString().startsWith("2014-04-10T00:00:00Z\t150\n"), out.toString());
    }
  }

  @Test
  void forecastReportSinceReadsTheHistoryFromElasticsearch(@TempDir Path state) throws Exception {
    Path config = elasticsearchConfig(state);
    StringWriter err = new StringWriter();
    CommandLine importer = Yogurt.commandLine();
    importer.setOut(new PrintWriter(new StringWriter(), true));
    importer.setErr(new PrintWriter(err, true));
    assertEquals(
        0,
        importer.execute(
            "history",
            "import",
            "--config",
            config.toString(),
            "--state-dir",
            state.resolve("importer").toString(),
            "--trace",
            "../../simulations/traces/elb_request_count_8c0756.csv",
            "--service",
            "elb"),
        err.toString());
    try (ElasticsearchHistory h = ElasticsearchHistory.create(es)) {
      h.refresh();
    }
    // Another state directory: its embedded store is empty, so the series can only come from
    // Elasticsearch.
    CommandLine cli =
        Yogurt.commandLine(InstantSource.fixed(Instant.parse("2014-04-24T01:00:00Z")));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    Path out = state.resolve("report");
    assertEquals(
        0,
        cli.execute(
            "forecast",
            "report",
            "--since",
            "14d",
            "--step",
            "10m",
            "--every",
            "2h",
            "--models",
            "stl-ets",
            "--config",
            config.toString(),
            "--state-dir",
            state.resolve("reader").toString(),
            "--out",
            out.toString()),
        err.toString());
    String json = Files.readString(out.resolve("forecast-report.json"));
    assertTrue(
        json.contains("history of elb (the Elasticsearch history") && json.contains("\"stl-ets\""),
        json);
  }

  static String[] concat(String[] a, String[] b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
