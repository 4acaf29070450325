package io.yogurt.models;

import java.time.Instant;
import java.util.Objects;

/** One measured value of one metric of one service at one instant. */
public record Sample(String service, String metric, Instant at, double value) {

  public Sample {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(at, "at");
  }
}
