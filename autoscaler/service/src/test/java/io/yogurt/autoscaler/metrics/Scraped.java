package io.yogurt.autoscaler.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.yogurt.models.Action;
import io.yogurt.models.ActionResult;
import io.yogurt.models.Decision;
import io.yogurt.models.PolicyMemory;
import io.yogurt.models.ProviderCallStats;
import io.yogurt.models.Reason;
import io.yogurt.models.ReasonCode;
import io.yogurt.models.TickReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry with every metric the service registers, after one tick: what a Prometheus scrape of a
 * running Yogurt (DigitalOcean, Elasticsearch history, a trained model) shows.
 */
final class Scraped {

  static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final String text;

  Scraped() {
    TickMetrics ticks = new TickMetrics(registry);
    try (ServiceMetrics service = new ServiceMetrics(registry, "1.2.3")) {
      service.role(List.of("acting", "standby", "none"), () -> "acting");
      service.provider("digitalocean", calls(41, 3, Duration.ofMillis(2500)));
      service.outbox(new long[] {17}, w -> w[0]);
      var models = service.models(() -> Map.of("echo", "ensemble"));
      ticks.onTick(report());
      models.onTick(report());
      text = registry.scrape();
    }
  }

  /** Every sample name in the scrape (with _count, _sum, _max, _total as written). */
  Set<String> names() {
    Set<String> out = new TreeSet<>();
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!line.startsWith("#") && m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  static ProviderCallStats calls(long requests, long retries, Duration waited) {
    return new ProviderCallStats() {
      @Override
      public long requests() {
        return requests;
      }

      @Override
      public long retries() {
        return retries;
      }

      @Override
      public Duration budgetWait() {
        return waited;
      }
    };
  }

  static TickReport report() {
    Reason why = new Reason(ReasonCode.SCALE_UP_FORECAST, "forecast needs 4");
    Decision decision = new Decision("echo", 2, 4, List.of(why), List.of(), PolicyMemory.EMPTY);
    TickReport.PoolTick pool =
        new TickReport.PoolTick(
            "echo",
            "echo",
            12,
            3.5,
            4.25,
            2,
            1,
            2,
            decision,
            List.of(
                ActionResult.done(
                    new Action.Launch("echo", 2, "k", why), List.of("echo-a", "echo-b"), "")),
            List.of(),
            List.of());
    return new TickReport(
        AT,
        Duration.ofMillis(40),
        List.of(pool),
        List.of(new TickReport.SourceStatus("history", false, "Elasticsearch down")));
  }
}
