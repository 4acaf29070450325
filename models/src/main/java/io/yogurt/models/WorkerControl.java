package io.yogurt.models;

/** Asks the brokers to stop dispatching to a worker so that it can be removed without loss. */
public interface WorkerControl {

  /**
   * Asks every broker that knows the worker to drain it: no new requests, in-flight ones finish.
   *
   * @return true when some broker acknowledged the drain
   */
  boolean drain(String workerIdentity);

  /** For worlds without brokers (static fleets, tests). */
  WorkerControl NONE = identity -> false;
}
