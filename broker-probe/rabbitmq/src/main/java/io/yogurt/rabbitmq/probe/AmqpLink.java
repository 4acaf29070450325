package io.yogurt.rabbitmq.probe;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.yogurt.rabbitmq.AmqpConnections;
import io.yogurt.rabbitmq.AmqpEndpoint;
import io.yogurt.rabbitmq.ControlQueue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The probe's own AMQP connection to one server and vhost, opened on first use and again after it
 * drops: passive declares (a queue's ready messages and consumers, whether a worker's control queue
 * has its consumer) for the fallback when the management API is off, and drains.
 */
final class AmqpLink implements AutoCloseable {

  private final AmqpEndpoint endpoint;
  private final Duration timeout;
  private Connection connection;

  AmqpLink(AmqpEndpoint endpoint, Duration timeout) {
    this.endpoint = endpoint;
    this.timeout = timeout;
  }

  /** A queue's ready messages and consumers; empty when it does not exist. */
  synchronized Optional<AMQP.Queue.DeclareOk> declarePassive(String queue) throws IOException {
    Channel ch = channel();
    try {
      return Optional.of(ch.queueDeclarePassive(queue));
    } catch (IOException e) {
      // A failed passive declare closes the channel; NOT_FOUND is an answer, the rest is an error.
      if (AmqpConnections.describe(e).startsWith("not found")) {
        return Optional.empty();
      }
      throw new IOException(AmqpConnections.describe(e), e);
    } finally {
      closeQuietly(ch);
    }
  }

  /** Whether the worker named {@code instance} is connected and listening for control messages. */
  boolean workerListening(String instance) throws IOException {
    return declarePassive(ControlQueue.of(instance))
        .map(ok -> ok.getConsumerCount() > 0)
        .orElse(false);
  }

  /** Sends DRAIN to the worker's control queue; false when no such worker is listening. */
  synchronized boolean drain(String instance) throws IOException {
    if (!workerListening(instance)) {
      return false;
    }
    Channel ch = channel();
    try {
      ch.basicPublish(
          "",
          ControlQueue.of(instance),
          new AMQP.BasicProperties.Builder().contentType("text/plain").build(),
          ControlQueue.DRAIN.getBytes(StandardCharsets.UTF_8));
      return true;
    } finally {
      closeQuietly(ch);
    }
  }

  private Channel channel() throws IOException {
    if (connection == null || !connection.isOpen()) {
      closeConnection();
      connection = AmqpConnections.open(endpoint, timeout, "yogurt-probe");
    }
    try {
      return connection.createChannel();
    } catch (IOException e) {
      throw new IOException(AmqpConnections.describe(e), e);
    }
  }

  private static void closeQuietly(Channel ch) {
    try {
      if (ch.isOpen()) {
        ch.close();
      }
    } catch (IOException | TimeoutException | RuntimeException ignored) {
      // already closed by the server after a failed passive declare
    }
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.abort((int) timeout.toMillis());
      } catch (RuntimeException ignored) {
        // closing a broken connection: nothing to save
      }
      connection = null;
    }
  }

  @Override
  public synchronized void close() {
    closeConnection();
  }
}
