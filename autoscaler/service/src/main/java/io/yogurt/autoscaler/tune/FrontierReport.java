package io.yogurt.autoscaler.tune;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.yogurt.simulations.SimulationResult;
import io.yogurt.simulations.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A tune's frontier as a text table, as JSON, and as a self-contained HTML page. */
public final class FrontierReport {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private FrontierReport() {}

  /**
   * The table: one line per setting, the oracle last, the choices marked; with a column of the
   * minutes within max when some were beyond it.
   */
  public static String text(Frontier f) {
    boolean ceiling = !f.beyondMax().isEmpty();
    StringBuilder out = new StringBuilder();
    String fmt = "%-10s  %-52s  %9s  %7s  %9s" + (ceiling ? "  %10s" : "%s") + "  %-10s%n";
    out.append(
        String.format(
            Locale.ROOT,
            fmt,
            "policy",
            "setting",
            "cost",
            "vs orac",
            "SLA-viol%",
            ceiling ? "within max" : "",
            "meets SLO"));
    for (Frontier.Point p : f.points()) {
      out.append(row(fmt, f, p.margins().policy(), p.margins().label(), p.result(), chosen(f, p)));
    }
    out.append(row(fmt, f, "oracle", "(knows the future)", f.oracle(), false));
    if (ceiling) {
      out.append(
          String.format(
              Locale.ROOT,
              "%d minutes were beyond the pool's max (the oracle held to it lost them too): not"
                  + " held against any setting; \"within max\" counts the others.%n",
              f.beyondMax().size()));
    }
    return out.toString();
  }

  private static String row(
      String fmt, Frontier f, String policy, String label, SimulationResult r, boolean chosen) {
    Summary s = r.summary();
    boolean ceiling = !f.beyondMax().isEmpty();
    return String.format(
        Locale.ROOT,
        fmt,
        policy,
        label,
        String.format(Locale.ROOT, "%.2f", s.cost()),
        String.format(Locale.ROOT, "%.2fx", s.costVsOracle()),
        String.format(Locale.ROOT, "%.3f", s.slaViolationPct()),
        ceiling ? String.format(Locale.ROOT, "%.3f", f.violationPctWithinMax(r)) : "",
        (f.meets(r) ? "yes" : "no") + (chosen ? "  <- chosen" : ""));
  }

  /** The same as JSON, with the inputs and each policy's choice. */
  public static String json(Map<String, String> inputs, Frontier f) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("inputs", inputs);
    root.put("slo", f.slo().toString());
    root.put("allowed_sla_violation_pct", (1 - f.slo().goodMinutes()) * 100);
    root.put("minutes_beyond_max", f.beyondMax().size());
    List<Object> points = new ArrayList<>();
    for (Frontier.Point p : f.points()) {
      points.add(point(f, p));
    }
    root.put("settings", points);
    Map<String, Object> choices = new LinkedHashMap<>();
    for (String policy : List.of("reactive", "predictive")) {
      f.choice(policy)
          .ifPresent(
              c -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("setting", c.point().margins().label());
                m.put("meets_slo", c.meetsSlo());
                m.put("cost", c.point().cost());
                m.put("sla_violation_pct", c.point().violationPct());
                m.put("sla_violation_pct_within_max", f.violationPctWithinMax(c.point().result()));
                choices.put(policy, m);
              });
    }
    root.put("choices", choices);
    root.put(
        "oracle",
        Map.of(
            "cost", f.oracle().summary().cost(),
            "sla_violation_pct", f.oracle().summary().slaViolationPct()));
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of numbers and strings are always JSON", e);
    }
  }

  /** A page with the inputs, the frontier plotted, and the table. */
  public static String html(Map<String, String> inputs, Frontier f) {
    StringBuilder h =
        new StringBuilder(
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>Yogurt tune</title>"
                + "<style>body{font:14px sans-serif;margin:20px;color:#222}"
                + "pre{font-size:12px;background:#f6f6f6;padding:8px}</style></head><body>"
                + "<h1>Yogurt tune</h1><p>");
    inputs.forEach(
        (k, v) ->
            h.append("<b>")
                .append(FrontierChart.esc(k))
                .append("</b> ")
                .append(FrontierChart.esc(v))
                .append(" &nbsp; "));
    h.append("</p><h2>Frontier</h2>");
    List<FrontierChart.Dot> dots = new ArrayList<>();
    for (Frontier.Point p : f.points()) {
      dots.add(
          new FrontierChart.Dot(
              p.margins().policy(),
              f.violationPctWithinMax(p.result()),
              p.result().summary().costVsOracle(),
              p.margins().policy() + ": " + p.margins().label(),
              chosen(f, p)));
    }
    h.append(
        FrontierChart.render(
            List.of("reactive", "predictive"), dots, (1 - f.slo().goodMinutes()) * 100));
    h.append("<p>Each point is one setting replayed through the production loop; ringed: the ")
        .append("cheapest that met the SLO (")
        .append(FrontierChart.esc(f.slo().toString()))
        .append("), or the safest when none did.")
        .append(
            f.beyondMax().isEmpty()
                ? ""
                : " SLA-violating minutes are counted within the pool's max: "
                    + f.beyondMax().size()
                    + " minutes beyond it, lost by the oracle held to it too, are left out.")
        .append("</p><pre>")
        .append(FrontierChart.esc(text(f)))
        .append("</pre></body></html>\n");
    return h.toString();
  }

  private static Map<String, Object> point(Frontier f, Frontier.Point p) {
    Summary s = p.result().summary();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("policy", p.margins().policy());
    m.put("setting", p.margins().label());
    m.put("cost", s.cost());
    m.put("cost_vs_oracle", s.costVsOracle());
    m.put("sla_violation_minutes", s.slaViolationMinutes());
    m.put("sla_violation_pct", s.slaViolationPct());
    m.put("sla_violation_minutes_within_max", f.violationsWithinMax(p.result()));
    m.put("meets_slo", f.meets(p));
    m.put("chosen", chosen(f, p));
    return m;
  }

  private static boolean chosen(Frontier f, Frontier.Point p) {
    Optional<Frontier.Choice> c = f.choice(p.margins().policy());
    return c.isPresent() && c.get().point() == p;
  }
}
