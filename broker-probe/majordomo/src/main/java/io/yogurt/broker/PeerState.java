package io.yogurt.broker;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** What this broker knows of one peer: its advertised capacity and the requests it holds for us. */
final class PeerState {
  final PeerAddress address;

  /** Null until the first state message, and again once the peer went silent. */
  Instant lastState;

  String incarnation;

  /** Idle workers per service as the peer last said. */
  Map<String, Integer> advertised = Map.of();

  /** Requests we may still send it per service before its next state message. */
  final Map<String, Integer> credit = new HashMap<>();

  /** Forwarded requests awaiting the peer's reply, oldest first. */
  final LinkedHashMap<Long, PendingRequest> inFlight = new LinkedHashMap<>();

  /** Why the peer refused our requests (another cluster, our key unknown), or null. */
  String refused;

  long forwarded;
  long returned;

  PeerState(PeerAddress address) {
    this.address = address;
  }

  boolean usable() {
    return lastState != null && refused == null;
  }

  String state() {
    if (refused != null) {
      return "refused";
    }
    return lastState == null ? "silent" : "up";
  }
}
