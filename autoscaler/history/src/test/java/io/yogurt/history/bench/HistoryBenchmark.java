package io.yogurt.history.bench;

import io.yogurt.config.trace.Trace;
import io.yogurt.config.trace.TraceFormat;
import io.yogurt.config.trace.TraceReader;
import io.yogurt.history.HistorySettings;
import io.yogurt.history.ResilientHistory;
import io.yogurt.history.elasticsearch.ElasticsearchHistory;
import io.yogurt.history.elasticsearch.ElasticsearchSettings;
import io.yogurt.history.embedded.EmbeddedHistory;
import io.yogurt.models.History;
import io.yogurt.models.Metrics;
import io.yogurt.models.Sample;
import io.yogurt.models.SeriesQuery;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Prints the history figures: bulk import rate (samples/s) of the shipped traces and of a synthetic
 * 90-day 1-minute series, and the latency of reading 30 days of 1-minute data for one service, for
 * the embedded store, Elasticsearch directly, and Elasticsearch behind the outbox (what {@code
 * yogurt history import} does with backend elasticsearch).
 *
 * <pre>
 *   java -cp 'autoscaler/target/yogurt.jar:autoscaler/target/dist/lib/*' io.yogurt.history.HistoryBenchmark \
 *       [--es-url URL] [--traces DIR] [--reads N]
 * </pre>
 */
public final class HistoryBenchmark {

  private static final Instant SYNTHETIC_START = Instant.parse("2026-01-01T00:00:00Z");
  private static final int BATCH = 10_000;

  private HistoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    URI esUrl =
        System.getenv("YOGURT_TEST_ES_URL") == null
            ? null
            : URI.create(System.getenv("YOGURT_TEST_ES_URL"));
    Path traces = Path.of("simulations/traces");
    int reads = 20;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--es-url" -> esUrl = URI.create(args[++i]);
        case "--traces" -> traces = Path.of(args[++i]);
        case "--reads" -> reads = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: HistoryBenchmark [--es-url URL] [--traces DIR] [--reads N]");
          System.exit(2);
        }
      }
    }
    List<Sample> synthetic = synthetic(Duration.ofDays(90));
    List<List<Sample>> traceSamples = new ArrayList<>();
    List<String> traceNames = new ArrayList<>();
    try (Stream<Path> files = Files.list(traces)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
        traceNames.add(f.getFileName().toString());
        traceSamples.add(
            samples(new TraceReader(TraceFormat.DEFAULT).read(f), f.getFileName().toString()));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "machine: %d cores, Java %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    Path dir = Files.createTempDirectory("yogurt-history-bench");
    try {
      try (EmbeddedHistory h =
          EmbeddedHistory.open(dir.resolve("embedded"), HistorySettings.DEFAULT)) {
        run("embedded", h, traceNames, traceSamples, synthetic, reads, () -> {});
      }
      if (esUrl == null) {
        System.out.println(
            "elasticsearch: skipped (give --es-url or set YOGURT_TEST_ES_URL; scripts/elasticsearch start prints one)");
        return;
      }
      ElasticsearchSettings es =
          ElasticsearchSettings.DEFAULT
              .withUrl(esUrl)
              .withIndexPrefix("yogurt-bench-" + UUID.randomUUID().toString().substring(0, 8))
              .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(120));
      try (ElasticsearchHistory h = ElasticsearchHistory.create(es)) {
        h.prepare();
        try {
          run("elasticsearch", h, traceNames, traceSamples, synthetic, reads, h::refresh);
        } finally {
          h.dropAll();
        }
      }
      ElasticsearchSettings viaOutbox = es.withIndexPrefix(es.indexPrefix() + "-outbox");
      try (ElasticsearchHistory remote = ElasticsearchHistory.create(viaOutbox)) {
        ResilientHistory h =
            new ResilientHistory(
                EmbeddedHistory.open(dir.resolve("outbox"), HistorySettings.DEFAULT),
                remote,
                remote::prepare,
                "bench",
                InstantSource.system(),
                Duration.ofSeconds(30),
                es.bulkSize());
        h.start();
        try {
          importRate("elasticsearch+outbox", "synthetic 90 d x 1 min", h, synthetic);
          System.out.println("elasticsearch+outbox: " + h.status().line());
        } finally {
          remote.dropAll();
          h.local().close();
        }
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static void run(
      String backend,
      History h,
      List<String> names,
      List<List<Sample>> traces,
      List<Sample> synthetic,
      int reads,
      Refresh refresh)
      throws Exception {
    for (int i = 0; i < names.size(); i++) {
      importRate(backend, "trace " + names.get(i), h, traces.get(i));
    }
    importRate(backend, "synthetic 90 d x 1 min", h, synthetic);
    refresh.run();
    Instant to = SYNTHETIC_START.plus(Duration.ofDays(60));
    SeriesQuery q =
        new SeriesQuery(
            "synthetic",
            Metrics.ARRIVALS,
            to.minus(Duration.ofDays(30)),
            to,
            Duration.ofMinutes(1));
    h.read(q); // warm-up: class loading, caches
    long[] nanos = new long[reads];
    for (int i = 0; i < reads; i++) {
      long t = System.nanoTime();
      double[] v = h.read(q).values();
      nanos[i] = System.nanoTime() - t;
      if (v.length != 43_200 || Double.isNaN(v[0])) {
        throw new IllegalStateException(
            backend + ": read gave " + v.length + " steps, first " + v[0]);
      }
    }
    Arrays.sort(nanos);
    System.out.printf(
        Locale.ROOT,
        "%-21s read 30 d x 1 min (43,200 steps): median %.1f ms, max %.1f ms over %d reads%n",
        backend + ":",
        nanos[reads / 2] / 1e6,
        nanos[reads - 1] / 1e6,
        reads);
  }

  private static void importRate(String backend, String what, History h, List<Sample> samples)
      throws Exception {
    long t = System.nanoTime();
    for (int i = 0; i < samples.size(); i += BATCH) {
      h.append(samples.subList(i, Math.min(samples.size(), i + BATCH)));
    }
    double seconds = (System.nanoTime() - t) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%-21s import %-34s %,9d samples in %6.2f s = %,10.0f samples/s%n",
        backend + ":",
        what,
        samples.size(),
        seconds,
        samples.size() / seconds);
  }

  /** A daily and weekly shaped request count per minute, with noise from a fixed seed. */
  static List<Sample> synthetic(Duration span) {
    int n = (int) span.toMinutes();
    List<Sample> samples = new ArrayList<>(n);
    Random random = new Random(42);
    for (int m = 0; m < n; m++) {
      double day = Math.sin(2 * Math.PI * (m % 1440) / 1440.0);
      double week = (m / 1440) % 7 >= 5 ? 0.6 : 1.0;
      double value = Math.max(0, Math.round(week * (100 + 60 * day) + random.nextGaussian() * 10));
      samples.add(
          new Sample(
              "synthetic", Metrics.ARRIVALS, SYNTHETIC_START.plus(Duration.ofMinutes(m)), value));
    }
    return samples;
  }

  private static List<Sample> samples(Trace t, String service) {
    return t.points().stream()
        .map(p -> new Sample(service, Metrics.ARRIVALS, p.at(), p.count()))
        .toList();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @FunctionalInterface
  private interface Refresh {
    void run() throws Exception;
  }
}
