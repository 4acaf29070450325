package io.yogurt.simulations.report;

import io.yogurt.simulations.SimulationResult;
import io.yogurt.simulations.Summary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The comparison as JSON for machines: the run's inputs, then one object per policy (and the
 * oracle) with the keys documented in docs/simulations.md.
 */
public final class SummaryJson {

  private SummaryJson() {}

  /** Keys and values of one summary, in a stable order. */
  public static Map<String, Double> fields(Summary s) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("droplet_hours", s.dropletHours());
    m.put("cost", s.cost());
    m.put("requests", (double) s.requests());
    m.put("served", (double) s.served());
    m.put("dropped", (double) s.dropped());
    m.put("queued_at_end", (double) s.queuedAtEnd());
    m.put("wait_mean_s", s.waitMeanS());
    m.put("wait_p50_s", s.waitP50S());
    m.put("wait_p95_s", s.waitP95S());
    m.put("wait_p99_s", s.waitP99S());
    m.put("minutes", (double) s.minutes());
    m.put("sla_violation_minutes", (double) s.slaViolationMinutes());
    m.put("sla_violation_pct", s.slaViolationPct());
    m.put("under_provisioned_minutes", (double) s.underProvisionedMinutes());
    m.put("over_provisioned_minutes", (double) s.overProvisionedMinutes());
    m.put("under_provisioned_time_pct", s.underProvisionedTimePct());
    m.put("over_provisioned_time_pct", s.overProvisionedTimePct());
    m.put("under_provisioning_pct", s.underProvisioningPct());
    m.put("over_provisioning_pct", s.overProvisioningPct());
    m.put("instability_pct", s.instabilityPct());
    m.put("actions", (double) s.actions());
    m.put("failed_launches", (double) s.failedLaunches());
    m.put("cost_vs_oracle", s.costVsOracle());
    return m;
  }

  /**
   * @param inputs what the run was made from (trace, span, seed...), written as strings
   */
  public static String render(Map<String, String> inputs, List<SimulationResult> results) {
    StringBuilder out = new StringBuilder("{\n  \"inputs\": {");
    String sep = "\n";
    for (Map.Entry<String, String> e : inputs.entrySet()) {
      out.append(sep)
          .append("    ")
          .append(quote(e.getKey()))
          .append(": ")
          .append(quote(e.getValue()));
      sep = ",\n";
    }
    out.append("\n  },\n  \"policies\": {");
    sep = "\n";
    for (SimulationResult r : results) {
      out.append(sep).append("    ").append(quote(r.name())).append(": {");
      String inner = "\n";
      for (Map.Entry<String, Double> f : fields(r.summary()).entrySet()) {
        out.append(inner)
            .append("      ")
            .append(quote(f.getKey()))
            .append(": ")
            .append(Numbers.json(f.getValue()));
        inner = ",\n";
      }
      out.append("\n    }");
      sep = ",\n";
    }
    return out.append("\n  }\n}\n").toString();
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
