package io.yogurt.broker.client;

import io.yogurt.broker.curve.CurveClient;
import io.yogurt.broker.mdp.HandshakeGuard;
import io.yogurt.broker.mdp.MdpVersion;
import java.time.Duration;

/**
 * How a client talks to a broker.
 *
 * @param endpoint broker endpoint
 * @param timeout how long one attempt waits for its reply
 * @param retries further attempts after a timeout (each on a fresh connection)
 * @param maxInFlight requests outstanding at once (async client); more wait in the client
 * @param version MDP version to speak
 * @param curve CURVE keys, or null for plain TCP
 * @param handshakeTimeout how long a new connection may take to shake hands before it is
 *     re-established (see {@link HandshakeGuard}); raise it for slow, far-away brokers
 */
public record ClientSettings(
    String endpoint,
    Duration timeout,
    int retries,
    int maxInFlight,
    MdpVersion version,
    CurveClient curve,
    Duration handshakeTimeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_RETRIES = 1;
  public static final int DEFAULT_MAX_IN_FLIGHT = 256;

  public static ClientSettings of(String endpoint) {
    return new ClientSettings(
        endpoint,
        DEFAULT_TIMEOUT,
        DEFAULT_RETRIES,
        DEFAULT_MAX_IN_FLIGHT,
        MdpVersion.V01,
        null,
        HandshakeGuard.DEFAULT);
  }

  public ClientSettings withTimeout(Duration t, int r) {
    return new ClientSettings(endpoint, t, r, maxInFlight, version, curve, handshakeTimeout);
  }

  public ClientSettings withMaxInFlight(int n) {
    return new ClientSettings(endpoint, timeout, retries, n, version, curve, handshakeTimeout);
  }

  public ClientSettings withVersion(MdpVersion v) {
    return new ClientSettings(endpoint, timeout, retries, maxInFlight, v, curve, handshakeTimeout);
  }

  public ClientSettings withCurve(CurveClient c) {
    return new ClientSettings(
        endpoint, timeout, retries, maxInFlight, version, c, handshakeTimeout);
  }

  public ClientSettings withHandshakeTimeout(Duration h) {
    return new ClientSettings(endpoint, timeout, retries, maxInFlight, version, curve, h);
  }
}
