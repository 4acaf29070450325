package io.yogurt.broker;

import io.yogurt.broker.mdp.Framing;
import java.time.Instant;
import java.util.List;

/** A client request the broker holds: queued, in flight at one worker, or at a peer broker. */
final class PendingRequest {
  final byte[] client;
  final Framing clientFraming;
  final String service;
  final List<byte[]> body;
  final Instant arrived;

  /** Times this request went back to the queue because its worker died. */
  int requeues;

  /** The peer broker that forwarded it here (its endpoint), or null for a client's request. */
  String fromPeer;

  /** The id the forwarding peer gave it, echoed in the reply. */
  byte[] peerRequestId;

  /** When it was last forwarded to a peer. */
  Instant forwardedAt;

  /** Came back from a peer (silent, restarted, refused): it now waits for a local worker. */
  boolean returnedFromPeer;

  PendingRequest(
      byte[] client, Framing framing, String service, List<byte[]> body, Instant arrived) {
    this.client = client;
    this.clientFraming = framing;
    this.service = service;
    this.body = body;
    this.arrived = arrived;
  }
}
