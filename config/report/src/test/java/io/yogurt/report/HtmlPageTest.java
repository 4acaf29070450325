package io.yogurt.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlPageTest {

  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir Path dir;

  private static double[] wave(int n, double scale, double phase) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = scale * (1.5 + Math.sin(i / 300.0 + phase));
    }
    return v;
  }

  private static String page() {
    int n = 43_200; // a month of minutes: every one is kept
    double[] demand = wave(n, 10, 0);
    double[] upper = demand.clone();
    for (int i = 0; i < n; i++) {
      upper[i] *= 1.2;
    }
    HtmlPage p = new HtmlPage("Test </script> page").h1("A <b>page</b>");
    p.table(
        new Table("t", List.of("name", "wait p95 (s)")).row("a<", "1.5").highlightedRow("b", "2"));
    p.chart(
        Chart.overTime("demand", "req/s")
            .times(T0, Duration.ofMinutes(1), n)
            .line("demand", Palette.color(0), demand)
            .band("p90", Palette.color(0), upper, "demand")
            .rule("SLA", 20, "#d62728")
            .markers("actions", List.of(T0.plusSeconds(600), T0.plusSeconds(1200)))
            .yRange(0, 40)
            .group("runs"));
    p.chart(
        Chart.overTime("demand again", "req/s")
            .times(T0, Duration.ofMinutes(1), n)
            .line("demand", Palette.color(1), wave(n, 5, 1))
            .yRange(0, 40)
            .group("runs"));
    Chart many = Chart.over("MASE by step ahead", "steps ahead", "").x(new double[] {1, 2, 3, 4});
    for (int m = 0; m < 12; m++) {
      many.line("log-ensemble-model-" + m, Palette.color(m), new double[] {m, m + 1, m + 2, m + 3});
    }
    return p.chart(many).render();
  }

  @Test
  void oneOfflineFileWithEscapedTextAndInlinedUplot() {
    String html = page();
    assertTrue(html.contains("<title>Test &lt;/script&gt; page</title>"), "title escaped");
    assertTrue(html.contains("A &lt;b&gt;page&lt;/b&gt;"));
    assertTrue(html.contains("<th>wait p95 (s)</th>") && html.contains("<td>a&lt;</td>"));
    assertTrue(html.contains("<tr class=\"sel\"><td>b</td>"));
    assertTrue(html.contains("uPlot 1.6.30") && html.contains("var uPlot"), "uPlot inlined");
    assertFalse(html.contains("src=\"http") || html.contains("href=\"http"), "nothing fetched");
    assertEquals(
        5, html.split("</script>", -1).length - 1, "3 charts, uPlot, ours: none ends early");
  }

  @Test
  void aSeriesOfTheWrongLengthOrBeforeItsXIsRefused() {
    Chart c = Chart.overTime("t", "s");
    assertThrows(IllegalStateException.class, () -> c.line("a", "#000", new double[1]));
    c.times(T0, Duration.ofMinutes(1), 3);
    assertThrows(IllegalArgumentException.class, () -> c.line("a", "#000", new double[2]));
    assertThrows(IllegalArgumentException.class, () -> c.band("b", "#000", new double[3], "a"));
  }

  @Test
  void numbersAreShortAndNaNIsAGap() {
    StringBuilder b = new StringBuilder();
    for (double v : new double[] {3, 2.5, 1.0 / 3, 1234.5678, 100.25, 1e-7, Double.NaN}) {
      Html.jsonNumber(b, v, 6);
      b.append(' ');
    }
    assertEquals("3 2.5 0.333333 1234.57 100.25 1.00000e-07 null ", b.toString());
  }

  @Test
  void chromiumDrawsEveryPointAndReadsBackHoverZoomAndLegend() throws Exception {
    Path html = Files.writeString(dir.resolve("page.html"), page());
    JsonNode check = new ObjectMapper().readTree(new HeadlessChromium(dir).check(html));
    JsonNode charts = check.get("charts");
    assertEquals(3, charts.size(), check.toString());

    JsonNode first = charts.get(0);
    assertEquals(43_200, first.get("points").asInt(), "full resolution");
    assertEquals(2, first.get("series").asInt(), "demand and its band");
    assertEquals(T0.getEpochSecond(), first.get("xMin").asLong());
    assertEquals(40, first.get("yMax").asDouble(), 1e-9, "the fixed range");
    assertEquals(20, first.get("rules").get(0).asDouble(), 1e-9, "SLA line");
    assertEquals(2, first.get("markers").asInt(), "action ticks drawn");
    JsonNode hover = first.get("hover");
    int idx = hover.get("index").asInt();
    double demandThere = wave(43_200, 10, 0)[idx];
    String shown = hover.get("shown").get(1).get("value").asText();
    assertEquals("demand", hover.get("shown").get(1).get("label").asText());
    assertEquals(String.format(Locale.ROOT, "%.1f", demandThere), shown, "hover value");

    assertEquals(first.get("xMax").asDouble(), charts.get(1).get("xMax").asDouble(), "same axis");
    assertTrue(check.get("zoomFollows").get("runs").asBoolean(), "zoom moves the group");

    JsonNode mase = charts.get(2);
    assertEquals(12, mase.get("series").asInt());
    assertTrue(mase.get("legendFits").asBoolean(), "12 models fit the legend: " + mase);
  }
}
