package io.yogurt.autoscaler.local;

import io.yogurt.rabbitmq.AmqpEndpoint;
import io.yogurt.rabbitmq.RabbitPoolSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a pool's worker process is told besides its name and handler: where its work comes from
 * (arguments of {@code yogurt worker}) and secrets, which go through its environment, never its
 * command line (where {@code ps} would show them).
 */
public record WorkerLaunch(List<String> args, Map<String, String> environment) {

  public WorkerLaunch {
    args = List.copyOf(args);
    environment = Map.copyOf(environment);
  }

  /** A Majordomo worker of {@code service} at the broker {@code endpoint}. */
  public static WorkerLaunch majordomo(String endpoint, String service) {
    return new WorkerLaunch(List.of("--endpoint", endpoint, "--service", service), Map.of());
  }

  /** A RabbitMQ worker on the pool's queue; its password in $YOGURT_AMQP_PASSWORD. */
  public static WorkerLaunch rabbitmq(RabbitPoolSettings pool) {
    AmqpEndpoint e = pool.endpoint();
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--amqp",
            (e.tls() ? "amqps" : "amqp") + "://" + e.username() + "@" + e.host() + ":" + e.port(),
            "--vhost",
            e.vhost(),
            "--queue",
            pool.queue(),
            "--prefetch",
            Integer.toString(pool.prefetch())));
    if (pool.declareQueue()) {
      args.add("--declare-queue");
    }
    if (e.caCertificate() != null) {
      args.addAll(List.of("--amqp-ca", e.caCertificate().toString()));
    }
    return new WorkerLaunch(args, Map.of(AmqpEndpoint.PASSWORD_ENV, e.password().reveal()));
  }
}
