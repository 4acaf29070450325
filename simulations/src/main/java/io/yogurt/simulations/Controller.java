package io.yogurt.simulations;

import java.time.Instant;

/**
 * Whatever sizes the fleet in a simulation: the production control loop (wired in by the
 * autoscaler) or the oracle. It acts on the world's ports; the runner only tells it the time.
 */
@FunctionalInterface
public interface Controller {

  TickOutcome tick(Instant now);

  /** What a tick reports back for the timeline. */
  record TickOutcome(double forecastPerSecond) {

    public static final TickOutcome NONE = new TickOutcome(Double.NaN);
  }
}
