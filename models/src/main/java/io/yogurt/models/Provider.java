package io.yogurt.models;

import java.util.List;

/**
 * Where instances come from: DigitalOcean, local processes, or a simulated world. Calls may be slow
 * and may fail; the caller decides what to retry.
 */
public interface Provider extends AutoCloseable {

  /** Every instance of the pool that this Yogurt owns, in any state but gone. */
  List<Instance> list(String pool) throws ProviderException;

  /**
   * Launches {@code count} instances. Calling again with the same {@code idempotencyKey} never
   * creates more than {@code count} instances in all: a retried launch adopts what the first
   * attempt created.
   */
  List<Instance> launch(String pool, int count, String idempotencyKey) throws ProviderException;

  /** Destroys one instance by id. Destroying an instance that is already gone is not an error. */
  void destroy(Instance instance) throws ProviderException;

  @Override
  default void close() {}
}
