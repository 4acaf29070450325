package io.yogurt.autoscaler.metrics;

import io.yogurt.config.ConfigSection;

/**
 * The Prometheus endpoint ({@code metrics:} in YAML): {@code GET /metrics} on its own listener,
 * {@code bind}:{@code port} (0: any free port), apart from the admin API, so a remote Prometheus
 * can be let in without opening the token-protected admin API.
 */
public record MetricsSettings(boolean enabled, String bind, int port) {

  public static MetricsSettings from(ConfigSection s) {
    boolean enabled = s.bool("enabled", true);
    String bind = s.string("bind", "127.0.0.1");
    int port = s.integer("port", 7356, 0, 65535);
    return new MetricsSettings(enabled, bind, port);
  }
}
