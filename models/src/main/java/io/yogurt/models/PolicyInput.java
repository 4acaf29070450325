package io.yogurt.models;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a policy may look at for one pool at one tick. Policies read nothing else: no clock,
 * no I/O.
 *
 * @param load the service's load summed over the brokers that answered; empty when blind
 * @param sinceLastLook time covered by the load's arrival and completion counts
 * @param forecast the forecast of arrivals, when a model is available
 * @param leadTime time from launching an instance to its worker's first heartbeat
 * @param tick the loop's period
 */
public record PolicyInput(
    PoolSpec pool,
    PoolView view,
    Optional<ServiceLoad> load,
    Duration sinceLastLook,
    Optional<Forecast> forecast,
    Duration leadTime,
    Duration tick,
    Optional<ManualOverride> override,
    PolicyMemory memory,
    Instant now) {

  public PolicyInput {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(load, "load");
    Objects.requireNonNull(sinceLastLook, "sinceLastLook");
    Objects.requireNonNull(forecast, "forecast");
    Objects.requireNonNull(leadTime, "leadTime");
    Objects.requireNonNull(tick, "tick");
    Objects.requireNonNull(override, "override");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(now, "now");
  }

  /** Arrivals per second over the last look; 0 when blind or when no time has passed. */
  public double arrivalRate() {
    double seconds = sinceLastLook.toMillis() / 1000.0;
    return load.map(l -> seconds > 0 ? l.arrivals() / seconds : 0.0).orElse(0.0);
  }
}
