package io.yogurt.models;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one broker said at one look. A broker that did not answer is a reading too: {@code
 * reachable} is false, {@code error} says why, and {@code services} is empty. It is never an
 * exception that ends the tick.
 */
public record BrokerReading(
    String endpoint, boolean reachable, String error, List<ServiceLoad> services) {

  public BrokerReading {
    Objects.requireNonNull(endpoint, "endpoint");
    services = List.copyOf(services);
    error = error == null ? "" : error;
  }

  public static BrokerReading reachable(String endpoint, List<ServiceLoad> services) {
    return new BrokerReading(endpoint, true, "", services);
  }

  public static BrokerReading unreachable(String endpoint, String why) {
    return new BrokerReading(endpoint, false, why, List.of());
  }

  public Optional<ServiceLoad> service(String name) {
    return services.stream().filter(s -> s.service().equals(name)).findFirst();
  }
}
