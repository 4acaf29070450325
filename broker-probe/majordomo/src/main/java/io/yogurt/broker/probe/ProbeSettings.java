package io.yogurt.broker.probe;

import io.yogurt.config.ConfigSection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code probe:} section: which brokers to watch, each with its own timeout.
 *
 * <pre>
 * probe:
 *   brokers: [tcp://10.0.0.5:5555, tcp://10.0.0.6:5555]   # empty: the embedded broker
 *   timeout: 1s                                           # default per broker
 *   timeouts:                                             # per-broker overrides
 *     "tcp://10.0.0.6:5555": 3s
 * </pre>
 */
public record ProbeSettings(List<ProbeTarget> brokers) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration MIN = Duration.ofMillis(10);
  private static final Duration MAX = Duration.ofMinutes(5);

  public ProbeSettings {
    brokers = List.copyOf(brokers);
  }

  public static ProbeSettings from(ConfigSection s) {
    List<String> endpoints = s.strings("brokers", List.of());
    Duration timeout = s.duration("timeout", DEFAULT_TIMEOUT, MIN, MAX);
    ConfigSection timeouts = s.section("timeouts");
    List<ProbeTarget> targets = new ArrayList<>();
    for (String endpoint : endpoints) {
      if (!endpoint.matches("(tcp|ipc|inproc)://.+")) {
        s.error("brokers", "got '" + endpoint + "', expected an endpoint like tcp://10.0.0.5:5555");
      }
      Duration t =
          timeouts.has(endpoint) ? timeouts.duration(endpoint, timeout, MIN, MAX) : timeout;
      targets.add(new ProbeTarget(endpoint, t));
    }
    return new ProbeSettings(targets);
  }

  /** The targets, or one target at {@code fallback} when none is configured (embedded mode). */
  public List<ProbeTarget> brokersOr(String fallback) {
    return brokers.isEmpty() ? List.of(new ProbeTarget(fallback, DEFAULT_TIMEOUT)) : brokers;
  }
}
