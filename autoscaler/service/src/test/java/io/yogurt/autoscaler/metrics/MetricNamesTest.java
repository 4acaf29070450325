package io.yogurt.autoscaler.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The names Prometheus sees follow its rules: units in names, counters end in _total, _info. */
class MetricNamesTest {

  private final Scraped scraped = new Scraped();

  /** The sample {@code series} (name and labels as scraped) has the value {@code expected}. */
  private void has(String series, double expected) {
    String line =
        scraped
            .text
            .lines()
            .filter(l -> l.startsWith(series + " "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no " + series + " in:\n" + scraped.text));
    assertEquals(expected, Double.parseDouble(line.substring(series.length() + 1)), 1e-9, line);
  }

  @Test
  void eachMetricHasItsRuleAbidingName() {
    has("yogurt_build_info{java=\"" + Runtime.version() + "\",version=\"1.2.3\"}", 1);
    has("yogurt_last_tick_timestamp_seconds", Scraped.AT.getEpochSecond());
    has("yogurt_pool_arrivals_per_second{pool=\"echo\"}", 3.5);
    has("yogurt_pool_forecast_arrivals_per_second{pool=\"echo\"}", 4.25);
    has("yogurt_pool_desired{pool=\"echo\"}", 4);
    has("yogurt_actions_total{pool=\"echo\"}", 1);
    has("yogurt_tick_errors_total{pool=\"echo\"}", 0);
    has("yogurt_tick_duration_seconds_count", 1);
    has("yogurt_source_up{source=\"history\"}", 0);
    has("yogurt_ha_role{role=\"acting\"}", 1);
    has("yogurt_ha_role{role=\"standby\"}", 0);
    has("yogurt_provider_requests_total{provider=\"digitalocean\"}", 41);
    has("yogurt_provider_retries_total{provider=\"digitalocean\"}", 3);
    has("yogurt_provider_budget_wait_seconds_total{provider=\"digitalocean\"}", 2.5);
    has("yogurt_history_outbox_samples", 17);
    has("yogurt_forecast_model_info{model=\"ensemble\",service=\"echo\"}", 1);
  }

  @Test
  void jvmAndProcessBindersAreThere() {
    Set<String> names = scraped.names();
    for (String n :
        List.of(
            "jvm_memory_used_bytes",
            "jvm_threads_live_threads",
            "jvm_classes_loaded_classes",
            "process_cpu_usage",
            "process_uptime_seconds",
            "system_cpu_count")) {
      assertTrue(names.contains(n), n + " in " + names);
    }
  }

  @Test
  void theOldNamesAreGone() {
    assertFalse(scraped.text.contains("yogurt_pool_arrivals_rate"));
    assertFalse(scraped.text.contains("yogurt_tick_last "));
    for (String n : scraped.names()) {
      assertFalse(n.endsWith("_rate"), n + ": a rate says its unit (_per_second)");
    }
  }
}
