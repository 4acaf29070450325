package io.yogurt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yogurt.config.DurationText;
import io.yogurt.config.InvalidInputException;
import io.yogurt.config.trace.Trace;
import io.yogurt.config.trace.TraceFormat;
import io.yogurt.config.trace.TraceReader;
import io.yogurt.history.HistorySettings;
import io.yogurt.history.ResilientHistory;
import io.yogurt.history.embedded.EmbeddedHistory;
import io.yogurt.models.History;
import io.yogurt.models.Metrics;
import io.yogurt.models.Progress;
import io.yogurt.models.Sample;
import io.yogurt.models.Series;
import io.yogurt.models.SeriesQuery;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code yogurt history import|show|export}: fill, look at and dump the traffic history. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description =
        "Import traces into the traffic history, show the series the forecaster sees, export it.",
    subcommands = {
      HistoryCommand.Import.class,
      HistoryCommand.Show.class,
      HistoryCommand.Export.class
    })
public final class HistoryCommand {

  /** Appends a recorded trace as samples of one service. */
  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description =
          "Import a trace CSV (time,count rows) as samples of a service into the configured history.")
  static final class Import implements Callable<Integer> {
    @Mixin HistoryOptions history;
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--trace",
        required = true,
        paramLabel = "FILE",
        description = "Trace CSV to import.")
    Path trace;

    @Option(
        names = "--service",
        required = true,
        paramLabel = "NAME",
        description = "Service the samples belong to.")
    String service;

    @Option(
        names = "--metric",
        defaultValue = Metrics.ARRIVALS,
        paramLabel = "NAME",
        description = "Metric the counts are (default: ${DEFAULT-VALUE}).")
    String metric;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      HistorySettings settings = history.settings();
      Trace t = new TraceReader(TraceFormat.DEFAULT).read(trace);
      List<Sample> samples = new ArrayList<>(t.points().size());
      for (Trace.Point p : t.points()) {
        samples.add(new Sample(service, metric, p.at(), p.count()));
      }
      long started = System.nanoTime();
      try (History h = history.open(settings, err)) {
        Progress progress = ProgressLine.onStderr(err);
        String what = "importing " + trace.getFileName();
        int batch = 10_000;
        for (int i = 0; i < samples.size(); i += batch) {
          h.append(samples.subList(i, Math.min(samples.size(), i + batch)));
          progress.update(what, Math.min(samples.size(), i + batch), samples.size());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(
            Locale.ROOT,
            "imported %d samples of %s/%s (%s .. %s, every %s) into %s in %.2f s (%.0f samples/s)%n",
            samples.size(),
            service,
            metric,
            t.start(),
            t.end(),
            DurationText.format(t.interval()),
            settings.backend().name().toLowerCase(Locale.ROOT),
            seconds,
            samples.size() / Math.max(seconds, 1e-9));
        HistoryOptions.reportIfDegraded(h, err);
      }
      return ExitCodes.OK;
    }
  }

  /** Prints the regular series the forecaster would read. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Print the regular series of a service's metric (gaps shown as -, or null in JSON).")
  static final class Show implements Callable<Integer> {
    private final InstantSource clock;

    @Mixin HistoryOptions history;

    @ArgGroup(exclusive = false)
    TimeRange range = new TimeRange();

    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--service", required = true, paramLabel = "NAME")
    String service;

    @Option(
        names = "--metric",
        defaultValue = Metrics.ARRIVALS,
        paramLabel = "NAME",
        description =
            "Metric (default: ${DEFAULT-VALUE}); one of arrivals, completions, queued, workers, workers_busy.")
    String metric;

    @Option(
        names = "--step",
        defaultValue = "1m",
        paramLabel = "DURATION",
        description = "Step (default: ${DEFAULT-VALUE}).")
    String step;

    @Option(
        names = "--json",
        description = "Print JSON: {service, metric, start, step_seconds, values}.")
    boolean json;

    Show(InstantSource clock) {
      this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      Duration stepDuration =
          DurationText.parse(step)
              .filter(d -> !d.isZero() && !d.isNegative())
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "--step: got '"
                              + step
                              + "', expected a positive duration such as 1m, 5m, 1h"));
      Instant[] r = range.resolve(clock.instant(), Duration.ofDays(1), stepDuration);
      HistorySettings settings = history.settings();
      try (History h = history.open(settings, spec.commandLine().getErr())) {
        Series s = h.read(new SeriesQuery(service, metric, r[0], r[1], stepDuration));
        if (json) {
          out.println(toJson(s));
        } else {
          for (int i = 0; i < s.size(); i++) {
            out.println(s.timeAt(i) + "\t" + (s.isGap(i) ? "-" : format(s.valueAt(i))));
          }
        }
      }
      return ExitCodes.OK;
    }

    private String toJson(Series s) throws IOException {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode root = mapper.createObjectNode();
      root.put("service", service);
      root.put("metric", metric);
      root.put("start", s.start().toString());
      root.put("step_seconds", s.step().toSeconds());
      ArrayNode values = root.putArray("values");
      for (double v : s.values()) {
        if (Double.isNaN(v)) {
          values.addNull();
        } else {
          values.add(v);
        }
      }
      return mapper.writeValueAsString(root);
    }
  }

  /** Dumps the embedded store as CSV. */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write the stored samples as CSV (time,service,metric,value,count,max,width_seconds); "
              + "downsampled buckets have width > 0. Reads the embedded store, which holds every sample Yogurt wrote.")
  static final class Export implements Callable<Integer> {
    private final InstantSource clock;

    @Mixin HistoryOptions history;

    @ArgGroup(exclusive = false)
    TimeRange range = new TimeRange();

    @Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--service",
        paramLabel = "NAME",
        description = "Only this service (default: all).")
    String service;

    @Option(
        names = "--metric",
        paramLabel = "NAME",
        description = "Only this metric (default: all).")
    String metric;

    @Option(
        names = {"-o", "--out"},
        paramLabel = "FILE",
        description = "Write here instead of standard output.")
    Path outFile;

    Export(InstantSource clock) {
      this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
      Instant[] r = range.resolve(clock.instant(), Duration.ofDays(36_500), Duration.ofMinutes(1));
      HistorySettings settings = history.settings();
      try (History h = history.open(settings, spec.commandLine().getErr());
          PrintWriter out =
              outFile == null
                  ? null
                  : new PrintWriter(Files.newBufferedWriter(outFile, StandardCharsets.UTF_8))) {
        PrintWriter sink = out == null ? spec.commandLine().getOut() : out;
        EmbeddedHistory local = h instanceof ResilientHistory rh ? rh.local() : (EmbeddedHistory) h;
        sink.println("time,service,metric,value,count,max,width_seconds");
        long[] rows = {0};
        local.scan(
            service,
            metric,
            r[0],
            r[1],
            p -> {
              sink.println(
                  p.at()
                      + ","
                      + p.service()
                      + ","
                      + p.metric()
                      + ","
                      + format(p.value())
                      + ","
                      + format(p.count())
                      + ","
                      + format(p.max())
                      + ","
                      + p.widthMillis() / 1000);
              rows[0]++;
            });
        sink.flush();
        if (outFile != null) {
          spec.commandLine().getErr().println("exported " + rows[0] + " rows to " + outFile);
        }
      }
      return ExitCodes.OK;
    }
  }

  static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
