package io.yogurt.broker;

import io.yogurt.broker.curve.CurveKeys;
import io.yogurt.broker.mdp.Frames;
import io.yogurt.config.files.RotatingFile;
import io.yogurt.config.files.Rotation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
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
  private final String advertised;
  private final String curvePublicKey;
  private final PeerSockets peerSockets;
  private final Set<String> peerKeys;
  private final AtomicReference<List<PeerAddress>> pendingPeers = new AtomicReference<>();
  private volatile List<String> served = List.of();
  private volatile boolean closing;

  private Broker(BrokerSettings settings, InstantSource clock, Rotation statsRotation)
      throws BrokerStartException {
    // Checked before ZeroMQ is involved: a failed JeroMQ bind leaves its I/O machinery in a state
    // we would rather not depend on, and this gives the clearer message.
    PortCheck.requireFree(settings.bind());
    context = new ZContext();
    try {
      CurveKeys serverKeys =
          settings.curve().enabled() ? CurveKeys.load(Path.of(settings.curve().serverKey())) : null;
      curvePublicKey = serverKeys == null ? "" : serverKeys.publicKeyZ85();
      PeeringSettings peering = settings.peering();
      peerKeys =
          peering.enabled() && !peering.peerKeys().isBlank()
              ? CurveKeys.publicKeysIn(Path.of(peering.peerKeys()))
              : Set.of();
      // The broker's own key is always admitted too: the service that embeds the broker probes
      // it (and drains its workers) as a CURVE client holding the broker's keys.
      auth =
          settings.curve().enabled()
              ? startAuth(settings.curve(), withOwn(peerKeys, serverKeys))
              : null;
      router = context.createSocket(SocketType.ROUTER);
      router.setLinger(0);
      // A worker that reconnects under the same identity takes over its old connection.
      router.setRouterHandover(true);
      router.setMaxMsgSize(settings.maxMessageBytes());
      router.setSndHWM(100_000);
      router.setRcvHWM(100_000);
      if (serverKeys != null) {
        router.setZAPDomain("yogurt");
        router.setCurveServer(true);
        router.setCurveSecretKey(serverKeys.secretKey());
        router.setCurvePublicKey(serverKeys.publicKey());
      }
      endpoint = bind(router, settings.bind());
      advertised = settings.advertise().isBlank() ? endpoint : settings.advertise();
      engine = new BrokerEngine(settings, clock, this::send);
      if (peering.enabled()) {
        peerSockets = new PeerSockets(context, peering.stateBind(), serverKeys);
        engine.enablePeering(peerSockets, advertised).allowKeys(peerKeys);
        pendingPeers.set(peering.peers());
      } else {
        peerSockets = null;
      }
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

  /** The endpoint others reach this broker at: {@code broker.advertise}, else the bound one. */
  public String advertisedEndpoint() {
    return advertised;
  }

  /** Where this broker publishes its peering state flow; empty when peering is off. */
  public String stateEndpoint() {
    return peerSockets == null ? "" : peerSockets.stateEndpoint();
  }

  /** This broker's CURVE public key (Z85), or empty without CURVE. Never the secret key. */
  public String curvePublicKey() {
    return curvePublicKey;
  }

  /** Services that have workers here now (refreshed a few times per heartbeat). */
  public List<String> services() {
    return served;
  }

  /**
   * The peers to work with (from a registry), added to the ones configured by hand. Taken over by
   * the broker's thread within 100 ms; does nothing when peering is off. Our own endpoint is
   * skipped.
   */
  public void setPeers(List<PeerAddress> found) {
    if (peerSockets == null) {
      return;
    }
    List<PeerAddress> all = new ArrayList<>(engine.settings.peering().peers());
    for (PeerAddress a : found) {
      if (!a.endpoint().equals(advertised)
          && all.stream().noneMatch(p -> p.endpoint().equals(a.endpoint()))) {
        all.add(a);
      }
    }
    pendingPeers.set(List.copyOf(all));
  }

  static String bind(ZMQ.Socket socket, String bind) throws BrokerStartException {
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

  private static Set<String> withOwn(Set<String> keys, CurveKeys own) {
    Set<String> all = new HashSet<>(keys);
    all.add(own.publicKeyZ85());
    return all;
  }

  private ZapHandler startAuth(CurveSettings curve, Set<String> alsoAllowed) {
    return new ZapHandler(
        context, curve.clients().isBlank() ? null : Path.of(curve.clients()), alsoAllowed);
  }

  private void send(byte[] identity, List<byte[]> frames) {
    router.send(identity, ZMQ.SNDMORE);
    Frames.send(router, frames);
  }

  private void run() {
    try {
      if (peerSockets == null) {
        runAlone();
      } else {
        runPeered();
      }
    } catch (RuntimeException e) {
      if (!closing) {
        log.error("broker loop stopped", e);
      }
    } finally {
      if (peerSockets != null) {
        peerSockets.close();
      }
      stopped.countDown();
    }
  }

  /** Without peering: one ROUTER, read with blocking receives. */
  private void runAlone() {
    int currentTimeout = -2;
    while (!closing) {
      int t = timers();
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
  }

  /**
   * With peering: the ROUTER, and per peer a SUB and a DEALER, under one poller (a poller costs
   * more per wake-up than a blocking receive, which is why the broker without peering has none).
   */
  private void runPeered() {
    ZMQ.Poller poller = null;
    try {
      while (!closing) {
        List<PeerAddress> wanted = pendingPeers.getAndSet(null);
        if (wanted != null) {
          List<PeerAddress> linked = peerSockets.update(wanted, peerKeys);
          safely(() -> engine.peering().setPeers(linked));
        }
        // Timers first: a silent peer's connection is replaced there, and the poller must not
        // wait on a socket that was just closed.
        int wait = timers();
        if (peerSockets.takeChanged() || poller == null) {
          if (poller != null) {
            poller.close();
          }
          poller = context.createPoller(1 + 2 * peerCount());
          poller.register(router, ZMQ.Poller.POLLIN);
          for (PeerSockets.Link l : peerSockets.links()) {
            poller.register(l.sub, ZMQ.Poller.POLLIN);
            poller.register(l.dealer, ZMQ.Poller.POLLIN);
          }
        }
        try {
          poller.poll(wait);
        } catch (RuntimeException e) {
          if (closing) {
            break;
          }
          // A socket closed under the poller: build it again rather than stop the broker.
          log.warn("broker poll failed ({}); polling again", e.toString());
          poller.close();
          poller = null;
          continue;
        }
        if (poller.pollin(0)) {
          for (int n = 0; n < BATCH && receiveOne(ZMQ.DONTWAIT); n++) {
            // read what is there before the peers and the timers
          }
        }
        int i = 1;
        for (PeerSockets.Link l : peerSockets.links()) {
          String peer = l.address.endpoint();
          if (poller.pollin(i)) {
            drain(l.sub, frames -> engine.peering().onState(peer, frames));
          }
          if (poller.pollin(i + 1)) {
            drain(l.dealer, frames -> engine.peering().onPeerAnswer(peer, frames));
          }
          i += 2;
        }
      }
    } finally {
      if (poller != null) {
        poller.close();
      }
    }
  }

  private int peerCount() {
    int n = 0;
    for (PeerSockets.Link ignored : peerSockets.links()) {
      n++;
    }
    return n;
  }

  private void drain(ZMQ.Socket socket, Consumer<List<byte[]>> handler) {
    for (int n = 0; n < BATCH; n++) {
      List<byte[]> frames = Frames.receive(socket, ZMQ.DONTWAIT);
      if (frames == null) {
        return;
      }
      safely(() -> handler.accept(frames));
    }
  }

  /**
   * Runs the engine's timers and the statistics log when due; returns how long the loop may wait
   * for messages (capped so that close() is noticed).
   */
  private int timers() {
    long now = engine.clock.millis();
    long wait = engine.millisToNextTick(now);
    if (wait == 0) {
      safely(engine::onTick);
      served =
          engine.services.values().stream()
              .filter(s -> !s.workers.isEmpty())
              .map(s -> s.name)
              .toList();
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
    // No poller without peers: a blocking receive with a timeout is much cheaper in JeroMQ. The
    // cap bounds how long close() (and a peer update) waits for the loop to notice.
    return (int) Math.max(1, Math.min(wait, CLOSE_CHECK_MILLIS));
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
