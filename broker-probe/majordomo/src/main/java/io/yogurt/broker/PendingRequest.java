package io.yogurt.broker;

import io.yogurt.broker.mdp.Framing;
import java.time.Instant;
import java.util.List;

/** A client request the broker holds: queued, or in flight at one worker. */
final class PendingRequest {
  final byte[] client;
  final Framing clientFraming;
  final String service;
  final List<byte[]> body;
  final Instant arrived;

  /** Times this request went back to the queue because its worker died. */
  int requeues;

  PendingRequest(
      byte[] client, Framing framing, String service, List<byte[]> body, Instant arrived) {
    this.client = client;
    this.clientFraming = framing;
    this.service = service;
    this.body = body;
    this.arrived = arrived;
  }
}
