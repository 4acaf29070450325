package io.yogurt.registry.etcd;

import io.yogurt.broker.curve.CurveClient;
import io.yogurt.broker.curve.CurveKeys;
import io.yogurt.broker.worker.Handler;
import io.yogurt.broker.worker.WorkerAgent;
import io.yogurt.broker.worker.WorkerSettings;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker that finds its broker in the registry ({@code yogurt worker --registry}): it connects to
 * a broker whose entry lists its service (else to any registered broker: peering brings it work),
 * and when that broker's key goes away (it stopped, or its lease expired) it moves to another one.
 * Among several brokers a worker picks by its name, so that a fleet spreads over them.
 */
public final class RegistryWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RegistryWorker.class);

  /** How long the request in flight may take when the broker it came from is gone. */
  private static final Duration LET_GO = Duration.ofSeconds(2);

  private final BrokerDirectory directory;
  private final WorkerSettings template;
  private final Handler handler;
  private final InstantSource clock;
  private final CurveKeys ownKeys;
  private final CompletableFuture<Boolean> terminated = new CompletableFuture<>();
  private WorkerAgent agent;
  private String broker;
  private boolean stopped;

  /**
   * @param template the worker's settings; its endpoint (and CURVE server key) come from the
   *     registry entry of the broker it picks
   * @param ownKeys this worker's CURVE key pair, or null without CURVE
   */
  public RegistryWorker(
      BrokerDirectory directory,
      WorkerSettings template,
      Handler handler,
      InstantSource clock,
      CurveKeys ownKeys) {
    this.directory = directory;
    this.template = template;
    this.handler = handler;
    this.clock = clock;
    this.ownKeys = ownKeys;
  }

  /** Picks a broker now (or as soon as one registers) and follows the registry. */
  public RegistryWorker start() {
    directory.onChange(this::reconsider);
    return this;
  }

  /** The endpoint of the broker this worker is connected to, if any. */
  public synchronized Optional<String> broker() {
    return Optional.ofNullable(broker);
  }

  /** Completes once the worker stopped: true when a broker drained it. */
  public CompletableFuture<Boolean> terminated() {
    return terminated;
  }

  private synchronized void reconsider(List<BrokerEntry> view) {
    if (stopped) {
      return;
    }
    if (broker != null && view.stream().anyMatch(e -> e.endpoint().equals(broker))) {
      return;
    }
    if (agent != null) {
      log.warn("worker {}: broker {} left the registry; moving", template.name(), broker);
      // Let go in the background: a last reply to a dead broker lingers, and the move must not
      // wait for it (nor hold up the registry thread other listeners share).
      WorkerAgent old = agent;
      CompletableFuture.runAsync(() -> old.stop(LET_GO));
      agent = null;
      broker = null;
    }
    Optional<BrokerEntry> next = pick(view);
    if (next.isEmpty()) {
      log.warn(
          "worker {}: no broker for '{}' in the registry ({}); waiting for one",
          template.name(),
          template.service(),
          directory.status());
      return;
    }
    BrokerEntry e = next.get();
    WorkerSettings s =
        new WorkerSettings(
            e.endpoint(),
            template.service(),
            template.name(),
            template.heartbeatInterval(),
            template.heartbeatLiveness(),
            template.reconnectMin(),
            template.reconnectMax(),
            template.version(),
            ownKeys == null ? null : new CurveClient(ownKeys, e.curveKey()));
    WorkerAgent started = new WorkerAgent(s, handler, clock);
    agent = started;
    broker = e.endpoint();
    started
        .terminated()
        .thenAccept(
            drained -> {
              if (drained) {
                terminated.complete(true);
              }
            });
    started.start();
    log.info("worker {}: serving '{}' at {}", template.name(), template.service(), broker);
  }

  /** A broker listing the service, else any; among several, one chosen by the worker's name. */
  Optional<BrokerEntry> pick(List<BrokerEntry> view) {
    List<BrokerEntry> usable =
        view.stream()
            .filter(e -> ownKeys == null || !e.curveKey().isEmpty())
            .sorted(Comparator.comparing(BrokerEntry::endpoint))
            .toList();
    List<BrokerEntry> serving = usable.stream().filter(e -> e.serves(template.service())).toList();
    List<BrokerEntry> from = serving.isEmpty() ? usable : serving;
    if (from.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(from.get(Math.floorMod(template.name().hashCode(), from.size())));
  }

  /** Stops gracefully: the request in flight finishes, then DISCONNECT. */
  public boolean stop(Duration timeout) {
    WorkerAgent a;
    synchronized (this) {
      stopped = true;
      a = agent;
      agent = null;
    }
    boolean ok = a == null || a.stop(timeout);
    terminated.complete(false);
    return ok;
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }
}
