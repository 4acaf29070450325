package io.yogurt.broker;

import io.yogurt.broker.mdp.Frames;
import io.yogurt.broker.mdp.Framing;
import java.time.Instant;

/** One worker the broker knows: where it is, what it serves, and what it is doing. */
final class WorkerEntry {
  final byte[] identity;
  final String key;
  final String name;
  final ServiceState service;
  final Framing framing;
  Instant lastSeen;
  PendingRequest inFlight;
  boolean draining;

  /** How many times this identity has registered since the broker started, this time included. */
  int registrations = 1;

  WorkerEntry(byte[] identity, String key, ServiceState service, Framing framing, Instant now) {
    this.identity = identity;
    this.key = key;
    this.name = Frames.printable(identity);
    this.service = service;
    this.framing = framing;
    this.lastSeen = now;
  }

  String state() {
    if (draining) {
      return "DRAINING";
    }
    return inFlight == null ? "IDLE" : "BUSY";
  }
}
