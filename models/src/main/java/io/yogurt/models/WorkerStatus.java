package io.yogurt.models;

import java.time.Duration;
import java.util.Objects;

/**
 * One worker as a broker sees it. {@code identity} is the worker's socket identity, which is the
 * name of the instance it runs on: that is how the probe's view and the provider's are joined.
 *
 * @param registrations how many times the worker has registered with this broker since it started
 *     (a count that grows between two looks means it was lost and came back in between); 0 when the
 *     broker does not say
 */
public record WorkerStatus(
    String identity,
    String service,
    State state,
    Duration heartbeatAge,
    int inFlight,
    int registrations) {

  /** A worker whose broker does not count registrations. */
  public WorkerStatus(
      String identity, String service, State state, Duration heartbeatAge, int inFlight) {
    this(identity, service, state, heartbeatAge, inFlight, 0);
  }

  /** What the broker is doing with the worker. */
  public enum State {
    IDLE,
    BUSY,
    DRAINING
  }

  public WorkerStatus {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(heartbeatAge, "heartbeatAge");
  }

  public boolean busy() {
    return state == State.BUSY || inFlight > 0;
  }
}
