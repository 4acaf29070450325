package io.yogurt.broker;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yogurt.broker.mdp.Frames;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of broker peering (zguide's "cloud" pattern, one hop): publishes this broker's
 * idle workers per service, keeps what each peer last advertised, forwards requests that find no
 * idle worker here to a peer with idle ones, relays the replies, and takes back the requests of a
 * peer that went silent or restarted (re-queued here, at the front, once). Requests that came from
 * a peer are never forwarded again, and a request that came back from a peer waits for a local
 * worker: a request crosses at most one hop and never ping-pongs. Late replies for requests already
 * taken back are dropped, so a client never gets two replies.
 *
 * <p>Called on the broker's thread only, like the engine.
 */
final class Peering {

  private static final Logger log = LoggerFactory.getLogger(Peering.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Integer>> IDLE = new TypeReference<>() {};

  private final BrokerEngine engine;
  private final PeeringSettings settings;
  private final PeerOutbound out;
  private final String self;
  private final String incarnation = UUID.randomUUID().toString();
  private final Map<String, PeerState> peers = new LinkedHashMap<>();
  private final Map<String, Long> receivedFrom = new LinkedHashMap<>();
  private final LogOnce logged = new LogOnce();
  private volatile Set<String> peerKeys = Set.of();
  private long nextId = 1;
  private long nextPublishMillis;

  Peering(BrokerEngine engine, PeeringSettings settings, PeerOutbound out, String self) {
    this.engine = engine;
    this.settings = settings;
    this.out = out;
    this.self = self;
    this.nextPublishMillis = engine.clock.millis();
  }

  /** Public keys of peer brokers that may forward to us (CURVE); empty: any key CURVE admits. */
  void allowKeys(Set<String> keys) {
    peerKeys = Set.copyOf(keys);
  }

  /** The peers to work with now; a peer dropped from the list gives back what it held. */
  void setPeers(List<PeerAddress> list) {
    Map<String, PeerAddress> wanted = new LinkedHashMap<>();
    for (PeerAddress a : list) {
      if (!a.endpoint().equals(self)) {
        wanted.put(a.endpoint(), a);
      }
    }
    for (PeerState p : new ArrayList<>(peers.values())) {
      PeerAddress now = wanted.get(p.address.endpoint());
      if (now == null || !now.equals(p.address)) {
        peers.remove(p.address.endpoint());
        takeBack(p, "no longer a peer");
      }
    }
    for (PeerAddress a : wanted.values()) {
      if (!peers.containsKey(a.endpoint())) {
        peers.put(a.endpoint(), new PeerState(a));
        log.info("peer {} added (state flow {})", a.endpoint(), a.stateEndpoint());
      }
    }
  }

  List<PeerAddress> peerAddresses() {
    return peers.values().stream().map(p -> p.address).toList();
  }

  /** One state message, read from the SUB socket connected to {@code from}. */
  void onState(String from, List<byte[]> frames) {
    PeerState p = peers.get(from);
    if (p == null) {
      return; // a message still in flight from a peer just dropped
    }
    if (frames.size() != 5 || !Arrays.equals(frames.get(0), PeerWire.STATE)) {
      engine.malformed++;
      return;
    }
    String cluster = Frames.string(frames.get(1));
    if (!cluster.equals(settings.cluster())) {
      p.refused = "cluster '" + cluster + "' is not '" + settings.cluster() + "'";
      p.incarnation = Frames.string(frames.get(3));
      if (logged.first("state-cluster " + from + " " + cluster)) {
        log.warn(
            "peer {} refused: its cluster is '{}', ours is '{}' (its state flow is ignored)",
            from,
            cluster,
            settings.cluster());
      }
      return;
    }
    Map<String, Integer> idle;
    try {
      idle = JSON.readValue(frames.get(4), IDLE);
    } catch (IOException e) {
      engine.malformed++;
      return;
    }
    String incarnationNow = Frames.string(frames.get(3));
    if (p.incarnation != null && !p.incarnation.equals(incarnationNow)) {
      takeBack(p, "restarted");
      p.refused = null;
    }
    if (p.lastState == null) {
      log.info("peer {} up", from);
      logged.forget("silent " + from);
    }
    p.incarnation = incarnationNow;
    p.lastState = engine.clock.instant();
    p.advertised = idle;
    p.credit.clear();
    p.credit.putAll(idle);
    for (Map.Entry<String, Integer> e : idle.entrySet()) {
      ServiceState s = engine.services.get(e.getKey());
      if (e.getValue() > 0 && s != null && !s.queue.isEmpty()) {
        engine.dispatch(s);
      }
    }
  }

  /**
   * Sends requests of {@code s} that find no idle worker here to peers with idle ones, oldest
   * first. Called by dispatch once the local idle workers are used up.
   */
  void forward(ServiceState s) {
    if (peers.isEmpty()) {
      return;
    }
    Instant now = null;
    var it = s.queue.iterator();
    while (it.hasNext()) {
      PendingRequest r = it.next();
      if (r.fromPeer != null || r.returnedFromPeer) {
        continue;
      }
      PeerState target = richest(s.name);
      if (target == null) {
        return;
      }
      it.remove();
      now = now == null ? engine.clock.instant() : now;
      long id = nextId++;
      r.forwardedAt = now;
      target.inFlight.put(id, r);
      target.credit.merge(s.name, -1, Integer::sum);
      target.forwarded++;
      s.forwarded++;
      out.toPeer(
          target.address.endpoint(),
          PeerWire.request(settings.cluster(), self, id, s.name, r.body));
    }
  }

  private PeerState richest(String service) {
    PeerState best = null;
    int most = 0;
    for (PeerState p : peers.values()) {
      int c = p.usable() ? p.credit.getOrDefault(service, 0) : 0;
      if (c > most) {
        most = c;
        best = p;
      }
    }
    return best;
  }

  /** A reply or refusal from a peer, read from our DEALER connected to {@code from}. */
  void onPeerAnswer(String from, List<byte[]> frames) {
    PeerState p = peers.get(from);
    if (frames.size() < 3 || !PeerWire.isPeerHeader(frames.get(0))) {
      engine.malformed++;
      return;
    }
    String kind = Frames.string(frames.get(1));
    long id;
    try {
      id = Long.parseLong(Frames.string(frames.get(2)));
    } catch (NumberFormatException e) {
      engine.malformed++;
      return;
    }
    PendingRequest r = p == null ? null : p.inFlight.remove(id);
    if (r == null) {
      return; // taken back already (the peer was silent or restarted): the client got it here
    }
    ServiceState s = engine.service(r.service);
    if (PeerWire.REPLY.equals(kind)) {
      // The worker that served it is free again: one more request may go before the next state.
      p.credit.merge(r.service, 1, Integer::sum);
      s.replied++;
      engine.deliver(r, new ArrayList<>(frames.subList(3, frames.size())), false);
      if (!s.queue.isEmpty()) {
        engine.dispatch(s);
      }
      return;
    }
    String reason = frames.size() > 3 ? Frames.string(frames.get(3)) : "refused";
    p.refused = reason;
    if (logged.first("nak " + from + " " + reason)) {
      log.warn("peer {} refused our requests: {}; not forwarding to it", from, reason);
    }
    giveBack(p, r);
    engine.dispatch(s);
  }

  /** A request another broker forwarded to us (on our ROUTER). */
  void onPeerRequest(byte[] sender, List<byte[]> rest, PeerInfo info) {
    // rest: REQ, cluster, from, id, service, body...
    if (rest.size() < 5 || !PeerWire.REQUEST.equals(Frames.string(rest.get(0)))) {
      engine.malformed++;
      return;
    }
    String cluster = Frames.string(rest.get(1));
    String from = Frames.string(rest.get(2));
    byte[] id = rest.get(3);
    String service = Frames.string(rest.get(4));
    String refusal = refusal(cluster, from, info);
    if (refusal != null) {
      engine.sendRaw(sender, PeerWire.refused(id, refusal));
      return;
    }
    receivedFrom.merge(from, 1L, Long::sum);
    engine.enqueueFromPeer(
        sender, from, id, service, new ArrayList<>(rest.subList(5, rest.size())));
  }

  private String refusal(String cluster, String from, PeerInfo info) {
    if (!cluster.equals(settings.cluster())) {
      String why = "cluster '" + cluster + "' is not '" + settings.cluster() + "'";
      if (logged.first("req-cluster " + from + " " + cluster)) {
        log.warn("peer {} refused: {}", from, why);
      }
      return why;
    }
    Set<String> keys = peerKeys;
    if (engine.settings.curve().enabled()
        && !settings.peerKeys().isBlank()
        && !keys.contains(info.curveKey())) {
      String why = "CURVE key " + info.curveKey() + " is not a known peer key";
      if (logged.first("req-key " + info.curveKey())) {
        log.warn("peer {} ({}) refused: {}", from, info.address(), why);
      }
      return why;
    }
    return null;
  }

  /** Publishes the state when due, and takes back what silent peers hold. */
  void onTick(Instant now) {
    long nowMillis = now.toEpochMilli();
    if (nowMillis >= nextPublishMillis) {
      publish();
      nextPublishMillis = nowMillis + settings.stateInterval().toMillis();
    }
    Instant silentBefore = now.minus(settings.peerExpiry());
    Duration answerWithin = engine.settings.requestExpiry().plus(settings.peerExpiry());
    for (PeerState p : peers.values()) {
      if (p.lastState != null && p.lastState.isBefore(silentBefore)) {
        if (logged.first("silent " + p.address.endpoint())) {
          log.warn(
              "peer {} silent for {} ms: {} forwarded requests back in the local queue",
              p.address.endpoint(),
              nowMillis - p.lastState.toEpochMilli(),
              p.inFlight.size());
        }
        p.lastState = null;
        p.credit.clear();
        takeBack(p, "silent");
        out.resetPeer(p.address.endpoint());
      }
      for (PendingRequest r : new ArrayList<>(p.inFlight.values())) {
        if (r.forwardedAt.plus(answerWithin).isBefore(now)) {
          p.inFlight.values().remove(r);
          log.warn(
              "peer {} did not answer a '{}' request within {} ms: taken back",
              p.address.endpoint(),
              r.service,
              answerWithin.toMillis());
          giveBack(p, r);
          engine.dispatch(engine.service(r.service));
        }
      }
    }
  }

  long millisToNextTick(long nowMillis) {
    return Math.max(0, nextPublishMillis - nowMillis);
  }

  private void publish() {
    Map<String, Integer> idle = new LinkedHashMap<>();
    for (ServiceState s : engine.services.values()) {
      if (!s.workers.isEmpty()) {
        idle.put(s.name, s.queue.isEmpty() ? s.idle.size() : 0);
      }
    }
    out.publish(PeerWire.state(settings.cluster(), self, incarnation, Management.json(idle)));
  }

  /** Puts back every request a peer holds, oldest at the front of its queue. */
  private void takeBack(PeerState p, String why) {
    if (p.inFlight.isEmpty()) {
      return;
    }
    List<PendingRequest> held = new ArrayList<>(p.inFlight.values());
    p.inFlight.clear();
    log.info(
        "peer {} {}: {} requests back in the local queue", p.address.endpoint(), why, held.size());
    Collections.reverse(held);
    Set<ServiceState> touched = new LinkedHashSet<>();
    for (PendingRequest r : held) {
      giveBack(p, r);
      touched.add(engine.service(r.service));
    }
    touched.forEach(engine::dispatch);
  }

  private void giveBack(PeerState p, PendingRequest r) {
    ServiceState s = engine.service(r.service);
    r.returnedFromPeer = true;
    s.returned++;
    p.returned++;
    s.queue.addFirst(r);
  }

  /** Per peer: state, what it advertised, and the forwarded/received/returned counters. */
  List<Map<String, Object>> stats(Instant now) {
    List<Map<String, Object>> list = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>(peers.keySet());
    names.addAll(receivedFrom.keySet());
    for (String name : names) {
      PeerState p = peers.get(name);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("peer", name);
      m.put("state", p == null ? "not-a-peer" : p.state());
      if (p != null && p.refused != null) {
        m.put("refused", p.refused);
      }
      m.put(
          "lastStateAgeMs",
          p == null || p.lastState == null
              ? -1
              : Math.max(0, now.toEpochMilli() - p.lastState.toEpochMilli()));
      m.put("idle", p == null ? Map.of() : p.advertised);
      m.put("forwarded", p == null ? 0 : p.forwarded);
      m.put("received", receivedFrom.getOrDefault(name, 0L));
      m.put("returned", p == null ? 0 : p.returned);
      m.put("inFlight", p == null ? 0 : p.inFlight.size());
      list.add(m);
    }
    return list;
  }

  String cluster() {
    return settings.cluster();
  }
}
