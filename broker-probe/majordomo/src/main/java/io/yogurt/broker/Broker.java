package io.yogurt.broker;

import io.yogurt.broker.curve.CurveKeys;
import io.yogurt.broker.mdp.Frames;
import io.yogurt.config.files.RotatingFile;
import io.yogurt.config.files.Rotation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.Msg;
import zmq.io.Metadata;

/**
 * A running Majordomo broker: one ROUTER socket served by one thread of its own. Start it with
 * {@link #start}, stop it with {@link #close()}.
 */
public final class Broker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Broker.class);

  /** Messages handled per poll wake-up before checking timers again. */
  private static final int BATCH = 256;

  private static final long CLOSE_CHECK_MILLIS = 100;

  private final ZContext context;
  private final ZMQ.Socket router;
  private final ZapHandler auth;
  private final String endpoint;
  private final BrokerEngine engine;
  private final StatsLog statsLog;
  private final Thread thread;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean closing;

  private Broker(BrokerSettings settings, InstantSource clock, Rotation statsRotation)
      throws BrokerStartException {
    // Checked before ZeroMQ is involved: a failed JeroMQ bind leaves its I/O machinery in a state
    // we would rather not depend on, and this gives the clearer message.
    PortCheck.requireFree(settings.bind());
    context = new ZContext();
    try {
      auth = settings.curve().enabled() ? startAuth(settings.curve()) : null;
      router = context.createSocket(SocketType.ROUTER);
      router.setLinger(0);
      // A worker that reconnects under the same identity takes over its old connection.
      router.setRouterHandover(true);
      router.setMaxMsgSize(settings.maxMessageBytes());
      router.setSndHWM(100_000);
      router.setRcvHWM(100_000);
      if (settings.curve().enabled()) {
        CurveKeys server = CurveKeys.load(Path.of(settings.curve().serverKey()));
        router.setZAPDomain("yogurt");
        router.setCurveServer(true);
        router.setCurveSecretKey(server.secretKey());
        router.setCurvePublicKey(server.publicKey());
      }
      endpoint = bind(router, settings.bind());
      engine = new BrokerEngine(settings, clock, this::send);
      if (settings.curve().enabled() && !settings.curve().management().isBlank()) {
        engine
            .management()
            .allowKeys(CurveKeys.publicKeysIn(Path.of(settings.curve().management())));
      }
      statsLog =
          settings.statsLog().isBlank()
              ? null
              : new StatsLog(
                  new RotatingFile(Path.of(settings.statsLog()), statsRotation),
                  settings.statsInterval().toMillis(),
                  endpoint,
                  clock.instant());
    } catch (BrokerStartException | RuntimeException e) {
      context.close();
      throw e;
    } catch (IOException e) {
      context.close();
      throw new BrokerStartException("cannot read CURVE keys: " + e.getMessage(), e);
    }
    thread = new Thread(this::run, "yogurt-broker");
    thread.setDaemon(true);
  }

  /**
   * Binds and starts the broker on its own thread.
   *
   * @throws BrokerStartException when the endpoint cannot be bound or the keys cannot be read
   */
  public static Broker start(BrokerSettings settings, InstantSource clock)
      throws BrokerStartException {
    return start(settings, clock, Rotation.DEFAULT);
  }

  /**
   * Binds and starts the broker on its own thread; its statistics log rotates as {@code
   * statsRotation} says.
   *
   * @throws BrokerStartException when the endpoint cannot be bound or the keys cannot be read
   */
  public static Broker start(BrokerSettings settings, InstantSource clock, Rotation statsRotation)
      throws BrokerStartException {
    Broker broker = new Broker(settings, clock, statsRotation);
    broker.thread.start();
    log.info("broker listening on {}", broker.endpoint);
    return broker;
  }

  /** The endpoint actually bound, with the real port when the settings asked for port 0 or *. */
  public String endpoint() {
    return endpoint;
  }

  private static String bind(ZMQ.Socket socket, String bind) throws BrokerStartException {
    String wanted = bind.matches("tcp://.*:0") ? bind.substring(0, bind.length() - 1) + "*" : bind;
    try {
      socket.bind(wanted);
    } catch (ZMQException e) {
      String why =
          e.getErrorCode() == ZMQ.Error.EADDRINUSE.getCode()
              ? "address in use"
              : ZMQ.Error.findByCode(e.getErrorCode()).getMessage();
      throw new BrokerStartException("cannot bind " + bind + ": " + why, e);
    } catch (RuntimeException e) {
      throw new BrokerStartException("cannot bind " + bind + ": " + e.getMessage(), e);
    }
    String last = socket.getLastEndpoint();
    return last == null || last.isEmpty() ? bind : last.replace("0.0.0.0", "127.0.0.1");
  }

  private ZapHandler startAuth(CurveSettings curve) {
    return new ZapHandler(context, curve.clients().isBlank() ? null : Path.of(curve.clients()));
  }

  private void send(byte[] identity, List<byte[]> frames) {
    router.send(identity, ZMQ.SNDMORE);
    Frames.send(router, frames);
  }

  private void run() {
    int currentTimeout = -2;
    try {
      while (!closing) {
        long now = engine.clock.millis();
        long wait = engine.millisToNextTick(now);
        if (wait == 0) {
          safely(engine::onTick);
          wait = engine.millisToNextTick(now);
        }
        if (statsLog != null) {
          long untilStats = statsLog.millisUntilDue(engine.clock.instant());
          if (untilStats <= 0) {
            safely(() -> statsLog.maybeWrite(engine, engine.clock.instant()));
            untilStats = statsLog.millisUntilDue(engine.clock.instant());
          }
          wait = Math.min(wait, untilStats);
        }
        // No poller: a blocking receive with a timeout is much cheaper in JeroMQ. The cap
        // bounds how long close() waits for the loop to notice.
        int t = (int) Math.max(1, Math.min(wait, CLOSE_CHECK_MILLIS));
        if (t != currentTimeout) {
          router.setReceiveTimeOut(t);
          currentTimeout = t;
        }
        if (receiveOne(0)) {
          for (int n = 1; n < BATCH && receiveOne(ZMQ.DONTWAIT); n++) {
            // keep reading what is already there before looking at the timers
          }
        }
      }
    } catch (RuntimeException e) {
      if (!closing) {
        log.error("broker loop stopped", e);
      }
    } finally {
      stopped.countDown();
    }
  }

  /** Reads one message if one waits; false when none did. */
  private boolean receiveOne(int flags) {
    Msg first = router.recvMsg(flags);
    if (first == null) {
      return false;
    }
    List<byte[]> frames = new ArrayList<>(8);
    frames.add(first.data());
    Metadata meta = null;
    boolean more = first.hasMore();
    while (more) {
      Msg m = router.recvMsg(0);
      if (m == null) {
        break;
      }
      if (meta == null && m.getMetadata() != null) {
        meta = m.getMetadata();
      }
      frames.add(m.data());
      more = m.hasMore();
    }
    Metadata sender = meta;
    safely(
        () ->
            engine.onMessage(
                frames,
                () ->
                    sender == null
                        ? PeerInfo.LOCAL
                        : new PeerInfo(
                            nullToEmpty(sender.get(Metadata.PEER_ADDRESS)),
                            nullToEmpty(sender.get(Metadata.USER_ID)))));
    return true;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** One bad message or timer must never stop the broker. */
  private void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      if (e instanceof ZMQException z && z.getErrorCode() == ZMQ.Error.ETERM.getCode()) {
        throw e;
      }
      engine.malformed++;
      log.warn("broker: message or timer failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    try {
      stopped.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (auth != null) {
      auth.close();
    }
    context.close();
  }
}
