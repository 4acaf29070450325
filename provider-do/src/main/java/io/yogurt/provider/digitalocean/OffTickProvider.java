package io.yogurt.provider.digitalocean;

import io.yogurt.models.Instance;
import io.yogurt.models.Provider;
import io.yogurt.models.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the control loop's tick off the DigitalOcean API: every call (listings, creates with their
 * settling and retries, deletes, rate-budget waits) runs on this provider's own thread, and the
 * tick is answered at once from what that thread last saw. A launch returns its droplets as pending
 * instances straight away (the tick sees the launch in flight and counts it) and is carried out
 * behind; a droplet being destroyed is left out at once (it is no longer capacity).
 *
 * <p>A launch the API refuses for good (a region, size or image it rejects, a refused token), or
 * one a {@link #gate launch gate} stops (a package whose checksum differs), is not retried in a
 * loop: the pool holds and every launch until {@code holdFor} has passed fails at once with the
 * same message, naming the key to fix.
 */
public final class OffTickProvider implements Provider {

  private static final Logger log = LoggerFactory.getLogger(OffTickProvider.class);

  private final DigitalOceanProvider inner;
  private final Set<String> pools;
  private final InstantSource clock;
  private final Duration staleAfter;
  private final Duration holdFor;
  private final Supplier<Optional<String>> gate;
  private final ScheduledExecutorService worker;

  /** Guarded by this: what the worker thread last saw, and what it is doing. */
  private final Map<String, Listing> listings = new HashMap<>();

  private final Map<String, List<Instance>> launching = new LinkedHashMap<>();
  private final Set<String> destroying = new HashSet<>();
  private final Map<String, Refusal> refusals = new HashMap<>();
  private final Map<String, String> firstErrors = new HashMap<>();

  private record Listing(List<Instance> instances, Instant at, String error) {}

  private record Refusal(String message, Instant until) {}

  /**
   * @param pools the pools to keep listed
   * @param refreshEvery how often each pool is listed again
   * @param staleAfter how old the last good listing may be before the tick is told the provider is
   *     unavailable (it then holds)
   * @param holdFor how long a pool holds after the API refused a launch for good
   * @param gate asked before each launch: a reason not to launch at all, or empty
   */
  public OffTickProvider(
      DigitalOceanProvider inner,
      Collection<String> pools,
      InstantSource clock,
      Duration refreshEvery,
      Duration staleAfter,
      Duration holdFor,
      Supplier<Optional<String>> gate) {
    this.inner = inner;
    this.pools = Set.copyOf(pools);
    this.clock = clock;
    this.staleAfter = staleAfter;
    this.holdFor = holdFor;
    this.gate = gate;
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread th = new Thread(r, "digitalocean");
              th.setDaemon(true);
              return th;
            });
    t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.worker = t;
    worker.scheduleWithFixedDelay(
        this::refreshAll, 0, Math.max(1, refreshEvery.toMillis()), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized List<Instance> list(String pool) throws ProviderException {
    Listing l = listings.get(pool);
    if (l == null) {
      throw new ProviderException(
          "pool " + pool + " not listed yet" + (error(pool).isEmpty() ? "" : ": " + error(pool)),
          true);
    }
    if (l.error() != null && Duration.between(l.at(), clock.instant()).compareTo(staleAfter) > 0) {
      throw new ProviderException(l.error() + " (last good listing at " + l.at() + ")", true);
    }
    Map<String, Instance> byName = new LinkedHashMap<>();
    for (Instance i : l.instances()) {
      // A droplet being deleted is no capacity: the loop must not drain or count it again.
      if (!destroying.contains(i.name()) && i.status() != Instance.Status.STOPPING) {
        byName.put(i.name(), i);
      }
    }
    for (List<Instance> launch : launching.values()) {
      launch.forEach(i -> byName.putIfAbsent(i.name(), i));
    }
    return List.copyOf(byName.values());
  }

  @Override
  public synchronized List<Instance> launch(String pool, int count, String idempotencyKey)
      throws ProviderException {
    if (count <= 0) {
      return List.of();
    }
    Refusal r = refusals.get(pool);
    if (r != null && clock.instant().isBefore(r.until())) {
      throw new ProviderException(r.message(), false);
    }
    Optional<String> closed = gate.get();
    if (closed.isPresent()) {
      throw new ProviderException(closed.get(), false);
    }
    String key = DropletNames.launchKey(pool, idempotencyKey);
    List<Instance> already = launching.get(key);
    if (already != null) {
      return already;
    }
    Instant now = clock.instant();
    List<Instance> pending = new ArrayList<>();
    for (String name : DropletNames.forLaunch(pool, idempotencyKey, count)) {
      pending.add(new Instance("0", name, pool, Instance.Status.PENDING, now, key));
    }
    launching.put(key, List.copyOf(pending));
    worker.execute(() -> carryOut(pool, count, idempotencyKey, key));
    return List.copyOf(pending);
  }

  @Override
  public synchronized void destroy(Instance instance) throws ProviderException {
    if (!destroying.add(instance.name())) {
      return;
    }
    worker.execute(
        () -> {
          try {
            inner.destroy(instance);
          } catch (ProviderException | RuntimeException e) {
            log.warn(
                "destroy {} failed, the loop will ask again: {}", instance.name(), e.getMessage());
          }
          refresh(instance.pool());
          synchronized (this) {
            destroying.remove(instance.name());
          }
        });
  }

  /** Why the pool holds, if the API refused its last launch for good. */
  public synchronized Optional<String> refusal(String pool) {
    Refusal r = refusals.get(pool);
    return r == null || !clock.instant().isBefore(r.until())
        ? Optional.empty()
        : Optional.of(r.message());
  }

  /** The provider under this one (orphan sweeps, request counts). */
  public DigitalOceanProvider inner() {
    return inner;
  }

  @Override
  public void close() {
    worker.shutdownNow();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    inner.close();
  }

  private void carryOut(String pool, int count, String idempotencyKey, String key) {
    try {
      inner.launch(pool, count, idempotencyKey);
    } catch (ProviderException | RuntimeException e) {
      boolean forGood = e instanceof ProviderException p && !p.retryable();
      log.error(
          "launch {} in pool {} failed{}: {}",
          key,
          pool,
          forGood ? "; the pool holds for " + holdFor.toMinutes() + " min" : "",
          e.getMessage());
      if (forGood) {
        // Refused and no longer in flight at once: the next launch of the pool fails too.
        synchronized (this) {
          refusals.put(
              pool,
              new Refusal(
                  e.getMessage() + " (pool " + pool + " holds; fix the setting and restart)",
                  clock.instant().plus(holdFor)));
          launching.remove(key);
        }
      }
    }
    // What was created shows in the listing before the launch stops counting as in flight.
    refresh(pool);
    synchronized (this) {
      launching.remove(key);
    }
  }

  private void refreshAll() {
    for (String pool : pools) {
      refresh(pool);
    }
  }

  private void refresh(String pool) {
    try {
      List<Instance> seen = inner.list(pool);
      synchronized (this) {
        listings.put(pool, new Listing(List.copyOf(seen), clock.instant(), null));
      }
    } catch (ProviderException | RuntimeException e) {
      synchronized (this) {
        Listing last = listings.get(pool);
        if (last != null) {
          listings.put(pool, new Listing(last.instances(), last.at(), e.getMessage()));
        } else {
          firstErrors.put(pool, e.getMessage());
        }
      }
    }
  }

  private String error(String pool) {
    return firstErrors.getOrDefault(pool, "");
  }
}
