package io.yogurt.models;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * @param blindBrokers brokers that did not answer this look: the load is then what the others saw,
 *     a lower bound (workers and requests there are unseen, not gone); empty when every broker
 *     answered
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
    Instant now,
    List<String> blindBrokers) {

  /** An input with every broker answering. */
  public PolicyInput(
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
    this(
        pool,
        view,
        load,
        sinceLastLook,
        forecast,
        leadTime,
        tick,
        override,
        memory,
        now,
        List.of());
  }

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
    blindBrokers = List.copyOf(blindBrokers);
  }

  /**
   * True when the load was seen, but not by every broker: less than all of it may be visible, so
   * nothing may be scaled in or replaced on what was not seen.
   */
  public boolean partial() {
    return load.isPresent() && !blindBrokers.isEmpty();
  }

  /** Arrivals per second over the last look; 0 when blind or when no time has passed. */
  public double arrivalRate() {
    double seconds = sinceLastLook.toMillis() / 1000.0;
    return load.map(l -> seconds > 0 ? l.arrivals() / seconds : 0.0).orElse(0.0);
  }
}
