package io.yogurt.broker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yogurt.broker.mdp.Frames;
import io.yogurt.broker.mdp.MdpVersion;
import io.yogurt.broker.mdp.Mmi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The management services: {@code mmi.service} (RFC 8) and ours ({@code mmi.services}, {@code
 * mmi.stats}, {@code mmi.workers}, {@code mmi.drain}). Replies are a status frame ("200", "403",
 * "404", "501"), then for ours one JSON frame.
 */
final class Management {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BrokerEngine engine;
  private volatile Set<String> managementKeys = Set.of();

  Management(BrokerEngine engine) {
    this.engine = engine;
  }

  void allowKeys(Set<String> keys) {
    managementKeys = Set.copyOf(keys);
  }

  List<byte[]> handle(String service, List<byte[]> body, PeerInfo peer) {
    String arg = body.isEmpty() ? "" : Frames.string(body.get(0));
    if (service.equals(Mmi.SERVICE)) {
      ServiceState s = engine.services.get(arg);
      boolean served = s != null && s.workers.stream().anyMatch(w -> !w.draining);
      return List.of(Frames.text(served ? Mmi.OK : Mmi.NOT_FOUND));
    }
    if (!List.of(Mmi.SERVICES, Mmi.STATS, Mmi.WORKERS, Mmi.DRAIN).contains(service)) {
      return List.of(Frames.text(Mmi.NOT_IMPLEMENTED));
    }
    String refusal = refusal(peer);
    if (refusal != null) {
      return status(Mmi.FORBIDDEN, Map.of("error", refusal));
    }
    return switch (service) {
      case Mmi.SERVICES -> status(Mmi.OK, Map.of("services", activeNames()));
      case Mmi.STATS -> status(Mmi.OK, stats(arg));
      case Mmi.WORKERS -> status(Mmi.OK, Map.of("workers", workers(arg)));
      default -> drain(arg);
    };
  }

  private String refusal(PeerInfo peer) {
    return switch (engine.settings.management()) {
      case "any" -> null;
      case "curve-allowlist" ->
          managementKeys.contains(peer.curveKey())
              ? null
              : "management is restricted to allow-listed CURVE keys";
      default ->
          peer.loopback()
              ? null
              : "management is restricted to loopback (got a request from " + peer.address() + ")";
    };
  }

  private List<String> activeNames() {
    List<String> names = new ArrayList<>();
    engine.services.values().stream().filter(ServiceState::active).forEach(s -> names.add(s.name));
    return names;
  }

  /** The mmi.stats document; {@code only} filters to one service when not empty. */
  Map<String, Object> stats(String only) {
    Instant now = engine.clock.instant();
    List<Map<String, Object>> list = new ArrayList<>();
    for (ServiceState s : engine.services.values()) {
      if (only.isEmpty() ? s.active() || s.arrived > 0 : s.name.equals(only)) {
        list.add(serviceStats(s, now));
      }
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("at", now.toString());
    doc.put("heartbeatIntervalMs", engine.settings.heartbeatInterval().toMillis());
    doc.put("heartbeatLiveness", engine.settings.heartbeatLiveness());
    doc.put("malformed", engine.malformed);
    doc.put("services", list);
    if (engine.peering() != null) {
      doc.put("cluster", engine.peering().cluster());
      doc.put("peers", engine.peering().stats(now));
    }
    return doc;
  }

  static Map<String, Object> serviceStats(ServiceState s, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    int busy = s.busy();
    m.put("service", s.name);
    m.put("queued", s.queue.size());
    m.put("oldestQueuedSeconds", s.oldestQueuedSeconds(now));
    m.put("workersIdle", s.workers.size() - busy);
    m.put("workersBusy", busy);
    m.put("workersTotal", s.workers.size());
    m.put("arrived", s.arrived);
    m.put("dispatched", s.dispatched);
    m.put("replied", s.replied);
    m.put("expired", s.expired);
    m.put("requeued", s.requeued);
    m.put("failed", s.failed);
    m.put("forwarded", s.forwarded);
    m.put("fromPeers", s.fromPeers);
    m.put("returned", s.returned);
    return m;
  }

  private List<Map<String, Object>> workers(String only) {
    Instant now = engine.clock.instant();
    List<Map<String, Object>> list = new ArrayList<>();
    for (WorkerEntry w : engine.workers.values()) {
      if (only.isEmpty() || w.service.name.equals(only)) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("identity", w.name);
        m.put("service", w.service.name);
        m.put("state", w.state());
        m.put("heartbeatAgeMs", Math.max(0, now.toEpochMilli() - w.lastSeen.toEpochMilli()));
        m.put("inFlight", w.inFlight == null ? 0 : 1);
        m.put("registrations", w.registrations);
        m.put("protocol", w.framing.version() == MdpVersion.V01 ? "MDP/0.1" : "MDP/0.2");
        list.add(m);
      }
    }
    return list;
  }

  private List<byte[]> drain(String identity) {
    String state = engine.drain(identity);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("worker", identity);
    m.put("state", state == null ? "unknown" : state);
    return status(state == null ? Mmi.NOT_FOUND : Mmi.OK, m);
  }

  private static List<byte[]> status(String code, Object doc) {
    try {
      return List.of(Frames.text(code), JSON.writeValueAsBytes(doc));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write management JSON", e);
    }
  }

  static byte[] json(Object doc) {
    try {
      return JSON.writeValueAsBytes(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
