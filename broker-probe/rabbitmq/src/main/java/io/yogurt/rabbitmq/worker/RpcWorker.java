package io.yogurt.rabbitmq.worker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.yogurt.broker.worker.Handler;
import io.yogurt.models.Backoff;
import io.yogurt.rabbitmq.AmqpConnections;
import io.yogurt.rabbitmq.ControlQueue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A RabbitMQ RPC worker: consumes its queue with a prefetch under the consumer tag of its
 * instance's name, runs the handler on each request, publishes the reply to {@code reply_to} with
 * the request's {@code correlation_id}, then acks. A drain ({@link #stop}, SIGTERM in the CLI, or
 * {@link ControlQueue#DRAIN} on its control queue) cancels the consumer, lets every delivery it
 * already holds finish and be acked, then closes. A lost connection is reopened with exponential
 * back-off and jitter; what was unacknowledged on it goes back to the queue at the server.
 */
public final class RpcWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RpcWorker.class);

  /** Header of a reply whose handler failed; the body then says why. */
  public static final String ERROR_HEADER = "x-yogurt-error";

  /** Longest wait for the deliveries held at a drain, as a backstop to the caller's own timeout. */
  private static final Duration DRAIN_BACKSTOP = Duration.ofMinutes(10);

  private final RpcWorkerSettings settings;
  private final Handler handler;
  private final Backoff backoff;
  private int failures;
  private final Thread supervisor;
  private final CompletableFuture<Boolean> terminated = new CompletableFuture<>();
  private final AtomicLong handled = new AtomicLong();
  private final Object lock = new Object();
  private boolean stopRequested; // guarded by lock
  private volatile boolean drainedByControl;
  private volatile boolean consuming;

  public RpcWorker(RpcWorkerSettings settings, Handler handler) {
    this.settings = settings;
    this.handler = handler;
    this.backoff =
        new Backoff(settings.reconnectMin(), settings.reconnectMax(), RandomGenerator.getDefault());
    this.supervisor = new Thread(this::run, "rabbitmq-worker-" + settings.name());
    this.supervisor.setDaemon(true);
  }

  /** Connects and serves until drained. */
  public RpcWorker start() {
    supervisor.start();
    return this;
  }

  /** Asks for a drain: cancel the consumer, finish and ack what is held, close. */
  public void stop() {
    synchronized (lock) {
      stopRequested = true;
      lock.notifyAll();
    }
  }

  /** Drains and waits up to {@code timeout}; true when it stopped in time. */
  public boolean stop(Duration timeout) {
    stop();
    return awaitTermination(timeout);
  }

  public boolean awaitTermination(Duration timeout) {
    try {
      terminated.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }

  /** Completes once the worker has stopped: true when a control message drained it. */
  public CompletableFuture<Boolean> terminated() {
    return terminated;
  }

  /** Requests answered and acked so far. */
  public long handled() {
    return handled.get();
  }

  /** Whether its consumer is registered at the server now. */
  public boolean consuming() {
    return consuming;
  }

  public String name() {
    return settings.name();
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }

  private void run() {
    try {
      while (!stopRequested()) {
        Session session;
        try {
          session = new Session();
        } catch (IOException e) {
          if (!pause("cannot consume '" + settings.queue() + "': " + e.getMessage())) {
            break;
          }
          continue;
        }
        failures = 0;
        log.info(
            "worker {}: consuming '{}' at {} (prefetch {})",
            settings.name(),
            settings.queue(),
            settings.endpoint().label(),
            settings.prefetch());
        synchronized (lock) {
          while (!stopRequested && session.open()) {
            lock.wait();
          }
        }
        if (stopRequested()) {
          session.drain();
          break;
        }
        String why = session.closeReason();
        session.abort();
        if (!pause("connection lost (" + why + ")")) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("worker {} stopped on an error", settings.name(), e);
    } finally {
      consuming = false;
      terminated.complete(drainedByControl);
    }
  }

  private boolean stopRequested() {
    synchronized (lock) {
      return stopRequested;
    }
  }

  /** Waits the back-off delay unless asked to stop meanwhile; false when stopping. */
  private boolean pause(String why) throws InterruptedException {
    long delay = backoff.delay(++failures).toMillis();
    log.warn("worker {}: {}; retrying in {} ms", settings.name(), why, delay);
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
    synchronized (lock) {
      for (long left = delay; !stopRequested && left > 0; ) {
        lock.wait(left);
        left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
      }
      return !stopRequested;
    }
  }

  /** One connection: the work channel with its consumer, and the control channel. */
  private final class Session {
    private final Connection connection;
    private final Channel work;
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private volatile boolean cancelledByServer;

    Session() throws IOException {
      connection =
          AmqpConnections.open(
              settings.endpoint(), settings.connectTimeout(), "yogurt-worker " + settings.name());
      connection.addShutdownListener(
          cause -> {
            consuming = false;
            synchronized (lock) {
              lock.notifyAll();
            }
          });
      try {
        ensureQueue();
        Channel control = connection.createChannel();
        String controlQueue = ControlQueue.of(settings.name());
        control.queueDeclare(controlQueue, false, false, true, ControlQueue.arguments());
        control.basicConsume(
            controlQueue, true, settings.name() + ".control", new Control(control));
        work = connection.createChannel();
        work.basicQos(settings.prefetch());
        work.basicConsume(settings.queue(), false, settings.name(), new Work(work, this));
        consuming = true;
      } catch (IOException | RuntimeException e) {
        abort();
        throw new IOException(AmqpConnections.describe(e), e);
      }
    }

    /** The queue must exist; it is declared (durable) only when the settings say so. */
    private void ensureQueue() throws IOException {
      if (exists(settings.queue())) {
        return;
      }
      if (!settings.declareQueue()) {
        throw new IOException(
            "queue '"
                + settings.queue()
                + "' not found in vhost '"
                + settings.endpoint().vhost()
                + "'");
      }
      Channel ch = connection.createChannel();
      ch.queueDeclare(settings.queue(), true, false, false, null);
      closeQuietly(ch);
    }

    /** A passive declare; a missing queue closes the channel, the connection stays. */
    private boolean exists(String queue) throws IOException {
      Channel ch = connection.createChannel();
      try {
        ch.queueDeclarePassive(queue);
        return true;
      } catch (IOException e) {
        if (AmqpConnections.describe(e).startsWith("not found")) {
          return false;
        }
        throw e;
      } finally {
        closeQuietly(ch);
      }
    }

    private void closeQuietly(Channel ch) {
      try {
        if (ch.isOpen()) {
          ch.close();
        }
      } catch (IOException | TimeoutException | RuntimeException ignored) {
        // closed by the server already (a failed passive declare)
      }
    }

    boolean open() {
      return connection.isOpen() && !cancelledByServer;
    }

    /** The server cancelled the consumer (its queue was deleted): start again. */
    void cancelledByServer() {
      cancelledByServer = true;
      consuming = false;
      synchronized (lock) {
        lock.notifyAll();
      }
    }

    String closeReason() {
      if (cancelledByServer) {
        return "the server cancelled the consumer: queue deleted?";
      }
      ShutdownSignalException s = connection.getCloseReason();
      return s == null ? "closed" : AmqpConnections.describe(s);
    }

    /** Cancels the consumer, waits until every delivery already held is handled, closes. */
    void drain() throws InterruptedException {
      log.info("worker {}: draining", settings.name());
      try {
        work.basicCancel(settings.name());
        // The cancel-ok is dispatched after every delivery received before it: once it is seen,
        // all the worker held has been answered and acked.
        if (!cancelled.await(DRAIN_BACKSTOP.toMillis(), TimeUnit.MILLISECONDS)) {
          log.warn(
              "worker {}: deliveries still in flight after {}", settings.name(), DRAIN_BACKSTOP);
        }
        consuming = false;
        connection.close((int) settings.connectTimeout().toMillis());
        log.info("worker {}: drained after {} requests", settings.name(), handled.get());
      } catch (IOException | RuntimeException e) {
        log.warn("worker {}: drain cut short: {}", settings.name(), AmqpConnections.describe(e));
        abort();
      }
    }

    void abort() {
      consuming = false;
      connection.abort((int) settings.connectTimeout().toMillis());
    }
  }

  /** The RPC consumer: handle, reply, ack, in that order. */
  private final class Work extends DefaultConsumer {
    private final Session session;

    Work(Channel channel, Session session) {
      super(channel);
      this.session = session;
    }

    @Override
    public void handleDelivery(
        String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
      byte[] reply;
      Map<String, Object> headers = null;
      try {
        reply = join(handler.handle(List.of(body)));
      } catch (Exception e) {
        headers = Map.of(ERROR_HEADER, "500");
        reply = ("handler failed: " + e).getBytes(StandardCharsets.UTF_8);
      }
      try {
        if (props.getReplyTo() != null && !props.getReplyTo().isEmpty()) {
          AMQP.BasicProperties replyProps =
              new AMQP.BasicProperties.Builder()
                  .correlationId(props.getCorrelationId())
                  .contentType(props.getContentType())
                  .headers(headers)
                  .build();
          getChannel().basicPublish("", props.getReplyTo(), replyProps, reply);
        }
        getChannel().basicAck(envelope.getDeliveryTag(), false);
        handled.incrementAndGet();
      } catch (IOException | RuntimeException e) {
        // The channel is gone: the server puts the request back in the queue for another worker.
        log.warn(
            "worker {}: reply or ack failed: {}", settings.name(), AmqpConnections.describe(e));
      }
    }

    @Override
    public void handleCancelOk(String tag) {
      session.cancelled.countDown();
    }

    @Override
    public void handleCancel(String tag) {
      // Reconnecting (on the supervisor thread: never close a connection from its own dispatch
      // thread) waits for the queue to exist again.
      session.cancelledByServer();
    }
  }

  /** The control consumer: DRAIN stops the worker as SIGTERM does. */
  private final class Control extends DefaultConsumer {
    Control(Channel channel) {
      super(channel);
    }

    @Override
    public void handleDelivery(
        String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
      if (ControlQueue.DRAIN.equals(new String(body, StandardCharsets.UTF_8))) {
        log.info("worker {}: drain asked on its control queue", settings.name());
        drainedByControl = true;
        stop();
      }
    }
  }

  private static byte[] join(List<byte[]> frames) {
    if (frames.size() == 1) {
      return frames.get(0);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    frames.forEach(out::writeBytes);
    return out.toByteArray();
  }
}
