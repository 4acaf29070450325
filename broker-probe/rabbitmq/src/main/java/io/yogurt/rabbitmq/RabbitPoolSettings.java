package io.yogurt.rabbitmq;

import io.yogurt.config.ConfigSection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a pool's work waits when its broker is RabbitMQ ({@code pools.<name>.rabbitmq} in YAML):
 *
 * <pre>
 * pools:
 *   rpc:
 *     broker: rabbitmq
 *     rabbitmq:
 *       url: amqp://yogurt@127.0.0.1:5672     # amqps:// for TLS
 *       password: ${YOGURT_AMQP_PASSWORD}     # when the URL has none; never printed
 *       vhost: /
 *       queue: rpc                            # empty: the pool's service
 *       management-url: http://127.0.0.1:15672
 * </pre>
 *
 * @param pool the pool's name
 * @param service the service name the loop knows the pool's load by
 * @param endpoint server, user, password, vhost
 * @param queue the queue the pool's workers consume
 * @param managementUrl the management plugin's HTTP API
 * @param timeout for each look (HTTP call, AMQP connect)
 * @param prefetch how many unacknowledged messages each worker may hold
 * @param declareQueue whether workers declare the queue (durable) when it does not exist
 */
public record RabbitPoolSettings(
    String pool,
    String service,
    AmqpEndpoint endpoint,
    String queue,
    URI managementUrl,
    Duration timeout,
    int prefetch,
    boolean declareQueue) {

  public static final String DEFAULT_URL = "amqp://guest@127.0.0.1:5672";

  public RabbitPoolSettings {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(managementUrl, "managementUrl");
    Objects.requireNonNull(timeout, "timeout");
  }

  /** Reads {@code pools.<pool>.rabbitmq}; every key has a default. */
  public static RabbitPoolSettings from(String pool, String service, ConfigSection s) {
    String url = s.string("url", DEFAULT_URL, AmqpEndpoint::mask);
    String password = s.secret("password", "").reveal();
    String vhost = s.string("vhost", "");
    String queue = s.string("queue", "");
    String management = s.string("management-url", "");
    Duration timeout =
        s.duration("timeout", Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMinutes(1));
    String ca = s.string("ca-certificate", "");
    int prefetch = s.integer("prefetch", 1, 1, 65_535);
    boolean declare = s.bool("declare-queue", false);
    AmqpEndpoint endpoint;
    try {
      endpoint = AmqpEndpoint.parse(url, vhost, password, ca.isEmpty() ? null : Path.of(ca));
    } catch (IllegalArgumentException e) {
      s.error("url", e.getMessage());
      endpoint = AmqpEndpoint.parse(DEFAULT_URL, vhost, password, null);
    }
    URI managementUrl = defaultManagementUrl(endpoint);
    if (!management.isEmpty()) {
      try {
        managementUrl = new URI(management.replaceAll("/+$", ""));
        if (!"http".equals(managementUrl.getScheme()) && !"https".equals(managementUrl.getScheme())
            || managementUrl.getHost() == null) {
          throw new URISyntaxException(management, "not http(s)");
        }
      } catch (URISyntaxException e) {
        s.error(
            "management-url",
            "got '" + management + "', expected a URL like http://127.0.0.1:15672");
      }
    }
    return new RabbitPoolSettings(
        pool,
        service,
        endpoint,
        queue.isEmpty() ? service : queue,
        managementUrl,
        timeout,
        prefetch,
        declare);
  }

  /** The management plugin's default: plain HTTP on port 15672 of the AMQP host. */
  public static URI defaultManagementUrl(AmqpEndpoint endpoint) {
    return URI.create("http://" + endpoint.host() + ":15672");
  }

  /** How the pool's source is named in messages and in {@code status}; no secret in it. */
  public String label() {
    return "rabbitmq " + endpoint.label() + " queue " + queue + " (pool " + pool + ")";
  }
}
