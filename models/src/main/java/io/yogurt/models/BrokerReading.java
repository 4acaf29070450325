package io.yogurt.models;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one broker said at one look. A broker that did not answer is a reading too: {@code
 * reachable} is false, {@code error} says why, and {@code services} is empty. It is never an
 * exception that ends the tick. A broker that answered with less than usual (a fallback) is
 * reachable with {@code error} saying what is missing.
 *
 * @param covers services this source is known to carry even when it does not answer (a RabbitMQ
 *     pool's queue): while it does not answer, their load is unknown, not zero (see {@link
 *     Observation#service})
 */
public record BrokerReading(
    String endpoint,
    boolean reachable,
    String error,
    List<ServiceLoad> services,
    Set<String> covers) {

  public BrokerReading {
    Objects.requireNonNull(endpoint, "endpoint");
    services = List.copyOf(services);
    error = error == null ? "" : error;
    covers = covers == null ? Set.of() : Set.copyOf(covers);
  }

  public BrokerReading(
      String endpoint, boolean reachable, String error, List<ServiceLoad> services) {
    this(endpoint, reachable, error, services, Set.of());
  }

  public static BrokerReading reachable(String endpoint, List<ServiceLoad> services) {
    return new BrokerReading(endpoint, true, "", services);
  }

  public static BrokerReading unreachable(String endpoint, String why) {
    return new BrokerReading(endpoint, false, why, List.of());
  }

  /** A source that did not answer for services it is known to carry. */
  public static BrokerReading unreachable(String endpoint, String why, Set<String> covers) {
    return new BrokerReading(endpoint, false, why, List.of(), covers);
  }

  /** A source that answered, but with less than usual: {@code note} says what is missing. */
  public static BrokerReading degraded(String endpoint, List<ServiceLoad> services, String note) {
    return new BrokerReading(endpoint, true, note, services);
  }

  public Optional<ServiceLoad> service(String name) {
    return services.stream().filter(s -> s.service().equals(name)).findFirst();
  }
}
