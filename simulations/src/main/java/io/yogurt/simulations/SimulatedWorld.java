package io.yogurt.simulations;

import io.yogurt.models.ManualClock;
import java.time.Duration;
import java.time.Instant;

/**
 * One simulated world for one run: a clock at the schedule's start, a provider, a broker for the
 * pool's service and an empty history. Each controller gets a fresh world from the same inputs, so
 * runs are independent and comparable.
 */
public final class SimulatedWorld {

  private final SimulationSettings settings;
  private final ArrivalSchedule arrivals;
  private final String pool;
  private final String service;
  private final ManualClock clock;
  private final SimulatedProvider provider;
  private final SimulatedBroker broker;
  private final SimulatedHistory history = new SimulatedHistory();

  public SimulatedWorld(
      SimulationSettings settings,
      ArrivalSchedule arrivals,
      String pool,
      String service,
      double capacityPerWorker) {
    this.settings = settings;
    this.arrivals = arrivals;
    this.pool = pool;
    this.service = service;
    this.clock = new ManualClock(arrivals.start());
    this.provider = new SimulatedProvider(clock, settings);
    this.broker =
        new SimulatedBroker(clock, service, provider, capacityPerWorker, settings.queueLimit());
  }

  public SimulationSettings settings() {
    return settings;
  }

  public ArrivalSchedule arrivals() {
    return arrivals;
  }

  public String pool() {
    return pool;
  }

  public String service() {
    return service;
  }

  public ManualClock clock() {
    return clock;
  }

  public SimulatedProvider provider() {
    return provider;
  }

  public SimulatedBroker broker() {
    return broker;
  }

  public SimulatedHistory history() {
    return history;
  }

  public Instant start() {
    return arrivals.start();
  }

  public Duration span() {
    return Duration.ofSeconds(arrivals.seconds());
  }

  /** Launches, drains and destroys so far: every change a controller made to the fleet. */
  public int actions() {
    return provider.launchCalls() + provider.destroyed() + broker.drains();
  }
}
