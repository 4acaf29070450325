package io.yogurt.simulations;

import io.yogurt.models.Instance;
import io.yogurt.models.Provider;
import io.yogurt.models.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A cloud that boots instances after a random delay, bills them per second with a minimum, fails
 * some launches on purpose, and honours idempotency keys: a launch retried with the same key adopts
 * what the first call created.
 */
public final class SimulatedProvider implements Provider {

  /** One instance and the world's secrets about it. */
  private static final class Box {
    Instance instance;
    final Instant workerAt;
    final boolean neverBoots;
    final Instant billedFrom;

    Box(Instance instance, Instant workerAt, boolean neverBoots, Instant billedFrom) {
      this.instance = instance;
      this.workerAt = workerAt;
      this.neverBoots = neverBoots;
      this.billedFrom = billedFrom;
    }
  }

  private final InstantSource clock;
  private final SimulationSettings settings;
  private final SplittableRandom bootRandom;
  private final SplittableRandom failureRandom;
  private final Map<String, Box> alive = new LinkedHashMap<>();
  private final Map<String, List<Box>> byKey = new LinkedHashMap<>();
  private double closedBilledSeconds;
  private int sequence;
  private int launchCalls;
  private int failedLaunches;
  private int created;
  private int destroyed;

  /** Bumped at every launch and destroy: invalidates the cached list of workers up. */
  private int version;

  private List<String> upCache;
  private int upVersion;
  private Instant upComputedAt;
  private Instant upValidUntil;

  public SimulatedProvider(InstantSource clock, SimulationSettings settings) {
    this.clock = clock;
    this.settings = settings;
    SplittableRandom root = new SplittableRandom(settings.seed() ^ 0x5EED_B007L);
    this.bootRandom = root.split();
    this.failureRandom = root.split();
  }

  /**
   * Instances already running with live workers when the simulation starts, so that no policy is
   * judged on a cold start. They are billed from now.
   */
  public List<Instance> prewarm(String pool, int count) {
    Instant now = clock.instant();
    List<Instance> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Box b = newBox(pool, "prewarm", now.minus(settings.bootDelay()), now, false, now);
      out.add(b.instance);
    }
    return out;
  }

  @Override
  public List<Instance> list(String pool) {
    Instant now = clock.instant();
    List<Instance> out = new ArrayList<>();
    for (Box b : alive.values()) {
      if (b.instance.pool().equals(pool)) {
        out.add(withStatus(b, now));
      }
    }
    return out;
  }

  @Override
  public List<Instance> launch(String pool, int count, String idempotencyKey)
      throws ProviderException {
    launchCalls++;
    if (failureRandom.nextDouble() < settings.launchFailureRate()) {
      failedLaunches++;
      throw new ProviderException(
          "simulated launch failure (launch-failure-rate " + settings.launchFailureRate() + ")",
          true);
    }
    Instant now = clock.instant();
    List<Box> earlier = byKey.computeIfAbsent(idempotencyKey, k -> new ArrayList<>());
    while (earlier.size() < count) {
      Duration boot = bootDelay();
      boolean dud = failureRandom.nextDouble() < settings.bootFailureRate();
      earlier.add(newBox(pool, idempotencyKey, now, now.plus(boot), dud, now));
    }
    return earlier.stream()
        .filter(b -> alive.containsKey(b.instance.id()))
        .map(b -> withStatus(b, now))
        .toList();
  }

  @Override
  public void destroy(Instance instance) {
    Box b = alive.remove(instance.id());
    if (b != null) {
      closedBilledSeconds += billed(b, clock.instant());
      version++;
      destroyed++;
    }
  }

  /**
   * Names of instances whose worker is up at {@code now} (registered with the broker). The same
   * list object comes back until the fleet changes or the next worker boots, so that a caller
   * asking every simulated second can cache what it derives from it.
   */
  public List<String> workersUp(Instant now) {
    if (upCache != null
        && upVersion == version
        && now.isBefore(upValidUntil)
        && !now.isBefore(upComputedAt)) {
      return upCache;
    }
    List<String> up = new ArrayList<>();
    Instant nextBoot = Instant.MAX;
    for (Box b : alive.values()) {
      if (b.neverBoots) {
        continue;
      }
      if (!b.workerAt.isAfter(now)) {
        up.add(b.instance.name());
      } else if (b.workerAt.isBefore(nextBoot)) {
        nextBoot = b.workerAt;
      }
    }
    upCache = List.copyOf(up);
    upVersion = version;
    upComputedAt = now;
    upValidUntil = nextBoot;
    return upCache;
  }

  /** Instances not destroyed, booting or not (what is being paid for). */
  public int aliveCount() {
    return alive.size();
  }

  /** Seconds billed so far, counting running instances up to {@code now}. */
  public double billedSeconds(Instant now) {
    double open = 0;
    for (Box b : alive.values()) {
      open += billed(b, now);
    }
    return closedBilledSeconds + open;
  }

  public double cost(Instant now) {
    return billedSeconds(now) / 3600.0 * settings.pricePerHour();
  }

  public int launchCalls() {
    return launchCalls;
  }

  public int failedLaunches() {
    return failedLaunches;
  }

  public int created() {
    return created;
  }

  public int destroyed() {
    return destroyed;
  }

  private double billed(Box b, Instant until) {
    double seconds = Math.max(0, Duration.between(b.billedFrom, until).toMillis() / 1000.0);
    return Math.max(seconds, settings.minimumBilled().toMillis() / 1000.0);
  }

  private Box newBox(
      String pool,
      String key,
      Instant createdAt,
      Instant workerAt,
      boolean dud,
      Instant billedFrom) {
    sequence++;
    created++;
    version++;
    String id = Integer.toString(sequence);
    String name = pool + "-" + Integer.toString(sequence, 36);
    Instance i = new Instance(id, name, pool, Instance.Status.PENDING, createdAt, key);
    Box b = new Box(i, workerAt, dud, billedFrom);
    alive.put(id, b);
    return b;
  }

  private Duration bootDelay() {
    long mean = settings.bootDelay().toMillis();
    long jitter = settings.bootJitter().toMillis();
    long ms = jitter == 0 ? mean : mean - jitter + bootRandom.nextLong(2 * jitter + 1);
    return Duration.ofMillis(ms);
  }

  private static Instance withStatus(Box b, Instant now) {
    Instance.Status s =
        b.neverBoots || b.workerAt.isAfter(now) ? Instance.Status.PENDING : Instance.Status.ACTIVE;
    Instance i = b.instance;
    return s == i.status()
        ? i
        : new Instance(i.id(), i.name(), i.pool(), s, i.createdAt(), i.launchKey());
  }
}
