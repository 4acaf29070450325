package io.yogurt.autoscaler.admin;

import io.yogurt.config.ConfigSection;
import java.time.Duration;

/**
 * The admin API ({@code admin:} in YAML): HTTP on {@code bind}:{@code port} (0: any free port). Its
 * address and token are written to {@code admin.json} in the state directory for the CLI.
 *
 * @param threads requests served at once; more wait in a queue of 16 per thread, and beyond that a
 *     connection is closed at once
 * @param maxBodyBytes a larger request body is refused (413) unread
 * @param requestTimeout a request (headers and body) not received within this is dropped, so a
 *     client that never sends its body holds a thread no longer
 */
public record AdminSettings(
    boolean enabled,
    String bind,
    int port,
    int threads,
    int maxBodyBytes,
    Duration requestTimeout) {

  public static AdminSettings from(ConfigSection s) {
    boolean enabled = s.bool("enabled", true);
    String bind = s.string("bind", "127.0.0.1");
    int port = s.integer("port", 7355, 0, 65535);
    int threads = s.integer("threads", 8, 1, 256);
    int maxBody = s.integer("max-body-bytes", 65536, 256, 16 << 20);
    Duration timeout =
        s.duration(
            "request-timeout",
            Duration.ofSeconds(5),
            Duration.ofSeconds(1),
            Duration.ofMinutes(10));
    return new AdminSettings(enabled, bind, port, threads, maxBody, timeout);
  }
}
