package io.yogurt.models;

/** Something the loop does to a pool after deciding. */
public sealed interface Action {

  /** Launches {@code count} instances under one idempotency key. */
  record Launch(String pool, int count, String idempotencyKey) implements Action {}

  /** Asks the brokers to stop dispatching to the instance's worker; destroyed once idle. */
  record Drain(Instance instance) implements Action {}

  /** Destroys an instance (drained, past its drain deadline, or dead). */
  record Destroy(Instance instance, String why) implements Action {}
}
