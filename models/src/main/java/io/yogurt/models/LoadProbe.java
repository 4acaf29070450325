package io.yogurt.models;

import java.time.Instant;

/**
 * Looks at every watched broker. Implementations never throw for a broker that does not answer:
 * they return a reading marked unreachable.
 */
public interface LoadProbe extends AutoCloseable {

  /** One look at every broker, stamped with the time the caller passes. */
  Observation observe(Instant now);

  @Override
  default void close() {}
}
