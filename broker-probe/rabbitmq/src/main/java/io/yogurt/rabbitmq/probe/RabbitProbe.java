package io.yogurt.rabbitmq.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import io.yogurt.models.BrokerReading;
import io.yogurt.models.LoadProbe;
import io.yogurt.models.Observation;
import io.yogurt.models.ServiceLoad;
import io.yogurt.models.WorkerControl;
import io.yogurt.models.WorkerStatus;
import io.yogurt.rabbitmq.RabbitPoolSettings;
import io.yogurt.rabbitmq.probe.ManagementApi.ManagementException;
import io.yogurt.rabbitmq.probe.VhostSnapshot.Consumer;
import io.yogurt.rabbitmq.probe.VhostSnapshot.QueueFigures;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LoadProbe} over RabbitMQ queues, one reading per pool. It asks the management HTTP API
 * for every queue, consumer and channel of a vhost at once (three calls per vhost however many
 * pools), and turns the server's publish and ack counters into counts since its previous look. A
 * worker is a consumer whose tag is its instance's name; its work in flight is its channel's
 * unacknowledged messages. When the management API is not there, it falls back to AMQP passive
 * declares (ready messages and consumers only, and workers by their control queues) and says which
 * figures are missing. A server that refuses or does not answer is a reading marked unreachable
 * that covers the pool's service, so the loop holds the pool instead of taking it for idle.
 */
public final class RabbitProbe implements LoadProbe, WorkerControl, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RabbitProbe.class);

  /** What the fallback cannot see. */
  static final String FALLBACK_MISSING =
      "AMQP fallback: ready messages and consumers only; arrivals, completions, unacknowledged"
          + " messages per worker and the oldest message's age are missing";

  /** Only the figures the probe reads: a smaller answer for many queues. */
  private static final String QUEUE_COLUMNS =
      "name,messages_ready,messages_unacknowledged,consumers,head_message_timestamp,"
          + "message_stats.publish,message_stats.ack,message_stats.deliver_no_ack,"
          + "message_stats.get_no_ack";

  /** The instances a pool is known to have, for the fallback's look at control queues. */
  @FunctionalInterface
  public interface Roster {
    List<String> instances(String pool);

    Roster NONE = pool -> List.of();
  }

  /** The pools that share one management API, user and vhost: one set of calls serves them all. */
  private record Group(String management, String user, String vhost) {}

  private final List<RabbitPoolSettings> pools;
  private final Roster roster;
  private final HttpClient http;
  private final Map<String, ManagementApi> apis = new HashMap<>();
  private final Map<String, AmqpLink> links = new LinkedHashMap<>();
  private final Map<String, long[]> previous = new HashMap<>();
  private final Map<String, String> lastProblem = new HashMap<>();

  public RabbitProbe(List<RabbitPoolSettings> pools, Roster roster) {
    this.pools = List.copyOf(pools);
    this.roster = roster;
    Duration connect =
        pools.stream()
            .map(RabbitPoolSettings::timeout)
            .max(Duration::compareTo)
            .orElse(Duration.ofSeconds(1));
    // HTTP/1.1: the JDK's default would try an h2c upgrade on every plain-HTTP request.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connect)
            .build();
    for (RabbitPoolSettings p : pools) {
      apis.computeIfAbsent(
          p.managementUrl() + "\n" + p.endpoint().label(),
          k -> new ManagementApi(http, p.managementUrl(), p.endpoint(), p.timeout()));
      links.computeIfAbsent(p.endpoint().label(), k -> new AmqpLink(p.endpoint(), p.timeout()));
    }
  }

  @Override
  public synchronized Observation observe(Instant now) {
    Map<Group, List<RabbitPoolSettings>> groups = new LinkedHashMap<>();
    for (RabbitPoolSettings p : pools) {
      groups
          .computeIfAbsent(
              new Group(
                  p.managementUrl().toString(), p.endpoint().username(), p.endpoint().vhost()),
              g -> new ArrayList<>())
          .add(p);
    }
    Map<Group, CompletableFuture<VhostSnapshot>> calls = new LinkedHashMap<>();
    groups.forEach((g, members) -> calls.put(g, snapshot(members.get(0))));
    List<BrokerReading> readings = new ArrayList<>();
    groups.forEach(
        (g, members) -> {
          VhostSnapshot snapshot = null;
          ManagementException failure = null;
          try {
            snapshot = awaitSnapshot(calls.get(g));
          } catch (ManagementException e) {
            failure = e;
          }
          for (RabbitPoolSettings p : members) {
            readings.add(
                report(
                    p, snapshot != null ? fromManagement(p, snapshot, now) : fallback(p, failure)));
          }
        });
    return new Observation(now, readings);
  }

  /** Starts the three calls for the vhost of {@code p}; they run at the same time. */
  private CompletableFuture<VhostSnapshot> snapshot(RabbitPoolSettings p) {
    ManagementApi api = apis.get(p.managementUrl() + "\n" + p.endpoint().label());
    String vhost = p.endpoint().encodedVhost();
    CompletableFuture<JsonNode> queues = api.get("/queues/" + vhost + "?columns=" + QUEUE_COLUMNS);
    CompletableFuture<JsonNode> consumers = api.get("/consumers/" + vhost);
    CompletableFuture<JsonNode> channels =
        api.get("/vhosts/" + vhost + "/channels?columns=name,messages_unacknowledged");
    return CompletableFuture.allOf(queues, consumers, channels)
        .thenApply(v -> new VhostSnapshot(queues.join(), consumers.join(), channels.join()));
  }

  private static VhostSnapshot awaitSnapshot(CompletableFuture<VhostSnapshot> call)
      throws ManagementException {
    try {
      return call.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof ManagementException m) {
        throw m;
      }
      throw new ManagementException(true, String.valueOf(e.getCause()));
    }
  }

  private BrokerReading fromManagement(RabbitPoolSettings p, VhostSnapshot s, Instant now) {
    Optional<QueueFigures> found = s.queue(p.queue());
    if (found.isEmpty()) {
      return unreachable(
          p, "queue '" + p.queue() + "' not found in vhost '" + p.endpoint().vhost() + "'");
    }
    QueueFigures q = found.get();
    long[] before = previous.put(p.pool(), new long[] {q.published(), q.finished()});
    long arrivals = before == null ? 0 : delta(before[0], q.published());
    long completions = before == null ? 0 : delta(before[1], q.finished());
    double oldest =
        q.ready() > 0 && q.headTimestamp().isPresent()
            ? Math.max(0, now.getEpochSecond() - q.headTimestamp().getAsLong())
            : 0;
    List<WorkerStatus> workers = new ArrayList<>();
    for (Consumer c : s.consumers(p.queue())) {
      long inFlight = s.unacked(c.channel());
      workers.add(
          new WorkerStatus(
              c.tag(),
              p.service(),
              inFlight > 0 ? WorkerStatus.State.BUSY : WorkerStatus.State.IDLE,
              Duration.ZERO,
              (int) Math.min(Integer.MAX_VALUE, inFlight)));
    }
    return BrokerReading.reachable(
        p.label(),
        List.of(
            new ServiceLoad(
                p.service(),
                (int) Math.min(Integer.MAX_VALUE, q.ready()),
                oldest,
                arrivals,
                completions,
                workers)));
  }

  /** The management API failed: if it was not there at all, look over AMQP instead. */
  private BrokerReading fallback(RabbitPoolSettings p, ManagementException failure) {
    if (failure.answered()) {
      return unreachable(p, failure.getMessage());
    }
    AmqpLink link = links.get(p.endpoint().label());
    try {
      Optional<AMQP.Queue.DeclareOk> q = link.declarePassive(p.queue());
      if (q.isEmpty()) {
        return unreachable(
            p, "queue '" + p.queue() + "' not found in vhost '" + p.endpoint().vhost() + "'");
      }
      List<WorkerStatus> workers = new ArrayList<>();
      for (String instance : roster.instances(p.pool())) {
        if (link.workerListening(instance)) {
          workers.add(
              new WorkerStatus(instance, p.service(), WorkerStatus.State.IDLE, Duration.ZERO, 0));
        }
      }
      previous.remove(p.pool());
      return BrokerReading.degraded(
          p.label(),
          List.of(new ServiceLoad(p.service(), q.get().getMessageCount(), 0, 0, 0, workers)),
          failure.getMessage() + "; " + FALLBACK_MISSING);
    } catch (IOException | RuntimeException e) {
      return unreachable(p, failure.getMessage() + "; AMQP: " + e.getMessage());
    }
  }

  private static BrokerReading unreachable(RabbitPoolSettings p, String why) {
    return BrokerReading.unreachable(p.label(), why, Set.of(p.service()));
  }

  /** Logs once when a pool's source goes wrong or changes how, and once when it recovers. */
  private BrokerReading report(RabbitPoolSettings p, BrokerReading r) {
    String problem = r.error();
    String before = lastProblem.getOrDefault(p.pool(), "");
    if (!problem.equals(before)) {
      if (problem.isEmpty()) {
        log.info("{} answers again", p.label());
      } else {
        log.warn("{}: {}", p.label(), problem);
      }
      lastProblem.put(p.pool(), problem);
    }
    return r;
  }

  /** A counter that went down means the server's statistics restarted: all it counted is new. */
  private static long delta(long before, long now) {
    return now >= before ? now - before : now;
  }

  /**
   * Sends DRAIN to the worker's control queue on every server it may be on; true when one had it.
   */
  @Override
  public synchronized boolean drain(String workerIdentity) {
    for (AmqpLink link : links.values()) {
      try {
        if (link.drain(workerIdentity)) {
          return true;
        }
      } catch (IOException | RuntimeException e) {
        log.warn("drain of {}: {}", workerIdentity, e.getMessage());
      }
    }
    return false;
  }

  @Override
  public synchronized void close() {
    links.values().forEach(AmqpLink::close);
  }
}
