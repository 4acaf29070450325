package io.yogurt.autoscaler.admin;

import io.yogurt.config.ConfigSection;

/**
 * The admin API ({@code admin:} in YAML): HTTP on {@code bind}:{@code port} (0: any free port). Its
 * address and token are written to {@code admin.json} in the state directory for the CLI.
 */
public record AdminSettings(boolean enabled, String bind, int port) {

  public static AdminSettings from(ConfigSection s) {
    boolean enabled = s.bool("enabled", true);
    String bind = s.string("bind", "127.0.0.1");
    int port = s.integer("port", 7355, 0, 65535);
    return new AdminSettings(enabled, bind, port);
  }
}
