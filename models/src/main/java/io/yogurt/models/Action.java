package io.yogurt.models;

/** Something the loop does to a pool after deciding, with the reason it is done. */
public sealed interface Action {

  /** Why this action: the step or the healing rule that asked for it. */
  Reason why();

  /** A short imperative: "launch 2", "drain echo-3", "destroy echo-3". */
  String describe();

  /** Launches {@code count} instances under one idempotency key. */
  record Launch(String pool, int count, String idempotencyKey, Reason why) implements Action {
    @Override
    public String describe() {
      return "launch " + count;
    }
  }

  /** Asks the brokers to stop dispatching to the instance's worker; destroyed once idle. */
  record Drain(Instance instance, Reason why) implements Action {
    @Override
    public String describe() {
      return "drain " + instance.name();
    }
  }

  /** Destroys an instance (drained, past its drain deadline, or dead). */
  record Destroy(Instance instance, Reason why) implements Action {
    @Override
    public String describe() {
      return "destroy " + instance.name();
    }
  }
}
