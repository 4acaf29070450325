package io.yogurt.rabbitmq.worker;

import io.yogurt.rabbitmq.AmqpEndpoint;
import java.time.Duration;
import java.util.Objects;

/**
 * How a RabbitMQ worker connects and consumes.
 *
 * @param endpoint server, user, password, vhost
 * @param queue the queue it consumes RPC requests from
 * @param name its consumer tag: the name of the instance it runs on
 * @param prefetch unacknowledged messages it may hold at once
 * @param declareQueue declare the queue (durable) when it does not exist, instead of waiting for it
 * @param connectTimeout for connecting and for each protocol call
 * @param reconnectMin first reconnect delay (doubles, with jitter, up to reconnectMax)
 * @param reconnectMax longest reconnect delay
 */
public record RpcWorkerSettings(
    AmqpEndpoint endpoint,
    String queue,
    String name,
    int prefetch,
    boolean declareQueue,
    Duration connectTimeout,
    Duration reconnectMin,
    Duration reconnectMax) {

  public RpcWorkerSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(name, "name");
    if (prefetch < 1) {
      throw new IllegalArgumentException("prefetch must be >= 1, got " + prefetch);
    }
  }

  public static RpcWorkerSettings of(AmqpEndpoint endpoint, String queue, String name) {
    return new RpcWorkerSettings(
        endpoint,
        queue,
        name,
        1,
        false,
        Duration.ofSeconds(5),
        Duration.ofSeconds(1),
        Duration.ofSeconds(32));
  }

  public RpcWorkerSettings withPrefetch(int n) {
    return new RpcWorkerSettings(
        endpoint, queue, name, n, declareQueue, connectTimeout, reconnectMin, reconnectMax);
  }

  public RpcWorkerSettings withDeclareQueue(boolean declare) {
    return new RpcWorkerSettings(
        endpoint, queue, name, prefetch, declare, connectTimeout, reconnectMin, reconnectMax);
  }

  public RpcWorkerSettings withReconnect(Duration min, Duration max) {
    return new RpcWorkerSettings(
        endpoint, queue, name, prefetch, declareQueue, connectTimeout, min, max);
  }
}
