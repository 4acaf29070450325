package io.yogurt.broker;

import io.yogurt.broker.curve.CurveKeys;
import io.yogurt.broker.mdp.Frames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The ZeroMQ authentication handler (ZAP, RFC 27) for the broker's CURVE socket: admits a client
 * whose public key is in the allow-list directory (or any client when there is none), and names the
 * client by its public key so that management can be restricted to some keys. The directory is
 * re-read when it changes, so adding a worker's key needs no restart.
 */
final class ZapHandler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ZapHandler.class);
  static final String ENDPOINT = "inproc://zeromq.zap.01";

  private final ZMQ.Socket socket;
  private final Path allowDir;
  private final Set<String> alsoAllowed;
  private final LogOnce refusals = new LogOnce();
  private final Thread thread;
  private volatile boolean closing;
  private long loadedStamp = Long.MIN_VALUE;
  private Set<String> allowed = Set.of();

  /**
   * @param allowDir directory of allowed public keys, or null to admit any key
   * @param alsoAllowed keys admitted beside the directory's (peer brokers)
   */
  ZapHandler(ZContext context, Path allowDir, Set<String> alsoAllowed) {
    this.allowDir = allowDir;
    this.alsoAllowed = Set.copyOf(alsoAllowed);
    this.socket = context.createSocket(SocketType.REP);
    socket.setLinger(0);
    socket.setReceiveTimeOut(200);
    socket.bind(ENDPOINT);
    this.thread = new Thread(this::run, "yogurt-zap");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (!closing) {
        List<byte[]> request = Frames.receive(socket, 0);
        if (request == null) {
          continue;
        }
        Frames.send(socket, answer(request));
      }
    } catch (RuntimeException e) {
      if (!closing) {
        log.error("ZAP handler stopped", e);
      }
    }
  }

  /** Request: version, id, domain, address, identity, mechanism, credentials... */
  private List<byte[]> answer(List<byte[]> r) {
    byte[] id = r.size() > 1 ? r.get(1) : Frames.EMPTY;
    if (r.size() < 7 || !"CURVE".equals(Frames.string(r.get(5))) || r.get(6).length != 32) {
      return reply(id, "400", "CURVE credentials expected", "");
    }
    String key = ZMQ.Curve.z85Encode(r.get(6));
    if (allowDir != null && !alsoAllowed.contains(key) && !allowed().contains(key)) {
      // Logged once per key: a refused peer retries its handshake every second or so.
      if (refusals.first(key)) {
        log.warn(
            "CURVE client {} from {} refused: key not in {}{}",
            key,
            Frames.string(r.get(3)),
            allowDir,
            alsoAllowed.isEmpty() ? "" : " nor among the peer keys");
      }
      return reply(id, "400", "key not allowed", "");
    }
    return reply(id, "200", "OK", key);
  }

  private Set<String> allowed() {
    try {
      long stamp = Files.getLastModifiedTime(allowDir).toMillis();
      if (stamp != loadedStamp) {
        allowed = CurveKeys.publicKeysIn(allowDir);
        loadedStamp = stamp;
      }
    } catch (IOException e) {
      log.warn("cannot read the CURVE allow-list {}: {}", allowDir, e.getMessage());
    }
    return allowed;
  }

  private static List<byte[]> reply(byte[] id, String code, String text, String userId) {
    return List.of(
        Frames.text("1.0"),
        id,
        Frames.text(code),
        Frames.text(text),
        Frames.text(userId),
        Frames.EMPTY);
  }

  @Override
  public void close() {
    closing = true;
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
