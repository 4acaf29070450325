package io.yogurt.simulations.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yogurt.report.HeadlessChromium;
import io.yogurt.simulations.MinuteRow;
import io.yogurt.simulations.SimulationResult;
import io.yogurt.simulations.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulation report as a browser draws it, read back from the page. */
class HtmlReportChromiumTest {

  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final int MINUTES = 3 * 1440;

  @TempDir Path dir;

  /** A run whose demand and wait follow a daily wave; a larger {@code scale}, larger values. */
  private static SimulationResult run(String name, double scale, int actEvery) {
    List<MinuteRow> rows = new ArrayList<>();
    for (int i = 0; i < MINUTES; i++) {
      double demand = scale * (10 + 8 * Math.sin(i * 2 * Math.PI / 1440));
      rows.add(
          new MinuteRow(
              T0.plusSeconds(60L * i),
              demand,
              demand * 1.3,
              demand / 5,
              (int) Math.ceil(demand / 5),
              (int) Math.ceil(demand / 4),
              i % 97 == 0 ? 40 : 0,
              i % 97 == 0 ? 7.5 * scale : 0.1,
              (long) (demand * 60),
              0,
              i % actEvery == 0 ? 1 : 0,
              Double.NaN,
              i * 0.01 * scale,
              i % 97 == 0 && 7.5 * scale > 5));
    }
    Summary s =
        new Summary(
            1, 2, 3, 3, 0, 0, 0.1, 0.1, 0.2, 0.3, MINUTES, 5, 0.1, 0, 0, 0, 0, 0, 0, 0, 10, 0, 1.0);
    return new SimulationResult(name, s, rows);
  }

  @Test
  void everyMinuteOnOneTimeAxisWithSharedScalesTheSlaLineAndActionTicks() throws Exception {
    Map<String, String> inputs = new LinkedHashMap<>();
    inputs.put("trace", "t.csv");
    inputs.put(HtmlReport.SLA_WAIT_INPUT, "5.0");
    List<SimulationResult> results = List.of(run("reactive", 2, 60), run("oracle", 1, 30));
    Path html = Files.writeString(dir.resolve("report.html"), HtmlReport.render(inputs, results));

    JsonNode check = new ObjectMapper().readTree(new HeadlessChromium(dir).check(html));
    JsonNode charts = check.get("charts");
    assertEquals(1 + 3 * results.size(), charts.size(), "cost, then 3 measures per run");
    for (JsonNode c : charts) {
      assertEquals(MINUTES, c.get("points").asInt(), c.get("title") + ": every minute drawn");
      assertEquals(T0.getEpochSecond(), c.get("xMin").asLong(), "one time axis");
      assertEquals(charts.get(0).get("xMax").asLong(), c.get("xMax").asLong(), "one time axis");
      assertTrue(c.get("legendFits").asBoolean(), c.toString());
    }
    assertTrue(check.get("zoomFollows").get("simulation").asBoolean(), "zoom moves every chart");
    for (int measure = 0; measure < 3; measure++) {
      JsonNode reactive = charts.get(1 + 2 * measure);
      JsonNode oracle = charts.get(2 + 2 * measure);
      assertEquals(
          reactive.get("yMax").asDouble(), oracle.get("yMax").asDouble(), 1e-9, "shared y scale");
    }
    JsonNode load = charts.get(1);
    assertEquals(MINUTES / 60, load.get("markers").asInt(), "a tick per minute with actions");
    assertEquals(MINUTES / 30, charts.get(2).get("markers").asInt());
    JsonNode wait = charts.get(3);
    assertEquals(5.0, wait.get("rules").get(0).asDouble(), 1e-9, "SLA line");
    assertTrue(wait.get("yMax").asDouble() >= 15 * 1.05 - 1e-9, "the highest wait fits");
    JsonNode hover = load.get("hover");
    int idx = hover.get("index").asInt();
    double demand = results.get(0).rows().get(idx).demand();
    assertEquals(
        String.format(Locale.ROOT, demand >= 10 ? "%.1f" : "%.2f", demand),
        hover.get("shown").get(1).get("value").asText(),
        "the legend shows the demand under the cursor");
  }
}
