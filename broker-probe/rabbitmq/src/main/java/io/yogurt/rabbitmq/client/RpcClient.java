package io.yogurt.rabbitmq.client;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.yogurt.rabbitmq.AmqpConnections;
import io.yogurt.rabbitmq.AmqpEndpoint;
import io.yogurt.rabbitmq.worker.RpcWorker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An RPC client over RabbitMQ with direct reply-to: each request goes to the queue with {@code
 * reply_to = amq.rabbitmq.reply-to}, a fresh {@code correlation_id}, the time it was sent (so the
 * management API can tell the oldest waiting request's age) and an expiry of the timeout, after
 * which an unserved request leaves the queue (dead-lettered if the queue says so) and the call
 * fails with {@link TimeoutException}. A request no queue takes fails at once.
 */
public final class RpcClient implements AutoCloseable {

  /** The pseudo-queue of direct reply-to. */
  public static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";

  /** A reply: its body, whether the worker's handler failed, and the round trip. */
  public record Reply(byte[] body, boolean error, long latencyNanos) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** A request the server could not route: no such queue. */
  public static final class UnroutableException extends Exception {
    UnroutableException(String message) {
      super(message);
    }
  }

  private record Pending(CompletableFuture<Reply> future, long sentNanos) {}

  private final String queue;
  private final Duration timeout;
  private final InstantSource clock;
  private final Connection connection;
  private final Channel channel;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private long next;

  public RpcClient(AmqpEndpoint endpoint, String queue, Duration timeout, InstantSource clock)
      throws IOException {
    this.queue = queue;
    this.timeout = timeout;
    this.clock = clock;
    this.connection = AmqpConnections.open(endpoint, Duration.ofSeconds(5), "yogurt-load");
    try {
      this.channel = connection.createChannel();
      channel.confirmSelect();
      channel.addReturnListener(
          r ->
              fail(
                  r.getProperties().getCorrelationId(),
                  new UnroutableException(
                      "no queue '" + r.getRoutingKey() + "' (" + r.getReplyText() + ")")));
      channel.basicConsume(DIRECT_REPLY_TO, true, new Replies(channel));
    } catch (IOException | RuntimeException e) {
      connection.abort();
      throw new IOException(AmqpConnections.describe(e), e);
    }
  }

  /** Sends one request; the future completes with the reply, or fails (timeout, unroutable). */
  public CompletableFuture<Reply> call(byte[] body) {
    CompletableFuture<Reply> future = new CompletableFuture<>();
    String id;
    synchronized (this) {
      id = Long.toString(next++, 36);
      pending.put(id, new Pending(future, System.nanoTime()));
      AMQP.BasicProperties props =
          new AMQP.BasicProperties.Builder()
              .replyTo(DIRECT_REPLY_TO)
              .correlationId(id)
              .timestamp(Date.from(clock.instant()))
              .expiration(Long.toString(timeout.toMillis()))
              .build();
      try {
        channel.basicPublish("", queue, true, props, body);
      } catch (IOException | RuntimeException e) {
        pending.remove(id);
        future.completeExceptionally(new IOException(AmqpConnections.describe(e), e));
        return future;
      }
    }
    future
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((r, e) -> pending.remove(id));
    return future;
  }

  /** Waits until the server has confirmed every request published so far; false on timeout. */
  public boolean awaitConfirms(Duration wait) throws InterruptedException {
    try {
      synchronized (this) {
        return channel.waitForConfirms(wait.toMillis());
      }
    } catch (TimeoutException e) {
      return false;
    }
  }

  /** Requests sent and not yet answered, failed or timed out. */
  public int inFlight() {
    return pending.size();
  }

  private void fail(String correlationId, Exception why) {
    Pending p = correlationId == null ? null : pending.remove(correlationId);
    if (p != null) {
      p.future().completeExceptionally(why);
    }
  }

  @Override
  public void close() {
    try {
      connection.close(2000);
    } catch (IOException | RuntimeException e) {
      connection.abort();
    }
  }

  /** Replies come back on the direct reply-to pseudo-queue of this channel. */
  private final class Replies extends DefaultConsumer {
    Replies(Channel channel) {
      super(channel);
    }

    @Override
    public void handleDelivery(
        String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
      Pending p =
          props.getCorrelationId() == null ? null : pending.remove(props.getCorrelationId());
      if (p != null) {
        boolean error =
            props.getHeaders() != null && props.getHeaders().containsKey(RpcWorker.ERROR_HEADER);
        p.future().complete(new Reply(body, error, System.nanoTime() - p.sentNanos()));
      }
    }
  }
}
