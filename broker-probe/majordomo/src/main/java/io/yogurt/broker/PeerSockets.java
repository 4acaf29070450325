package io.yogurt.broker;

import io.yogurt.broker.curve.CurveKeys;
import io.yogurt.broker.mdp.Frames;
import io.yogurt.broker.mdp.HandshakeGuard;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The sockets of broker peering, owned by the broker's thread: one PUB for our state flow, and per
 * peer a SUB (its state flow) and a DEALER (our requests to it, its answers back). With CURVE, we
 * are a CURVE client of each peer with our own broker key pair, and the peer's public key as the
 * server key; the PUB is a CURVE server like the broker's ROUTER.
 */
final class PeerSockets implements PeerOutbound, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PeerSockets.class);

  private final ZContext context;
  private final CurveKeys ownKeys;
  private final ZMQ.Socket pub;
  private final String stateEndpoint;
  private final Map<String, Link> links = new LinkedHashMap<>();
  private final LogOnce logged = new LogOnce();
  private boolean changed = true;

  /** The two sockets to one peer. */
  static final class Link {
    final PeerAddress address;
    ZMQ.Socket dealer;
    final ZMQ.Socket sub;

    Link(PeerAddress address, ZMQ.Socket dealer, ZMQ.Socket sub) {
      this.address = address;
      this.dealer = dealer;
      this.sub = sub;
    }
  }

  PeerSockets(ZContext context, String stateBind, CurveKeys ownKeys) throws BrokerStartException {
    this.context = context;
    this.ownKeys = ownKeys;
    pub = context.createSocket(SocketType.PUB);
    pub.setLinger(0);
    pub.setSndHWM(100);
    if (ownKeys != null) {
      pub.setZAPDomain("yogurt");
      pub.setCurveServer(true);
      pub.setCurveSecretKey(ownKeys.secretKey());
      pub.setCurvePublicKey(ownKeys.publicKey());
    }
    stateEndpoint = Broker.bind(pub, stateBind);
  }

  String stateEndpoint() {
    return stateEndpoint;
  }

  /**
   * Opens links to new peers and closes those of peers no longer wanted. With CURVE, a peer without
   * a key, or with one outside {@code knownKeys} (when not empty), is refused and logged once.
   *
   * @return the peers actually linked
   */
  List<PeerAddress> update(List<PeerAddress> wanted, Set<String> knownKeys) {
    Map<String, PeerAddress> keep = new LinkedHashMap<>();
    for (PeerAddress a : wanted) {
      if (ownKeys != null && a.curveKey().isEmpty()) {
        if (logged.first("nokey " + a.endpoint())) {
          log.warn("peer {} refused: CURVE is on and the peer has no public key", a.endpoint());
        }
        continue;
      }
      if (ownKeys != null && !knownKeys.isEmpty() && !knownKeys.contains(a.curveKey())) {
        if (logged.first("unknown " + a.endpoint() + " " + a.curveKey())) {
          log.warn(
              "peer {} refused: its CURVE key {} is not among the known peer keys",
              a.endpoint(),
              a.curveKey());
        }
        continue;
      }
      keep.put(a.endpoint(), a);
    }
    for (Link l : List.copyOf(links.values())) {
      PeerAddress a = keep.get(l.address.endpoint());
      if (a == null || !a.equals(l.address)) {
        close(links.remove(l.address.endpoint()));
      }
    }
    for (PeerAddress a : keep.values()) {
      links.computeIfAbsent(a.endpoint(), e -> open(a));
    }
    changed = true;
    return List.copyOf(keep.values());
  }

  /** True once after the set of sockets changed: the broker's poller must be built again. */
  boolean takeChanged() {
    boolean c = changed;
    changed = false;
    return c;
  }

  private Link open(PeerAddress a) {
    ZMQ.Socket sub = context.createSocket(SocketType.SUB);
    sub.setLinger(0);
    sub.setRcvHWM(100);
    secure(sub, a);
    sub.subscribe(Frames.EMPTY);
    sub.connect(a.stateEndpoint());
    return new Link(a, dealer(a), sub);
  }

  private ZMQ.Socket dealer(PeerAddress a) {
    ZMQ.Socket d = context.createSocket(SocketType.DEALER);
    d.setLinger(0);
    d.setSndHWM(100_000);
    d.setRcvHWM(100_000);
    HandshakeGuard.apply(d, HandshakeGuard.DEFAULT);
    secure(d, a);
    d.connect(a.endpoint());
    return d;
  }

  private void secure(ZMQ.Socket s, PeerAddress a) {
    if (ownKeys != null) {
      ownKeys.applyAsClient(s, a.curveKey());
    }
  }

  Iterable<Link> links() {
    return links.values();
  }

  @Override
  public void publish(List<byte[]> frames) {
    Frames.send(pub, frames);
  }

  @Override
  public void toPeer(String endpoint, List<byte[]> frames) {
    Link l = links.get(endpoint);
    if (l != null) {
      Frames.send(l.dealer, frames);
    }
  }

  @Override
  public void resetPeer(String endpoint) {
    Link l = links.get(endpoint);
    if (l != null) {
      l.dealer.close();
      l.dealer = dealer(l.address);
      changed = true;
    }
  }

  private static void close(Link l) {
    if (l != null) {
      l.dealer.close();
      l.sub.close();
    }
  }

  @Override
  public void close() {
    links.values().forEach(PeerSockets::close);
    links.clear();
    pub.close();
  }
}
