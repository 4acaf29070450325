package io.yogurt.registry.etcd;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The brokers registered under the prefix, as last read: watched (a change is seen at once) and
 * re-read every second or so (which also tells whether etcd answers). While etcd does not answer,
 * the last view is kept and {@link #status()} says since when; a malformed entry is skipped and
 * named once. Listeners get the whole view on every change, on the registry's thread.
 */
public final class BrokerDirectory implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BrokerDirectory.class);

  private final EtcdRegistry registry;
  private final InstantSource clock;
  private final String cluster;
  private final List<Consumer<List<BrokerEntry>>> listeners = new CopyOnWriteArrayList<>();
  private final Set<String> reported = new HashSet<>();
  private volatile List<BrokerEntry> view = List.of();
  private volatile Instant staleSince;
  private volatile boolean loaded;
  private Watch.Watcher watcher;
  private ScheduledFuture<?> rereads;

  /**
   * @param cluster only entries of this cluster are kept (others are named once and skipped); null
   *     keeps every entry
   */
  public BrokerDirectory(EtcdRegistry registry, InstantSource clock, String cluster) {
    this.registry = registry;
    this.clock = clock;
    this.cluster = cluster;
  }

  /** Called with the whole view now (when loaded) and on every change. */
  public void onChange(Consumer<List<BrokerEntry>> listener) {
    listeners.add(listener);
    if (loaded) {
      listener.accept(view);
    }
  }

  /**
   * Reads the prefix and starts watching it.
   *
   * @param required when true, an etcd that does not answer now is an exception; when false the
   *     directory starts empty and stale, and fills once etcd answers
   */
  public BrokerDirectory start(boolean required) throws RegistryUnavailableException {
    try {
      resync();
    } catch (RegistryUnavailableException e) {
      if (required) {
        throw e;
      }
      staleSince = clock.instant();
      log.warn("{}; no brokers from the registry until it answers", e.getMessage());
    }
    watch();
    long every = registry.refresh().toMillis();
    rereads =
        registry
            .scheduler()
            .scheduleWithFixedDelay(this::resyncQuietly, every, every, TimeUnit.MILLISECONDS);
    return this;
  }

  private void watch() {
    try {
      watcher =
          registry
              .client()
              .getWatchClient()
              .watch(
                  EtcdRegistry.bytes(registry.settings().prefix()),
                  WatchOption.builder().isPrefix(true).build(),
                  Watch.listener(
                      response -> registry.scheduler().execute(this::resyncQuietly),
                      error -> log.debug("registry watch: {}", error.toString())));
    } catch (RuntimeException e) {
      log.debug("registry watch not started: {}", e.toString());
    }
  }

  /** The brokers as last read. */
  public List<BrokerEntry> view() {
    return view;
  }

  /** When etcd stopped answering; empty while it answers. */
  public Optional<Instant> staleSince() {
    return Optional.ofNullable(staleSince);
  }

  /** One line for logs and status: how many brokers, and whether the view is current. */
  public String status() {
    Instant since = staleSince;
    if (since == null) {
      return view.size() + " brokers in " + registry.settings().url();
    }
    return "etcd at "
        + registry.settings().url()
        + " unreachable since "
        + since
        + " ("
        + Duration.between(since, clock.instant()).toSeconds()
        + " s): last view of "
        + view.size()
        + " brokers kept";
  }

  private void resyncQuietly() {
    try {
      resync();
    } catch (RegistryUnavailableException e) {
      if (staleSince == null) {
        staleSince = clock.instant();
        log.warn(
            "{}; keeping the last view of {} brokers until etcd answers again",
            e.getMessage(),
            view.size());
      }
    } catch (RuntimeException e) {
      log.warn("reading the registry failed: {}", e.toString());
    }
  }

  private synchronized void resync() throws RegistryUnavailableException {
    List<KeyValue> kvs = registry.list();
    List<BrokerEntry> now = new ArrayList<>();
    for (KeyValue kv : kvs) {
      String key = EtcdRegistry.text(kv.getKey());
      BrokerEntry e;
      try {
        e = BrokerEntry.parse(kv.getValue().getBytes());
      } catch (IllegalArgumentException bad) {
        if (reported.add(key + "@" + kv.getModRevision())) {
          log.warn("registry entry {} skipped: {}", key, bad.getMessage());
        }
        continue;
      }
      if (cluster != null && !cluster.equals(e.cluster())) {
        if (reported.add(key + "@cluster " + e.cluster())) {
          log.warn(
              "registry entry {} refused: its cluster is '{}', ours is '{}'",
              key,
              e.cluster(),
              cluster);
        }
        continue;
      }
      now.add(e);
    }
    if (staleSince != null) {
      log.info(
          "etcd answers again after {} s: {} brokers",
          Duration.between(staleSince, clock.instant()).toSeconds(),
          now.size());
      staleSince = null;
    }
    boolean changed = !loaded || !now.equals(view);
    view = List.copyOf(now);
    loaded = true;
    if (changed) {
      for (Consumer<List<BrokerEntry>> l : listeners) {
        try {
          l.accept(view);
        } catch (RuntimeException e) {
          log.warn("registry listener failed: {}", e.toString());
        }
      }
    }
  }

  @Override
  public void close() {
    if (rereads != null) {
      rereads.cancel(false);
    }
    if (watcher != null) {
      watcher.close();
    }
  }
}
