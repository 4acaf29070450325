package io.yogurt.autoscaler.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.yogurt.config.ConfigFile;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * config/grafana's dashboard asks only for metrics the service registers, and shows every one of
 * Yogurt's own; config/prometheus' scrape example points at the metrics listener's default.
 */
class DashboardTest {

  private static final Path CONFIG = Path.of("..", "..", "config");
  private static final Pattern METRIC =
      Pattern.compile("\\b((?:yogurt|jvm|process|system)_[a-z0-9_]+)\\b");
  private static final List<String> SUFFIXES = List.of("_count", "_sum", "_max");

  private final Set<String> registered = new Scraped().names();

  private static Set<String> asked() throws Exception {
    JsonNode dashboard =
        new ObjectMapper().readTree(CONFIG.resolve("grafana/yogurt-dashboard.json").toFile());
    Set<String> out = new TreeSet<>();
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.get("panels")) {
      assertTrue(ids.add(panel.get("id").asInt()), "panel ids are unique: " + panel.get("id"));
      for (JsonNode target : panel.path("targets")) {
        Matcher m = METRIC.matcher(target.get("expr").asText());
        while (m.find()) {
          out.add(m.group(1));
        }
      }
    }
    Matcher m = METRIC.matcher(dashboard.get("templating").toString());
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void everyMetricTheDashboardAsksForIsRegistered() throws Exception {
    Set<String> asked = asked();
    assertTrue(asked.size() > 15, "the dashboard reads the metrics: " + asked);
    for (String name : asked) {
      assertTrue(registered.contains(name), name + " is not registered; there are " + registered);
    }
  }

  @Test
  void everyOneOfYogurtsMetricsIsOnTheDashboard() throws Exception {
    Set<String> asked = asked();
    for (String name : registered) {
      if (!name.startsWith("yogurt_") || asked.contains(name)) {
        continue;
      }
      String base =
          SUFFIXES.stream()
              .filter(name::endsWith)
              .map(s -> name.substring(0, name.length() - s.length()))
              .findFirst()
              .orElse(name);
      assertTrue(
          SUFFIXES.stream().anyMatch(s -> asked.contains(base + s)),
          name + " is registered but no panel shows it");
    }
  }

  @Test
  void thePrometheusExampleScrapesTheDefaultListener() throws Exception {
    JsonNode prometheus =
        new ObjectMapper(new YAMLFactory())
            .readTree(CONFIG.resolve("prometheus/prometheus.yml").toFile());
    JsonNode job = prometheus.get("scrape_configs").get(0);
    assertEquals("/metrics", job.get("metrics_path").asText());
    MetricsSettings defaults = MetricsSettings.from(ConfigFile.none().root().section("metrics"));
    assertEquals(
        defaults.bind() + ":" + defaults.port(),
        job.get("static_configs").get(0).get("targets").get(0).asText());
  }
}
