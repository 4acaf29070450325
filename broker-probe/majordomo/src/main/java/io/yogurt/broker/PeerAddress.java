package io.yogurt.broker;

import java.util.Objects;

/**
 * Where a peer broker of the same cluster listens: its request endpoint (the one clients and
 * workers use), the endpoint of its state flow, and its CURVE public key when CURVE is on.
 *
 * @param endpoint the peer's advertised broker endpoint; it names the peer
 * @param stateEndpoint the peer's PUB endpoint for the state flow
 * @param curveKey the peer's CURVE public key in Z85, or "" without CURVE
 */
public record PeerAddress(String endpoint, String stateEndpoint, String curveKey) {

  public PeerAddress {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(stateEndpoint, "stateEndpoint");
    curveKey = curveKey == null ? "" : curveKey;
  }

  public static PeerAddress of(String endpoint, String stateEndpoint) {
    return new PeerAddress(endpoint, stateEndpoint, "");
  }

  @Override
  public String toString() {
    return endpoint;
  }
}
