package io.yogurt.broker.worker;

import io.yogurt.broker.curve.CurveClient;
import io.yogurt.broker.mdp.Frames;
import io.yogurt.broker.mdp.Framing;
import io.yogurt.broker.mdp.HandshakeGuard;
import io.yogurt.broker.mdp.MdpVersion;
import io.yogurt.broker.mdp.Mmi;
import io.yogurt.broker.mdp.Waker;
import io.yogurt.broker.mdp.WorkerCommand;
import io.yogurt.models.Backoff;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A Majordomo worker. One I/O thread owns the socket and sends heartbeats on time; the handler runs
 * on another thread, so a long request never looks like a dead worker. When the broker goes silent
 * the agent reconnects with exponential back-off and jitter. {@link #stop} drains: the request in
 * flight finishes and is answered, then the agent says DISCONNECT. A broker drain (DISCONNECT
 * "drained") stops it the same way.
 */
public final class WorkerAgent implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WorkerAgent.class);

  /** How soon an idle agent notices stop(). */
  private static final long STOP_CHECK_MILLIS = 100;

  private final WorkerSettings settings;
  private final Handler handler;
  private final InstantSource clock;
  private final Framing framing;
  private final Backoff backoff;
  private int reconnects;
  private final ZContext context = new ZContext(1);
  private final Waker waker = new Waker();
  private final Queue<Result> results = new ConcurrentLinkedQueue<>();
  private final ExecutorService work;
  private final CompletableFuture<Boolean> terminated = new CompletableFuture<>();
  private final Thread io;
  private volatile boolean stopRequested;
  private volatile boolean drainedByBroker;
  private volatile long handled;

  // I/O thread state
  private ZMQ.Socket socket;
  private ZMQ.Poller poller;
  private int generation;
  private boolean busy;
  private long lastHeard;
  private long nextHeartbeat;

  /** One finished request, tagged with the connection it came in on. */
  private record Result(int generation, byte[] client, List<byte[]> body) {}

  public WorkerAgent(WorkerSettings settings, Handler handler, InstantSource clock) {
    this.settings = settings;
    this.handler = handler;
    this.clock = clock;
    this.framing = settings.version() == MdpVersion.V01 ? Framing.V01 : Framing.V02;
    this.backoff =
        new Backoff(settings.reconnectMin(), settings.reconnectMax(), RandomGenerator.getDefault());
    this.work =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "worker-handler-" + settings.name());
              t.setDaemon(true);
              return t;
            });
    this.io = new Thread(this::run, "worker-io-" + settings.name());
    this.io.setDaemon(true);
  }

  /** Connects and serves until stopped or drained. */
  public WorkerAgent start() {
    io.start();
    return this;
  }

  /** Asks for a graceful stop: finish the request in flight, DISCONNECT, close. */
  public void stop() {
    stopRequested = true;
    waker.wake();
  }

  /** Stops gracefully and waits up to {@code timeout}; true when it stopped in time. */
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

  /** Completes (with true when the broker drained us) once the agent has stopped. */
  public CompletableFuture<Boolean> terminated() {
    return terminated;
  }

  public boolean drainedByBroker() {
    return drainedByBroker;
  }

  /** Requests answered so far. */
  public long handled() {
    return handled;
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }

  private void run() {
    try {
      connect();
      while (true) {
        if (stopRequested && !busy) {
          send(WorkerCommand.DISCONNECT, List.of());
          break;
        }
        long now = clock.millis();
        long timeout =
            Math.max(
                1,
                Math.min(
                    STOP_CHECK_MILLIS,
                    Math.min(nextHeartbeat - now, lastHeard + expiryMillis() - now)));
        if (busy) {
          // A handler is running on the other thread: wait for the broker or for its result.
          poller.poll(timeout);
          if (waker.pending()) {
            waker.clear();
            sendResults();
          }
          if (poller.pollin(0)) {
            receiveAll(ZMQ.DONTWAIT);
          }
        } else {
          // Idle: a blocking receive with a timeout, much cheaper than a JeroMQ poller. One
          // message only: after a request nothing else is due, and an empty read is a system call.
          socket.setReceiveTimeOut((int) timeout);
          List<byte[]> msg = Frames.receive(socket, 0);
          if (msg != null) {
            onMessage(msg);
          }
        }
        if (drainedByBroker && !busy) {
          break;
        }
        now = clock.millis();
        if (now >= nextHeartbeat) {
          send(WorkerCommand.HEARTBEAT, List.of());
          nextHeartbeat = now + settings.heartbeatInterval().toMillis();
        }
        if (now - lastHeard > expiryMillis()) {
          log.warn(
              "worker {}: broker silent for {} ms, reconnecting", settings.name(), now - lastHeard);
          if (!pauseBeforeReconnect()) {
            break;
          }
          connect();
        }
      }
    } catch (RuntimeException e) {
      log.error("worker {} stopped on an error", settings.name(), e);
    } finally {
      work.shutdownNow();
      closeSocket();
      context.close();
      waker.close();
      terminated.complete(drainedByBroker);
    }
  }

  /** Reads what the broker sent: the first message with {@code flags}, the rest without waiting. */
  private void receiveAll(int flags) {
    List<byte[]> msg = Frames.receive(socket, flags);
    while (msg != null && onMessage(msg)) {
      msg = Frames.receive(socket, ZMQ.DONTWAIT);
    }
  }

  private long expiryMillis() {
    return settings.heartbeatInterval().toMillis() * settings.heartbeatLiveness();
  }

  /** Waits the back-off delay, unless asked to stop meanwhile; false when stopping. */
  private boolean pauseBeforeReconnect() {
    abandonSocket();
    long until = clock.millis() + backoff.delay(++reconnects).toMillis();
    try (ZMQ.Poller wait = context.createPoller(1)) {
      waker.register(wait);
      while (!stopRequested) {
        long left = until - clock.millis();
        if (left <= 0) {
          return true;
        }
        wait.poll(left);
        if (waker.pending()) {
          waker.clear();
          results.clear(); // replies for a connection we gave up: the broker re-queued them
          busy = false;
        }
      }
    }
    return false;
  }

  private void connect() {
    generation++;
    socket = context.createSocket(SocketType.DEALER);
    socket.setLinger(2000);
    socket.setIdentity(Frames.text(settings.name()));
    // A READY stuck behind a dead handshake would otherwise wait for the liveness timeout.
    HandshakeGuard.apply(socket, max(HandshakeGuard.DEFAULT, settings.heartbeatInterval()));
    CurveClient.applyIfAny(settings.curve(), socket);
    socket.connect(settings.endpoint());
    poller = context.createPoller(2);
    poller.register(socket, ZMQ.Poller.POLLIN);
    waker.register(poller);
    send(WorkerCommand.READY, List.of(Frames.text(settings.service())));
    lastHeard = clock.millis();
    nextHeartbeat = lastHeard + settings.heartbeatInterval().toMillis();
    busy = false;
    results.clear();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * Gives up a connection before reconnecting. Nothing queued on it may leave later: a READY
   * delivered after its handshake finally completed would reach the broker after the new
   * connection's READY, which the broker takes as a protocol error (READY twice).
   */
  private void abandonSocket() {
    if (socket != null) {
      socket.setLinger(0);
    }
    closeSocket();
  }

  /** Closes for good: what is still queued (the last reply, DISCONNECT) gets the linger time. */
  private void closeSocket() {
    if (poller != null) {
      poller.close();
      poller = null;
    }
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }

  /** Handles one message from the broker; false when the socket was replaced. */
  private boolean onMessage(List<byte[]> msg) {
    lastHeard = clock.millis();
    reconnects = 0;
    int i = !msg.isEmpty() && msg.get(0).length == 0 ? 1 : 0;
    if (msg.size() < i + 2 || MdpVersion.ofWorkerHeader(msg.get(i)) != settings.version()) {
      log.warn("worker {}: ignoring a malformed message from the broker", settings.name());
      return true;
    }
    WorkerCommand command = settings.version().command(msg.get(i + 1));
    List<byte[]> args = msg.subList(i + 2, msg.size());
    if (command == WorkerCommand.REQUEST && args.size() >= 2) {
      byte[] client = args.get(0);
      List<byte[]> body = new ArrayList<>(args.subList(2, args.size()));
      busy = true;
      int gen = generation;
      if (handler.instant()) {
        results.add(new Result(gen, client, handleSafely(body)));
        sendResults();
        return true;
      }
      work.execute(
          () -> {
            results.add(new Result(gen, client, handleSafely(body)));
            waker.wake();
          });
    } else if (command == WorkerCommand.DISCONNECT) {
      if (args.size() >= 1 && Mmi.DRAINED.equals(Frames.string(args.get(0)))) {
        log.info("worker {}: drained by the broker", settings.name());
        drainedByBroker = true;
        return true;
      }
      log.info("worker {}: broker asked to reconnect", settings.name());
      abandonSocket();
      connect();
      return false;
    }
    return true;
  }

  /** A handler failure is answered with a 500 error reply, never silence. */
  private List<byte[]> handleSafely(List<byte[]> body) {
    try {
      return handler.handle(body);
    } catch (Exception e) {
      return List.of(
          Frames.text(Mmi.ERROR_MARKER), Frames.text("500"), Frames.text("handler failed: " + e));
    }
  }

  private void sendResults() {
    Result r;
    while ((r = results.poll()) != null) {
      if (r.generation() != generation) {
        continue;
      }
      List<byte[]> args = new ArrayList<>(r.body().size() + 2);
      args.add(r.client());
      args.add(Frames.EMPTY);
      args.addAll(r.body());
      send(WorkerCommand.FINAL, args);
      busy = false;
      handled++;
    }
  }

  private void send(WorkerCommand command, List<byte[]> args) {
    Frames.send(socket, framing.toWorker(command, args));
  }
}
