package io.yogurt.models;

import java.time.Instant;
import java.util.Objects;

/**
 * One machine (droplet, local process, simulated box) that runs a worker.
 *
 * @param id the provider's id, used to destroy it
 * @param name {@code <pool>-<suffix>}; the worker on it uses the name as its socket identity
 * @param launchKey the idempotency key of the launch that created it, empty when adopted without
 *     one
 * @param createdAt when the provider created it
 * @param process what a process supervisor on the instance says about its worker, if the provider
 *     asks one ({@link WorkerProcess#NOT_WATCHED} otherwise)
 */
public record Instance(
    String id,
    String name,
    String pool,
    Status status,
    Instant createdAt,
    String launchKey,
    WorkerProcess process) {

  /** The provider's view of an instance's life. */
  public enum Status {
    /** Created, not yet running. */
    PENDING,
    /** Running (its worker may still be booting). */
    ACTIVE,
    /** Being destroyed. */
    STOPPING
  }

  public Instance {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    launchKey = launchKey == null ? "" : launchKey;
    process = process == null ? WorkerProcess.NOT_WATCHED : process;
  }

  /** An instance whose provider does not watch its worker process. */
  public Instance(
      String id, String name, String pool, Status status, Instant createdAt, String launchKey) {
    this(id, name, pool, status, createdAt, launchKey, WorkerProcess.NOT_WATCHED);
  }
}
