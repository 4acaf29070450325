package io.yogurt.broker;

import io.yogurt.broker.mdp.Frames;
import io.yogurt.broker.mdp.Framing;
import io.yogurt.broker.mdp.MdpVersion;
import io.yogurt.broker.mdp.Mmi;
import io.yogurt.broker.mdp.WorkerCommand;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Majordomo broker's state machine, without sockets: messages in, messages out through {@link
 * Outbound}. One thread calls it. Worker lifecycle:
 *
 * <pre>
 *   READY -> IDLE --dispatch--> BUSY --FINAL--> IDLE
 *              |                  |  (dies: request re-queued once, then error reply)
 *              +--mmi.drain--> DRAINING --in-flight done--> DISCONNECT (gone)
 * </pre>
 */
final class BrokerEngine {

  private static final Logger log = LoggerFactory.getLogger(BrokerEngine.class);

  /** Remember drained workers this long so that a reconnecting one is turned away. */
  private static final Duration DRAINED_MEMORY = Duration.ofMinutes(10);

  final BrokerSettings settings;
  final InstantSource clock;
  private final Outbound out;
  final Map<String, ServiceState> services = new LinkedHashMap<>();
  final Map<String, WorkerEntry> workers = new LinkedHashMap<>();
  private final Map<String, Instant> drained = new LinkedHashMap<>();

  /**
   * Accepted READYs per worker identity since the broker started: a worker that died and came back
   * (a crash loop under a supervisor) shows a higher count even when nobody saw it missing.
   */
  private final Map<String, Integer> registrations =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
          return size() > MAX_REMEMBERED_IDENTITIES;
        }
      };

  private static final int MAX_REMEMBERED_IDENTITIES = 10_000;
  private final Management management;
  private Peering peering;
  long malformed;
  private Instant nextHeartbeat;

  /** Expiry is checked this often: a quarter of the shorter of heartbeat and request expiry. */
  private final long checkEveryMillis;

  private long nextCheckMillis;

  BrokerEngine(BrokerSettings settings, InstantSource clock, Outbound out) {
    this.settings = settings;
    this.clock = clock;
    this.out = out;
    this.management = new Management(this);
    this.nextHeartbeat = clock.instant().plus(settings.heartbeatInterval());
    this.checkEveryMillis =
        Math.max(
            1,
            Math.min(settings.heartbeatInterval().toMillis(), settings.requestExpiry().toMillis())
                / 4);
    this.nextCheckMillis = clock.millis() + checkEveryMillis;
  }

  Management management() {
    return management;
  }

  /** Turns peering on: {@code self} is this broker's advertised endpoint. */
  Peering enablePeering(PeerOutbound peers, String self) {
    peering = new Peering(this, settings.peering(), peers, self);
    return peering;
  }

  /** The peering side, or null when peering is off. */
  Peering peering() {
    return peering;
  }

  /** One multipart message from the ROUTER socket: identity first. */
  void onMessage(List<byte[]> frames, PeerInfo peer) {
    onMessage(frames, () -> peer);
  }

  /** As above; the sender is only looked up for management requests, which need it. */
  void onMessage(List<byte[]> frames, Supplier<PeerInfo> peer) {
    if (log.isTraceEnabled()) {
      StringBuilder b = new StringBuilder();
      frames.forEach(f -> b.append('|').append(Frames.printable(f)));
      log.trace("in {}", b);
    }
    if (frames.size() < 2) {
      malformed++;
      return;
    }
    byte[] identity = frames.get(0);
    int i = 1;
    boolean delimiter = frames.get(1).length == 0;
    if (delimiter) {
      i++;
    }
    if (frames.size() <= i) {
      malformed++;
      return;
    }
    byte[] header = frames.get(i);
    if (PeerWire.isPeerHeader(header)) {
      onPeer(identity, frames.subList(i + 1, frames.size()), peer);
      return;
    }
    MdpVersion client = MdpVersion.ofClientHeader(header);
    if (client != null) {
      onClient(
          identity, new Framing(client, delimiter), frames.subList(i + 1, frames.size()), peer);
      return;
    }
    MdpVersion worker = MdpVersion.ofWorkerHeader(header);
    if (worker != null) {
      onWorker(identity, new Framing(worker, delimiter), frames.subList(i + 1, frames.size()));
      return;
    }
    malformed++;
  }

  private void onClient(
      byte[] client, Framing framing, List<byte[]> rest, Supplier<PeerInfo> peer) {
    int i = 0;
    if (framing.version() == MdpVersion.V02) {
      if (rest.isEmpty()
          || rest.get(0).length != 1
          || rest.get(0)[0] != MdpVersion.CLIENT_REQUEST) {
        malformed++;
        return;
      }
      i = 1;
    }
    if (rest.size() <= i) {
      malformed++;
      return;
    }
    String service = Frames.string(rest.get(i));
    List<byte[]> body = new ArrayList<>(rest.subList(i + 1, rest.size()));
    if (service.startsWith(Mmi.PREFIX)) {
      out.send(
          client, framing.toClient(service, management.handle(service, body, peer.get()), false));
      return;
    }
    ServiceState s = service(service);
    s.arrived++;
    s.queue.addLast(new PendingRequest(client, framing, service, body, clock.instant()));
    dispatch(s);
  }

  private void onPeer(byte[] identity, List<byte[]> rest, Supplier<PeerInfo> peer) {
    if (peering != null) {
      peering.onPeerRequest(identity, rest, peer.get());
    } else if (rest.size() >= 4) {
      out.send(identity, PeerWire.refused(rest.get(3), "peering is off at this broker"));
    } else {
      malformed++;
    }
  }

  /** A request a peer forwarded: queued like a client's, answered on the peer's connection. */
  void enqueueFromPeer(byte[] sender, String from, byte[] id, String service, List<byte[]> body) {
    if (service.startsWith(Mmi.PREFIX) || service.isEmpty()) {
      out.send(sender, PeerWire.refused(id, "service '" + service + "' is not forwarded"));
      return;
    }
    ServiceState s = service(service);
    s.fromPeers++;
    PendingRequest r = new PendingRequest(sender, null, service, body, clock.instant());
    r.fromPeer = from;
    r.peerRequestId = id;
    s.queue.addLast(r);
    dispatch(s);
  }

  void sendRaw(byte[] identity, List<byte[]> frames) {
    out.send(identity, frames);
  }

  /** Sends a reply to whoever asked: the client, or the peer broker that forwarded the request. */
  void deliver(PendingRequest r, List<byte[]> body, boolean partial) {
    if (r.fromPeer != null) {
      if (!partial) {
        out.send(r.client, PeerWire.reply(r.peerRequestId, body));
      }
      return;
    }
    if (partial && r.clientFraming.version() != MdpVersion.V02) {
      return;
    }
    out.send(r.client, r.clientFraming.toClient(r.service, body, partial));
  }

  private void onWorker(byte[] identity, Framing framing, List<byte[]> rest) {
    if (rest.isEmpty()) {
      malformed++;
      return;
    }
    WorkerCommand command = framing.version().command(rest.get(0));
    if (command == null) {
      malformed++;
      return;
    }
    String key = new String(identity, StandardCharsets.ISO_8859_1);
    WorkerEntry w = workers.get(key);
    List<byte[]> args = rest.subList(1, rest.size());
    if (w != null) {
      w.lastSeen = clock.instant();
    }
    switch (command) {
      case READY -> onReady(identity, key, framing, w, args);
      case FINAL, PARTIAL -> {
        if (w == null) {
          out.send(identity, framing.toWorker(WorkerCommand.DISCONNECT, List.of()));
        } else {
          onReply(w, args, command == WorkerCommand.PARTIAL);
        }
      }
      case HEARTBEAT -> {
        if (w == null) {
          // A worker we do not know (we restarted, or it expired): tell it to start over.
          out.send(identity, framing.toWorker(WorkerCommand.DISCONNECT, List.of()));
        }
      }
      case DISCONNECT -> {
        if (w != null) {
          // A worker that says goodbye with a request in flight crossed paths with a dispatch:
          // that is not a crash, so the request goes back without using up its one re-queue.
          remove(w, "worker disconnected", false);
        }
      }
      default -> malformed++;
    }
  }

  private void onReady(
      byte[] identity, String key, Framing framing, WorkerEntry known, List<byte[]> args) {
    if (known != null || args.isEmpty()) {
      // RFC 7: READY from a known worker (or without a service) is a protocol error.
      if (known != null) {
        remove(known, "READY twice", true);
      } else {
        malformed++;
      }
      out.send(identity, framing.toWorker(WorkerCommand.DISCONNECT, List.of()));
      return;
    }
    String service = Frames.string(args.get(0));
    Instant until = drained.get(key);
    if (until != null && until.isAfter(clock.instant())) {
      out.send(
          identity, framing.toWorker(WorkerCommand.DISCONNECT, List.of(Frames.text(Mmi.DRAINED))));
      return;
    }
    if (service.startsWith(Mmi.PREFIX) || service.isEmpty()) {
      log.debug(
          "worker {} tried to register reserved service '{}'; disconnected",
          Frames.printable(identity),
          service);
      out.send(identity, framing.toWorker(WorkerCommand.DISCONNECT, List.of()));
      return;
    }
    drained.remove(key);
    ServiceState s = service(service);
    WorkerEntry w = new WorkerEntry(identity.clone(), key, s, framing, clock.instant());
    w.registrations = registrations.merge(key, 1, Integer::sum);
    workers.put(key, w);
    s.workers.add(w);
    s.idle.addLast(w);
    log.debug("worker {} ready for {}", w.name, service);
    dispatch(s);
  }

  private void onReply(WorkerEntry w, List<byte[]> args, boolean partial) {
    if (args.size() < 2 || args.get(1).length != 0) {
      malformed++;
      return;
    }
    PendingRequest req = w.inFlight;
    byte[] client = args.get(0);
    if (req == null || !Arrays.equals(req.client, client)) {
      // A late reply for a request we already gave to someone else: drop it.
      return;
    }
    List<byte[]> body = new ArrayList<>(args.subList(2, args.size()));
    if (partial) {
      deliver(req, body, true);
      return;
    }
    deliver(req, body, false);
    w.inFlight = null;
    w.service.replied++;
    if (w.draining) {
      disconnectDrained(w);
    } else {
      w.service.idle.addLast(w);
      dispatch(w.service);
    }
  }

  /**
   * Gives queued requests to idle workers, oldest request to longest-idle worker; with peering,
   * what is left goes to peers that advertise idle workers.
   */
  void dispatch(ServiceState s) {
    while (!s.queue.isEmpty() && !s.idle.isEmpty()) {
      WorkerEntry w = s.idle.pollFirst();
      PendingRequest r = s.queue.pollFirst();
      w.inFlight = r;
      s.dispatched++;
      List<byte[]> args = new ArrayList<>(r.body.size() + 2);
      args.add(r.client);
      args.add(Frames.EMPTY);
      args.addAll(r.body);
      out.send(w.identity, w.framing.toWorker(WorkerCommand.REQUEST, args));
    }
    if (peering != null && !s.queue.isEmpty()) {
      peering.forward(s);
    }
  }

  /** Marks a worker draining; returns its state after the call, or null when unknown. */
  String drain(String name) {
    WorkerEntry w = findByName(name);
    if (w == null) {
      return null;
    }
    w.draining = true;
    w.service.idle.remove(w);
    if (w.inFlight == null) {
      disconnectDrained(w);
      return "disconnected";
    }
    return "draining";
  }

  private WorkerEntry findByName(String name) {
    WorkerEntry w = workers.get(name);
    if (w != null) {
      return w;
    }
    for (WorkerEntry e : workers.values()) {
      if (e.name.equals(name)) {
        return e;
      }
    }
    return null;
  }

  private void disconnectDrained(WorkerEntry w) {
    out.send(
        w.identity,
        w.framing.toWorker(WorkerCommand.DISCONNECT, List.of(Frames.text(Mmi.DRAINED))));
    drained.put(w.key, clock.instant().plus(DRAINED_MEMORY));
    remove(w, "drained", false);
  }

  /**
   * Forgets a worker. A request it held goes back to the queue; when the worker died ({@code
   * died}), only once: a request that kills two workers gets an error reply.
   */
  private void remove(WorkerEntry w, String why, boolean died) {
    workers.remove(w.key);
    w.service.workers.remove(w);
    w.service.idle.remove(w);
    log.debug("worker {} removed: {}", w.name, why);
    PendingRequest r = w.inFlight;
    w.inFlight = null;
    if (r != null) {
      ServiceState s = w.service;
      if (!died || r.requeues == 0) {
        r.requeues += died ? 1 : 0;
        s.requeued++;
        s.queue.addFirst(r);
        dispatch(s);
      } else {
        s.failed++;
        replyError(
            r, Mmi.WORKER_LOST, "the workers handling this request were lost twice (" + why + ")");
      }
    }
  }

  private void replyError(PendingRequest r, String code, String text) {
    deliver(r, List.of(Frames.text(Mmi.ERROR_MARKER), Frames.text(code), Frames.text(text)), false);
  }

  /** Heartbeats, expiry of silent workers and of old queued requests. */
  void onTick() {
    Instant now = clock.instant();
    nextCheckMillis = now.toEpochMilli() + checkEveryMillis;
    Instant deadWhen = now.minus(settings.expiry());
    for (Iterator<WorkerEntry> it = new ArrayList<>(workers.values()).iterator(); it.hasNext(); ) {
      WorkerEntry w = it.next();
      if (w.lastSeen.isBefore(deadWhen)) {
        log.info(
            "worker {} expired (silent for {} ms, {})",
            w.name,
            now.toEpochMilli() - w.lastSeen.toEpochMilli(),
            w.state());
        remove(w, "expired", true);
      }
    }
    Instant tooOld = now.minus(settings.requestExpiry());
    for (ServiceState s : services.values()) {
      for (Iterator<PendingRequest> it = s.queue.iterator(); it.hasNext(); ) {
        PendingRequest r = it.next();
        if (r.arrived.isBefore(tooOld)) {
          it.remove();
          s.expired++;
          replyError(
              r,
              Mmi.EXPIRED,
              "no worker for service '"
                  + s.name
                  + "' took the request within "
                  + settings.requestExpiry().toMillis()
                  + " ms");
        }
      }
    }
    if (!now.isBefore(nextHeartbeat)) {
      for (WorkerEntry w : workers.values()) {
        out.send(w.identity, w.framing.toWorker(WorkerCommand.HEARTBEAT, List.of()));
      }
      nextHeartbeat = now.plus(settings.heartbeatInterval());
      drained.values().removeIf(until -> until.isBefore(now));
    }
    if (peering != null) {
      peering.onTick(now);
    }
  }

  /**
   * Milliseconds from {@code nowMillis} until {@link #onTick()} is due: the next heartbeat, or the
   * next expiry check. The broker calls onTick only when due, not after every message: under load
   * its scans would otherwise run thousands of times a second for nothing.
   */
  long millisToNextTick(long nowMillis) {
    long due = Math.min(nextHeartbeat.toEpochMilli(), nextCheckMillis);
    long wait = Math.max(0, due - nowMillis);
    return peering == null ? wait : Math.min(wait, peering.millisToNextTick(nowMillis));
  }

  ServiceState service(String name) {
    return services.computeIfAbsent(name, ServiceState::new);
  }
}
