package io.yogurt.models;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one tick saw, decided and did. Logs, metrics, stored events and simulation reports are
 * all made from this value.
 */
public record TickReport(
    Instant at, Duration took, List<PoolTick> pools, List<SourceStatus> sources) {

  public TickReport {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(took, "took");
    pools = List.copyOf(pools);
    sources = List.copyOf(sources);
  }

  /**
   * One pool's part of a tick. {@code forecastPerSecond} is the forecast's point for the step
   * holding the tick, in requests per second; NaN without a forecast.
   */
  public record PoolTick(
      String pool,
      String service,
      int queued,
      double arrivalsPerSecond,
      double forecastPerSecond,
      int workersLive,
      int workersBusy,
      int instances,
      Decision decision,
      List<String> actionsTaken,
      List<String> errors,
      List<InstanceState> instanceStates) {

    public PoolTick {
      actionsTaken = List.copyOf(actionsTaken);
      errors = List.copyOf(errors);
      instanceStates = List.copyOf(instanceStates);
    }
  }

  /**
   * One instance as the tick saw it: {@code health} is {@code live}, {@code busy}, {@code
   * draining}, {@code booting} or {@code no worker}.
   */
  public record InstanceState(String name, String health, Instant createdAt) {}

  /** The health of one source the loop depends on (a broker, the history store, the model). */
  public record SourceStatus(String name, boolean ok, String detail) {}
}
