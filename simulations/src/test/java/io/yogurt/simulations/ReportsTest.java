package io.yogurt.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.models.Progress;
import io.yogurt.simulations.report.HtmlReport;
import io.yogurt.simulations.report.SummaryJson;
import io.yogurt.simulations.report.SummaryTable;
import io.yogurt.simulations.report.TimelineCsv;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportsTest {

  private static List<SimulationResult> results() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    int[] perSecond = new int[180];
    Arrays.fill(perSecond, 3);
    Comparison c =
        new Comparison(
            SimulationSettings.DEFAULTS,
            ArrivalSchedule.ofCounts(t0, perSecond),
            "p",
            "s",
            2,
            Progress.NONE);
    SimulationResult oracle = c.runOracle();
    return Comparison.againstOracle(List.of(oracle), oracle);
  }

  @Test
  void everyReportCarriesEveryRun() throws IOException {
    List<SimulationResult> results = results();
    String table = SummaryTable.render(results);
    assertEquals(2 + results.size(), table.split("\n").length);
    String json = SummaryJson.render(Map.of("trace", "a \"quoted\" name"), results);
    assertTrue(json.contains("\"trace\": \"a \\\"quoted\\\" name\""), json);
    assertTrue(json.contains("\"cost_vs_oracle\": 1"), json);
    assertTrue(json.contains("\"requests\": 540"), json);
    StringWriter csv = new StringWriter();
    TimelineCsv.write(results.get(0).rows(), csv);
    String[] lines = csv.toString().split("\n");
    assertEquals(TimelineCsv.HEADER, lines[0]);
    assertEquals(4, lines.length);
    assertTrue(lines[1].startsWith("2026-01-01T00:00:00Z,3.000,"), lines[1]);
    String html = HtmlReport.render(Map.of("trace", "<x>"), results);
    assertTrue(html.contains("&lt;x&gt;") && html.contains("<div class=\"chart\""), html);
    assertTrue(html.contains("<th>wait p95 (s)</th>") && html.contains("<th>cost ($)</th>"));
    assertFalse(html.contains("src=\"http"), "one offline file");
  }
}
