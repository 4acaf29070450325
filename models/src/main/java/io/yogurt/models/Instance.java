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
 */
public record Instance(
    String id, String name, String pool, Status status, Instant createdAt, String launchKey) {

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
  }
}
