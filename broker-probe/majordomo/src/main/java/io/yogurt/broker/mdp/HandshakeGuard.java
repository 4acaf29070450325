package io.yogurt.broker.mdp;

import java.time.Duration;
import org.zeromq.ZMQ;

/**
 * Bounds how long a new connection may take to finish its ZeroMQ handshake.
 *
 * <p>Why: with JeroMQ 0.6.0 roughly one fresh TCP connection in a few hundred gets stuck before the
 * ZMTP handshake: the listening side accepts it and drops it at once, and the connecting side never
 * notices. The connecting DEALER keeps its first message queued (messages only go out once the
 * handshake is done) and, by default, waits 30 s for a greeting that never comes: a new client's
 * first request, or a worker's READY, looks lost. With a bound, JeroMQ gives up on the stuck
 * connection and reconnects, and the queued message goes out once on the new connection. {@code
 * FreshConnectionTest} opens thousands of fresh clients to keep this honest.
 */
public final class HandshakeGuard {

  /**
   * Covers a CURVE handshake (about three round trips and a ZAP check) on links up to ~250 ms round
   * trip; a bound too short for the link would make every attempt fail, so raise it there.
   */
  public static final Duration DEFAULT = Duration.ofSeconds(1);

  private HandshakeGuard() {}

  /** Call before {@code connect}: applies to every (re)connection of the socket. */
  public static void apply(ZMQ.Socket socket, Duration bound) {
    socket.setHandshakeIvl((int) Math.min(Integer.MAX_VALUE, Math.max(1, bound.toMillis())));
  }
}
