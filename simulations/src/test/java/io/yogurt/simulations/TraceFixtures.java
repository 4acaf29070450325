package io.yogurt.simulations;

import io.yogurt.config.InvalidInputException;
import io.yogurt.config.trace.Trace;
import io.yogurt.config.trace.TraceFormat;
import io.yogurt.config.trace.TraceReader;
import java.nio.file.Path;

/** The recorded traces shipped under simulations/traces. */
final class TraceFixtures {

  private TraceFixtures() {}

  static Trace taxi() {
    return read("nyc_taxi.csv");
  }

  static Trace elb() {
    return read("elb_request_count_8c0756.csv");
  }

  private static Trace read(String name) {
    try {
      return new TraceReader(TraceFormat.DEFAULT).read(Path.of("traces", name));
    } catch (InvalidInputException e) {
      throw new IllegalStateException(e.getMessage());
    }
  }
}
