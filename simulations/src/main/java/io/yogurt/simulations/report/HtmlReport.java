package io.yogurt.simulations.report;

import io.yogurt.report.Chart;
import io.yogurt.report.Html;
import io.yogurt.report.HtmlPage;
import io.yogurt.report.Palette;
import io.yogurt.report.Table;
import io.yogurt.simulations.MinuteRow;
import io.yogurt.simulations.SimulationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One self-contained HTML page: the inputs, the comparison table (units in the headers), the
 * cumulative cost of every run, and per measure one chart per run, every minute of it: demand vs
 * capacity with the minutes that had actions marked, queue wait with the SLA line, queued requests.
 * Every chart shares one time axis (zoom one, all follow), and the charts of one measure share
 * their y scale, so runs compare at a glance.
 */
public final class HtmlReport {

  /** The input that names the SLA's wait (seconds): the wait charts draw it as a line. */
  public static final String SLA_WAIT_INPUT = "sla_wait_s";

  private static final String GROUP = "simulation";

  private HtmlReport() {}

  public static String render(Map<String, String> inputs, List<SimulationResult> results) {
    HtmlPage page = new HtmlPage("Yogurt simulation").h1("Yogurt simulation");
    StringBuilder in = new StringBuilder("<p>");
    inputs.forEach(
        (k, v) ->
            in.append("<b>")
                .append(Html.esc(k))
                .append("</b> ")
                .append(Html.esc(v))
                .append(" &nbsp; "));
    page.html(in.append("</p>").toString());
    page.h2("Comparison").table(table(results));
    page.paragraph(
        "Columns as in summary.json (same order); their definitions: docs/simulations.md.");
    if (results.isEmpty() || results.get(0).rows().isEmpty()) {
      return page.render();
    }
    double sla = slaWait(inputs);
    page.h2("Cumulative cost").chart(cost(results));
    page.h2("Demand vs capacity");
    double loadMax = max(results, MinuteRow::demand, MinuteRow::capacity, MinuteRow::forecast);
    for (SimulationResult r : results) {
      page.chart(load(r, loadMax));
    }
    page.h2("Queue wait p95");
    double waitMax = Math.max(max(results, MinuteRow::waitP95), Double.isNaN(sla) ? 0 : sla);
    for (SimulationResult r : results) {
      Chart c =
          timeline(r, "queue wait p95: " + r.name(), "s", waitMax)
              .line("wait p95", "#d62728", values(r, MinuteRow::waitP95));
      if (!Double.isNaN(sla)) {
        c.rule("SLA " + Html.fixed(sla, sla == Math.rint(sla) ? 0 : 2) + " s", sla, "#000");
      }
      page.chart(c);
    }
    page.h2("Queued requests");
    double queuedMax = max(results, m -> m.queued());
    for (SimulationResult r : results) {
      page.chart(
          timeline(r, "queued: " + r.name(), "requests", queuedMax)
              .line("queued", "#9467bd", values(r, m -> m.queued())));
    }
    return page.render();
  }

  private static Chart cost(List<SimulationResult> results) {
    Chart c =
        timeline(results.get(0), "cumulative cost", "$", Double.NaN)
            .height(300)
            .note("Every run over the same minutes.");
    for (int i = 0; i < results.size(); i++) {
      SimulationResult r = results.get(i);
      c.line(r.name(), Palette.color(i), values(r, MinuteRow::cost));
    }
    return c;
  }

  private static Chart load(SimulationResult r, double yMax) {
    List<Instant> acted = new ArrayList<>();
    for (MinuteRow m : r.rows()) {
      if (m.actions() > 0) {
        acted.add(m.minute());
      }
    }
    Chart c =
        timeline(r, "demand vs capacity: " + r.name(), "req/s", yMax)
            .line("demand", "#7f7f7f", values(r, MinuteRow::demand))
            .line("capacity", "#1f77b4", values(r, MinuteRow::capacity))
            .markers("minutes with launches, drains or destroys", acted);
    double[] forecast = values(r, MinuteRow::forecast);
    if (Arrays.stream(forecast).anyMatch(Double::isFinite)) {
      c.dashed("forecast", "#ff7f0e", forecast);
    }
    return c;
  }

  private static Chart timeline(SimulationResult r, String title, String unit, double yMax) {
    List<MinuteRow> rows = r.rows();
    return Chart.overTime(title, unit)
        .times(rows.get(0).minute(), Duration.ofMinutes(1), rows.size())
        .yRange(0, yMax > 0 ? yMax * 1.05 : Double.NaN)
        .height(200)
        .group(GROUP);
  }

  private static double[] values(SimulationResult r, ToDoubleFunction<MinuteRow> f) {
    return r.rows().stream().mapToDouble(f).toArray();
  }

  @SafeVarargs
  private static double max(List<SimulationResult> results, ToDoubleFunction<MinuteRow>... fs) {
    double max = 0;
    for (SimulationResult r : results) {
      for (MinuteRow m : r.rows()) {
        for (ToDoubleFunction<MinuteRow> f : fs) {
          double v = f.applyAsDouble(m);
          if (Double.isFinite(v)) {
            max = Math.max(max, v);
          }
        }
      }
    }
    return max;
  }

  private static double slaWait(Map<String, String> inputs) {
    try {
      return Double.parseDouble(inputs.getOrDefault(SLA_WAIT_INPUT, "NaN"));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static Table table(List<SimulationResult> results) {
    List<String> headers = new ArrayList<>(List.of("policy"));
    if (!results.isEmpty()) {
      SummaryJson.fields(results.get(0).summary()).keySet().forEach(k -> headers.add(header(k)));
    }
    Table t = new Table("comparison", headers);
    for (SimulationResult r : results) {
      List<String> cells = new ArrayList<>(List.of(r.name()));
      SummaryJson.fields(r.summary())
          .values()
          .forEach(v -> cells.add(Html.fixed(v, v == Math.rint(v) ? 0 : 3)));
      t.row(cells.toArray(String[]::new));
    }
    return t;
  }

  /** A summary key as a column header with its unit. */
  static String header(String key) {
    return switch (key) {
      case "droplet_hours" -> "droplet-hours (h)";
      case "cost" -> "cost ($)";
      case "queued_at_end" -> "queued at end";
      case "wait_mean_s" -> "wait mean (s)";
      case "wait_p50_s" -> "wait p50 (s)";
      case "wait_p95_s" -> "wait p95 (s)";
      case "wait_p99_s" -> "wait p99 (s)";
      case "minutes" -> "minutes (min)";
      case "sla_violation_minutes" -> "SLA-violating (min)";
      case "sla_violation_pct" -> "SLA-violating (%)";
      case "under_provisioned_minutes" -> "under-provisioned (min)";
      case "over_provisioned_minutes" -> "over-provisioned (min)";
      case "under_provisioned_time_pct" -> "under time τU (%)";
      case "over_provisioned_time_pct" -> "over time τO (%)";
      case "under_provisioning_pct" -> "under θU (%)";
      case "over_provisioning_pct" -> "over θO (%)";
      case "instability_pct" -> "instability υ (%)";
      case "failed_launches" -> "failed launches";
      case "cost_vs_oracle" -> "cost vs oracle (×)";
      default -> key.replace('_', ' ');
    };
  }
}
