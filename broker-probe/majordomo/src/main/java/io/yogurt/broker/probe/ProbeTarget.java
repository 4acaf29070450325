package io.yogurt.broker.probe;

import java.time.Duration;
import java.util.Objects;

/** One broker the probe watches, with its own timeout. */
public record ProbeTarget(String endpoint, Duration timeout) {

  public ProbeTarget {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(timeout, "timeout");
  }

  public static ProbeTarget of(String endpoint, Duration timeout) {
    return new ProbeTarget(endpoint, timeout);
  }
}
