package io.yogurt.broker.probe;

import com.fasterxml.jackson.databind.JsonNode;
import io.yogurt.broker.curve.CurveClient;
import io.yogurt.broker.mdp.Mmi;
import io.yogurt.broker.probe.ManagementClient.Answer;
import io.yogurt.broker.probe.ManagementClient.ManagementException;
import io.yogurt.models.BrokerReading;
import io.yogurt.models.LoadProbe;
import io.yogurt.models.Observation;
import io.yogurt.models.ServiceLoad;
import io.yogurt.models.WorkerControl;
import io.yogurt.models.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LoadProbe} over Majordomo management: asks each broker for {@code mmi.stats} and
 * {@code mmi.workers}. Brokers count arrivals and replies since they started; the probe turns those
 * counters into counts since its previous look (0 on the first look). A broker that does not answer
 * within its timeout is a reading marked unreachable.
 */
public final class MdpProbe implements LoadProbe, WorkerControl, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MdpProbe.class);

  private final List<ManagementClient> brokers = new ArrayList<>();
  private final CurveClient curve;
  private final InstantSource clock;

  /** Last counters seen, by endpoint and service: {arrived, replied}. */
  private final Map<String, long[]> previous = new HashMap<>();

  public MdpProbe(ProbeSettings settings, InstantSource clock) {
    this(settings, null, clock);
  }

  public MdpProbe(ProbeSettings settings, CurveClient curve, InstantSource clock) {
    this.curve = curve;
    this.clock = clock;
    for (ProbeTarget t : settings.brokers()) {
      brokers.add(new ManagementClient(t, curve, clock));
    }
  }

  /**
   * Watches these brokers from the next look on (a registry's view): new ones are added, gone ones
   * dropped; a broker kept keeps its counters, so its next look counts only what is new.
   */
  public synchronized void setTargets(List<ProbeTarget> targets) {
    Map<String, ProbeTarget> wanted = new LinkedHashMap<>();
    targets.forEach(t -> wanted.put(t.endpoint(), t));
    for (ManagementClient b : List.copyOf(brokers)) {
      if (!b.target().equals(wanted.get(b.target().endpoint()))) {
        brokers.remove(b);
        b.close();
        previous.keySet().removeIf(k -> k.startsWith(b.target().endpoint() + "\n"));
      }
    }
    for (ProbeTarget t : wanted.values()) {
      if (brokers.stream().noneMatch(b -> b.target().equals(t))) {
        brokers.add(new ManagementClient(t, curve, clock));
      }
    }
  }

  /** The brokers watched now. */
  public synchronized List<String> endpoints() {
    return brokers.stream().map(b -> b.target().endpoint()).toList();
  }

  @Override
  public synchronized Observation observe(Instant now) {
    List<BrokerReading> readings = new ArrayList<>();
    for (ManagementClient b : brokers) {
      readings.add(read(b));
    }
    return new Observation(now, readings);
  }

  private BrokerReading read(ManagementClient b) {
    String endpoint = b.target().endpoint();
    try {
      Answer stats = b.call(Mmi.STATS, "");
      Answer workers = b.call(Mmi.WORKERS, "");
      if (!stats.ok() || !workers.ok()) {
        return BrokerReading.unreachable(
            endpoint, "management refused: " + (stats.ok() ? workers.error() : stats.error()));
      }
      return BrokerReading.reachable(endpoint, services(endpoint, stats.doc(), workers.doc()));
    } catch (ManagementException e) {
      return BrokerReading.unreachable(endpoint, e.getMessage());
    } catch (RuntimeException e) {
      log.warn("probe of {} failed", endpoint, e);
      return BrokerReading.unreachable(endpoint, e.toString());
    }
  }

  private List<ServiceLoad> services(String endpoint, JsonNode stats, JsonNode workers) {
    Map<String, List<WorkerStatus>> byService = new LinkedHashMap<>();
    for (JsonNode w : workers.path("workers")) {
      WorkerStatus status =
          new WorkerStatus(
              w.path("identity").asText(),
              w.path("service").asText(),
              WorkerStatus.State.valueOf(w.path("state").asText("IDLE")),
              Duration.ofMillis(w.path("heartbeatAgeMs").asLong()),
              w.path("inFlight").asInt(),
              w.path("registrations").asInt(0));
      byService.computeIfAbsent(status.service(), k -> new ArrayList<>()).add(status);
    }
    List<ServiceLoad> loads = new ArrayList<>();
    for (JsonNode s : stats.path("services")) {
      String name = s.path("service").asText();
      long arrived = s.path("arrived").asLong();
      long replied = s.path("replied").asLong();
      long[] before = previous.put(endpoint + "\n" + name, new long[] {arrived, replied});
      long arrivals = before == null ? 0 : delta(before[0], arrived);
      long completions = before == null ? 0 : delta(before[1], replied);
      loads.add(
          new ServiceLoad(
              name,
              s.path("queued").asInt(),
              s.path("oldestQueuedSeconds").asDouble(),
              arrivals,
              completions,
              byService.getOrDefault(name, List.of())));
    }
    return loads;
  }

  /** A counter that went down means the broker restarted: everything it counted is new. */
  private static long delta(long before, long now) {
    return now >= before ? now - before : now;
  }

  /** Drains the worker at every broker; true when some broker knew it. */
  @Override
  public synchronized boolean drain(String workerIdentity) {
    boolean acknowledged = false;
    for (ManagementClient b : brokers) {
      try {
        Answer a = b.call(Mmi.DRAIN, workerIdentity);
        acknowledged |= a.ok();
      } catch (ManagementException e) {
        log.warn("drain of {} at {}: {}", workerIdentity, b.target().endpoint(), e.getMessage());
      }
    }
    return acknowledged;
  }

  @Override
  public synchronized void close() {
    brokers.forEach(ManagementClient::close);
  }
}
