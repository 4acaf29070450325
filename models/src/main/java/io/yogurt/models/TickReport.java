package io.yogurt.models;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
   * holding the tick, in requests per second; NaN without a forecast. {@code decision} is null when
   * the pool could not be decided (the provider did not list it). {@code events} are what the loop
   * noticed beside the decision: healing held back ({@code MASS_LOSS}, {@code HEAL_LIMITED}) or a
   * source it could not read ({@code PROVIDER_UNAVAILABLE}).
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
      List<ActionResult> actions,
      List<Reason> events,
      List<InstanceState> instanceStates) {

    public PoolTick {
      actions = List.copyOf(actions);
      events = List.copyOf(events);
      instanceStates = List.copyOf(instanceStates);
    }

    /** The actions done or held back by the mode, as lines, then the events. */
    public List<String> actionsTaken() {
      List<String> out = new ArrayList<>();
      actions.stream().filter(a -> !a.failed()).forEach(a -> out.add(a.text()));
      events.stream().filter(e -> !isError(e)).forEach(e -> out.add(e.toString()));
      return out;
    }

    /** What failed: actions the provider or a broker refused, and a provider that did not list. */
    public List<String> errors() {
      List<String> out = new ArrayList<>();
      actions.stream().filter(ActionResult::failed).forEach(a -> out.add(a.text()));
      events.stream().filter(PoolTick::isError).forEach(e -> out.add(e.toString()));
      return out;
    }

    /** Whether the provider failed this pool this tick (listing or acting). */
    public boolean providerFailed() {
      return !errors().isEmpty();
    }

    /** Whether an event of this kind was raised. */
    public boolean raised(ReasonCode code) {
      return events.stream().anyMatch(e -> e.code() == code);
    }

    private static boolean isError(Reason e) {
      return e.code() == ReasonCode.PROVIDER_UNAVAILABLE;
    }
  }

  /**
   * One instance as the tick saw it: {@code health} is {@code live}, {@code busy}, {@code
   * draining}, {@code booting}, {@code no worker}, or, by its process supervisor's word, {@code
   * failed} or {@code unreachable}.
   */
  public record InstanceState(String name, String health, Instant createdAt) {}

  /** The health of one source the loop depends on (a broker, the history store, the model). */
  public record SourceStatus(String name, boolean ok, String detail) {}
}
