package io.yogurt.rabbitmq;

import java.util.Map;

/**
 * Each worker's own control queue, {@code yogurt.control.<instance>}: the loop drains a worker by
 * sending {@link #DRAIN} there (the worker then cancels its consumer, finishes and acks what it
 * holds, and stops). The worker declares it auto-delete (gone with its consumer) with an expiry as
 * a backstop, so its existence with a consumer also says that the worker is connected.
 */
public final class ControlQueue {

  /** The message body that asks a worker to drain. */
  public static final String DRAIN = "drain";

  /** An unused control queue is deleted after this, even if it never had a consumer. */
  public static final int EXPIRES_MILLIS = 60_000;

  private ControlQueue() {}

  /** The control queue of the worker named {@code instance}. */
  public static String of(String instance) {
    return "yogurt.control." + instance;
  }

  /** The arguments the worker declares it with. */
  public static Map<String, Object> arguments() {
    return Map.of("x-expires", EXPIRES_MILLIS);
  }
}
