package io.yogurt.simulations.report;

import io.yogurt.simulations.SimulationResult;
import io.yogurt.simulations.Summary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** The side-by-side comparison for a terminal: one row per policy, the oracle last. */
public final class SummaryTable {

  private record Column(String header, Function<Summary, String> cell) {}

  private static final List<Column> COLUMNS =
      List.of(
          new Column("droplet-h", s -> Numbers.fixed(s.dropletHours(), 1)),
          new Column("cost", s -> Numbers.fixed(s.cost(), 2)),
          new Column("vs oracle", s -> Numbers.fixed(s.costVsOracle(), 2) + "x"),
          new Column("wait p50", s -> Numbers.fixed(s.waitP50S(), 2) + "s"),
          new Column("p95", s -> Numbers.fixed(s.waitP95S(), 2) + "s"),
          new Column("p99", s -> Numbers.fixed(s.waitP99S(), 2) + "s"),
          new Column(
              "SLA-viol min",
              s -> s.slaViolationMinutes() + " (" + Numbers.fixed(s.slaViolationPct(), 2) + "%)"),
          new Column("under t%", s -> Numbers.fixed(s.underProvisionedTimePct(), 1)),
          new Column("under %", s -> Numbers.fixed(s.underProvisioningPct(), 1)),
          new Column("over %", s -> Numbers.fixed(s.overProvisioningPct(), 1)),
          new Column("instab %", s -> Numbers.fixed(s.instabilityPct(), 1)),
          new Column("actions", s -> Integer.toString(s.actions())));

  private SummaryTable() {}

  public static String render(List<SimulationResult> results) {
    List<String[]> rows = new ArrayList<>();
    String[] header = new String[COLUMNS.size() + 1];
    header[0] = "policy";
    for (int c = 0; c < COLUMNS.size(); c++) {
      header[c + 1] = COLUMNS.get(c).header();
    }
    rows.add(header);
    for (SimulationResult r : results) {
      String[] row = new String[COLUMNS.size() + 1];
      row[0] = r.name();
      for (int c = 0; c < COLUMNS.size(); c++) {
        row[c + 1] = COLUMNS.get(c).cell().apply(r.summary());
      }
      rows.add(row);
    }
    int[] width = new int[header.length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      String[] row = rows.get(i);
      for (int c = 0; c < row.length; c++) {
        String pad = " ".repeat(width[c] - row[c].length());
        out.append(c == 0 ? row[c] + pad : "  " + pad + row[c]);
      }
      out.append('\n');
      if (i == 0) {
        int total = Arrays.stream(width).sum() + 2 * (width.length - 1);
        out.append("-".repeat(total)).append('\n');
      }
    }
    return out.toString();
  }
}
