package io.yogurt.broker;

import java.util.List;

/** Where the engine's peering messages go: the PUB socket and a DEALER per peer in production. */
interface PeerOutbound {

  /** Publishes one state message to every subscribed peer. */
  void publish(List<byte[]> frames);

  /** Sends one message on the request path to a peer (named by its endpoint). */
  void toPeer(String endpoint, List<byte[]> frames);

  /** Drops the connection to a peer and opens a fresh one: nothing queued on the old one leaves. */
  void resetPeer(String endpoint);
}
