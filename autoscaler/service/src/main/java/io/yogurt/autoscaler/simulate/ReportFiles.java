package io.yogurt.autoscaler.simulate;

import io.yogurt.simulations.SimulationResult;
import io.yogurt.simulations.report.HtmlReport;
import io.yogurt.simulations.report.SummaryJson;
import io.yogurt.simulations.report.TimelineCsv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes a comparison's files: summary.json, timeline-<policy>.csv per run, report.html. */
public final class ReportFiles {

  public static final String JSON = "summary.json";
  public static final String HTML = "report.html";

  private ReportFiles() {}

  public static void write(Path dir, Map<String, String> inputs, List<SimulationResult> results)
      throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve(JSON), SummaryJson.render(inputs, results), StandardCharsets.UTF_8);
    for (SimulationResult r : results) {
      try (Writer w =
          Files.newBufferedWriter(
              dir.resolve("timeline-" + r.name() + ".csv"), StandardCharsets.UTF_8)) {
        TimelineCsv.write(r.rows(), w);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
    Files.writeString(
        dir.resolve(HTML), HtmlReport.render(inputs, results), StandardCharsets.UTF_8);
  }
}
