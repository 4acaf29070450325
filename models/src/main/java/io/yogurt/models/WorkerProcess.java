package io.yogurt.models;

import java.util.Objects;

/**
 * What a process supervisor on an instance (supervisord) says about its worker process, for
 * providers that can ask one; {@link #NOT_WATCHED} for the others (droplets, local processes).
 *
 * @param restarts times the supervisor restarted the worker after it died, since this Yogurt first
 *     saw the instance: each one is a lost worker for the crash-loop budget, even when no tick saw
 *     it gone
 * @param detail the supervisor's own words, e.g. "FATAL: Exited too quickly (exit status 1)"
 */
public record WorkerProcess(State state, int restarts, String detail) {

  /** The supervisor's view of the worker process. */
  public enum State {
    /** The provider has no process supervisor to ask. */
    NOT_WATCHED,
    /** Starting or running. */
    RUNNING,
    /** Died and is being restarted (supervisord's BACKOFF). */
    RESTARTING,
    /** The supervisor gave up on it (FATAL): it will not come back by itself. */
    FAILED,
    /** It ended by itself and was not restarted (a worker drained at the broker exits 0). */
    EXITED,
    /**
     * The supervisor does not answer: what runs there is unknown. Such an instance is neither
     * replaced nor counted as lost while it lasts.
     */
    UNREACHABLE
  }

  public static final WorkerProcess NOT_WATCHED = new WorkerProcess(State.NOT_WATCHED, 0, "");

  public WorkerProcess {
    Objects.requireNonNull(state, "state");
    detail = detail == null ? "" : detail;
    if (restarts < 0) {
      throw new IllegalArgumentException("restarts must be >= 0, got " + restarts);
    }
  }

  public boolean failed() {
    return state == State.FAILED;
  }

  public boolean unreachable() {
    return state == State.UNREACHABLE;
  }
}
