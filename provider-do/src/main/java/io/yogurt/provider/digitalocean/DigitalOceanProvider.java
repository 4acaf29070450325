package io.yogurt.provider.digitalocean;

import io.yogurt.config.InvalidInputException;
import io.yogurt.models.Backoff;
import io.yogurt.models.CrashPoint;
import io.yogurt.models.Instance;
import io.yogurt.models.Provider;
import io.yogurt.models.ProviderException;
import io.yogurt.provider.digitalocean.CreateJournal.Pending;
import io.yogurt.provider.digitalocean.DigitalOceanSettings.Placement;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Provider} on DigitalOcean droplets.
 *
 * <p>Ownership is by tags: every droplet carries the fleet tag and its pool's tag, and is found by
 * listing the pool tag. Names are {@code <pool>-<key part>-<n>} (see {@link DropletNames}), so a
 * launch retried with the same key lists first and creates only the names still missing: a retry
 * adopts, never doubles. The API's list lags a create by a few seconds, so droplets this process
 * created are remembered until the list shows them, and after a create whose outcome is unknown
 * (timeout, 5xx, lost response) the launch waits {@code create-settle} before it lists again. Calls
 * are serialized: one provider drives the API at a time, inside one rate budget.
 */
public final class DigitalOceanProvider implements Provider {

  private static final Logger log = LoggerFactory.getLogger(DigitalOceanProvider.class);
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private final DropletApi api;
  private final DigitalOceanSettings settings;
  private final UserData userData;
  private final Map<String, String> serviceByPool;
  private final InstantSource clock;
  private final Sleeper sleeper;
  private final AutoCloseable resources;

  /**
   * Asked for, not yet seen in a listing, and until when to count it anyway; journaled before each
   * create. Timed by our clock, not the droplet's created_at: the API's clock may differ from ours.
   */
  private final CreateJournal pending;

  /** Destroyed by this process, maybe still in a listing: name -> until when to hide it. */
  private final Map<String, Instant> destroyed = new HashMap<>();

  /** A droplet the orphan sweep destroyed, and why. */
  public record Orphan(String name, long id, String reason) {}

  DigitalOceanProvider(
      DropletApi api,
      DigitalOceanSettings settings,
      UserData userData,
      Map<String, String> serviceByPool,
      InstantSource clock,
      Sleeper sleeper,
      AutoCloseable resources,
      CreateJournal pending) {
    this.api = api;
    this.pending = pending;
    this.settings = settings;
    this.userData = userData;
    this.serviceByPool = Map.copyOf(serviceByPool);
    this.clock = clock;
    this.sleeper = sleeper;
    this.resources = resources;
  }

  /**
   * The provider for production: the real API client under the rate budget and retries.
   *
   * @param serviceByPool the broker service each pool's workers serve (a pool missing here serves
   *     the service named like the pool)
   */
  public static DigitalOceanProvider create(
      DigitalOceanSettings s, Map<String, String> serviceByPool, InstantSource clock)
      throws InvalidInputException {
    return create(s, serviceByPool, clock, Sleeper.SYSTEM);
  }

  /** As {@link #create(DigitalOceanSettings, Map, InstantSource)}, with an injected sleeper. */
  public static DigitalOceanProvider create(
      DigitalOceanSettings s,
      Map<String, String> serviceByPool,
      InstantSource clock,
      Sleeper sleeper)
      throws InvalidInputException {
    return create(s, serviceByPool, clock, sleeper, (Path) null);
  }

  /**
   * As above, journaling pending creates in {@code stateDir} (null: in memory only), so that a
   * restart within the API's listing lag counts what the last run may have created.
   */
  public static DigitalOceanProvider create(
      DigitalOceanSettings s,
      Map<String, String> serviceByPool,
      InstantSource clock,
      Sleeper sleeper,
      Path stateDir)
      throws InvalidInputException {
    PendingCreates journal;
    try {
      journal = stateDir == null ? PendingCreates.inMemory() : PendingCreates.open(stateDir);
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(
          "--state-dir: cannot read the pending-creates journal in " + stateDir + ": " + e);
    }
    return create(s, serviceByPool, clock, sleeper, journal);
  }

  /**
   * As above, journaling pending creates in {@code journal}: under HA one the instances share, so
   * that an instance taking over within the listing lag counts what the other may have created. The
   * provider closes the journal.
   */
  public static DigitalOceanProvider create(
      DigitalOceanSettings s,
      Map<String, String> serviceByPool,
      InstantSource clock,
      Sleeper sleeper,
      CreateJournal journal)
      throws InvalidInputException {
    UserData userData = UserData.load(s.userDataTemplate(), s.worker());
    for (Map.Entry<String, String> e : serviceByPool.entrySet()) {
      if (!SAFE_NAME.matcher(e.getValue()).matches()) {
        throw new InvalidInputException(
            "pools."
                + e.getKey()
                + ".service: got '"
                + e.getValue()
                + "', expected letters, digits, '.', '_' or '-' (it goes on the droplet's command"
                + " line)");
      }
    }
    GuardedDropletApi api = guardedApi(s, clock, sleeper);
    AutoCloseable client = (AutoCloseable) api.inner();
    return new DigitalOceanProvider(
        api,
        s,
        userData,
        serviceByPool,
        clock,
        sleeper,
        () -> {
          try (journal) {
            client.close();
          }
        },
        journal);
  }

  /** The API client with the rate budget and retries, for the provider and for checks. */
  public static GuardedDropletApi guardedApi(
      DigitalOceanSettings s, InstantSource clock, Sleeper sleeper) throws InvalidInputException {
    return guardedApi(s, clock, sleeper, s.maxAttempts());
  }

  /** As above, with its own number of tries (a one-off check should fail fast). */
  public static GuardedDropletApi guardedApi(
      DigitalOceanSettings s, InstantSource clock, Sleeper sleeper, int maxAttempts)
      throws InvalidInputException {
    RateLimitHeaders headers = new RateLimitHeaders();
    RateBudget budget =
        new RateBudget(s.requestsPerMinute(), s.requestsPerHour(), 5, clock, sleeper);
    MyjeevaDropletApi raw = new MyjeevaDropletApi(s, headers, budget::acquire);
    return new GuardedDropletApi(
        raw,
        budget,
        headers,
        new Backoff(s.backoffBase(), s.backoffMax(), new Random()),
        sleeper,
        maxAttempts);
  }

  /** The API this provider calls (for its request and retry counts). */
  public DropletApi api() {
    return api;
  }

  /** Requests, retries and rate-budget waits so far; zeros when the API is not the guarded one. */
  public ApiCounters counters() {
    return api instanceof GuardedDropletApi g
        ? new ApiCounters(g.requests(), g.retries(), g.budgetWait())
        : new ApiCounters(0, 0, Duration.ZERO);
  }

  @Override
  public synchronized List<Instance> list(String pool) throws ProviderException {
    return instances(pool, listPool(pool, true));
  }

  @Override
  public synchronized List<Instance> launch(String pool, int count, String idempotencyKey)
      throws ProviderException {
    if (count <= 0) {
      return List.of();
    }
    List<String> names = DropletNames.forLaunch(pool, idempotencyKey, count);
    String data = userData.render(pool, serviceByPool.getOrDefault(pool, pool));
    List<Placement> placements = settings.placements();
    int placement = 0;
    ApiException last = null;
    for (int round = 1; round <= settings.maxAttempts() + 1; round++) {
      Map<String, DropletView> current = byName(listPool(pool, false));
      List<String> missing = names.stream().filter(n -> !current.containsKey(n)).toList();
      if (missing.isEmpty()) {
        List<Instance> mine = instances(pool, names.stream().map(current::get).toList());
        return mine.stream().map(i -> withKey(i, idempotencyKey)).toList();
      }
      boolean unsure = false;
      for (int from = 0; from < missing.size() && !unsure; from += DropletSpec.MAX_NAMES) {
        List<String> batch =
            missing.subList(from, Math.min(missing.size(), from + DropletSpec.MAX_NAMES));
        Instant until = clock.instant().plus(settings.createSettle());
        journal(() -> pending.asked(pool, batch, clock.instant(), until));
        CrashPoint.reach("droplet-create-journaled");
        try {
          List<DropletView> created =
              api.create(spec(pool, batch, placements.get(placement), data));
          CrashPoint.reach("droplet-created");
          confirm(pool, created, until);
        } catch (ApiException e) {
          last = e;
          if (!e.ambiguous()) {
            journal(() -> pending.refused(batch)); // certainly not created
          }
          if (e.kind() == ApiException.Kind.UNPROCESSABLE && placement + 1 < placements.size()) {
            Placement refused = placements.get(placement);
            Placement next = placements.get(placement + 1);
            log.warn(
                "launch {}: size {} refused in {} ({}); falling back to size {} in {}",
                idempotencyKey,
                refused.size(),
                refused.region(),
                e.getMessage(),
                next.size(),
                next.region());
            placement++;
            from -= DropletSpec.MAX_NAMES;
          } else if (e.ambiguous()) {
            // It may have been created: list again once the list can show it, then create the rest.
            log.info(
                "launch {}: create outcome unknown ({}); listing again in {} s",
                idempotencyKey,
                e.getMessage(),
                settings.createSettle().toSeconds());
            unsure = true;
          } else {
            throw new ProviderException(
                "launch " + idempotencyKey + " in pool " + pool + ": " + e.getMessage() + advice(e),
                e.retryable());
          }
        }
      }
      if (unsure) {
        pause(settings.createSettle());
      }
    }
    throw new ProviderException(
        "launch "
            + idempotencyKey
            + " in pool "
            + pool
            + ": droplets still missing after "
            + (settings.maxAttempts() + 1)
            + " rounds"
            + (last == null ? "" : "; last error: " + last.getMessage()),
        true);
  }

  @Override
  public synchronized void destroy(Instance instance) throws ProviderException {
    long id;
    try {
      id = Long.parseLong(instance.id());
    } catch (NumberFormatException e) {
      throw new ProviderException(
          "destroy " + instance.name() + ": '" + instance.id() + "' is not a droplet id", false);
    }
    try {
      if (id == 0) {
        // Asked for before a crash, its id never learned: find it by name, if it exists.
        for (DropletView d : api.listByTag(settings.poolTag(instance.pool()))) {
          if (d.name().equals(instance.name())) {
            api.delete(d.id());
          }
        }
      } else {
        api.delete(id);
      }
    } catch (ApiException e) {
      throw new ProviderException(
          "destroy " + instance.name() + " (droplet " + id + "): " + e.getMessage(), e.retryable());
    }
    try {
      pending.forget(instance.name());
    } catch (IOException | RuntimeException e) {
      // Deleted already: failing now would only ask for the delete again. The entry lapses at
      // create-settle, and the list no longer shows the droplet.
      log.warn(
          "destroyed {} but could not take it off the journal: {}",
          instance.name(),
          e.getMessage());
    }
    destroyed.put(instance.name(), clock.instant().plus(settings.createSettle()));
    log.info("destroyed droplet {} ({})", instance.name(), id);
  }

  /**
   * Destroys the fleet's droplets that no pool should have: past {@code orphan-grace} and in an
   * unknown pool, a second droplet of one name (the oldest stays), or without a live worker.
   *
   * @param knownPools the pools in the config
   * @param liveWorkers worker identities the brokers see alive; null when the brokers could not be
   *     asked (then no droplet is judged by its worker: a broker outage is not a dead fleet)
   */
  public synchronized List<Orphan> sweepOrphans(Set<String> knownPools, Set<String> liveWorkers)
      throws ProviderException {
    Instant cutoff = clock.instant().minus(settings.orphanGrace());
    List<DropletView> fleet;
    try {
      fleet = api.listByTag(settings.fleetTag());
    } catch (ApiException e) {
      throw new ProviderException("orphan sweep: " + e.getMessage(), e.retryable());
    }
    List<Orphan> swept = new ArrayList<>();
    Map<String, DropletView> oldestByName = new HashMap<>();
    fleet.stream()
        .sorted(Comparator.comparing(DropletView::createdAt))
        .forEach(d -> oldestByName.putIfAbsent(d.name(), d));
    for (DropletView d : fleet) {
      if (d.createdAt().isAfter(cutoff) || destroyed.containsKey(d.name())) {
        continue;
      }
      Optional<String> pool = poolOf(d);
      String reason = null;
      if (pool.isEmpty() || !knownPools.contains(pool.get())) {
        reason = "pool " + pool.orElse("(none)") + " is not configured";
      } else if (oldestByName.get(d.name()).id() != d.id()) {
        reason = "duplicate of droplet " + oldestByName.get(d.name()).id();
      } else if (liveWorkers != null && !liveWorkers.contains(d.name())) {
        reason = "no live worker " + settings.orphanGrace().toMinutes() + " min after creation";
      }
      if (reason != null) {
        try {
          api.delete(d.id());
        } catch (ApiException e) {
          throw new ProviderException(
              "orphan sweep: destroy " + d.name() + ": " + e.getMessage(), e.retryable());
        }
        destroyed.put(d.name(), clock.instant().plus(settings.createSettle()));
        log.warn("orphan sweep destroyed droplet {} ({}): {}", d.name(), d.id(), reason);
        swept.add(new Orphan(d.name(), d.id(), reason));
      }
    }
    return swept;
  }

  @Override
  public void close() {
    try {
      resources.close();
    } catch (Exception e) {
      log.debug("closing the API client: {}", e.toString());
    }
  }

  /**
   * The pool as listed, plus the creates the list does not show yet (until create-settle has
   * passed). {@code unconfirmed}: also those whose create never answered (they may exist); a launch
   * leaves them out of its own count, so that after create-settle it creates what is still missing.
   */
  private List<DropletView> listPool(String pool, boolean unconfirmed) throws ProviderException {
    List<DropletView> listed;
    try {
      listed = api.listByTag(settings.poolTag(pool));
    } catch (ApiException e) {
      throw new ProviderException("list pool " + pool + ": " + e.getMessage(), e.retryable());
    }
    Instant now = clock.instant();
    destroyed.values().removeIf(until -> until.isBefore(now));
    List<DropletView> out = new ArrayList<>();
    for (DropletView d : listed) {
      if (d.tags().contains(settings.fleetTag()) && !"archive".equals(d.status())) {
        out.add(d);
      }
    }
    journal(() -> pending.settle(listed.stream().map(DropletView::name).toList(), now));
    List<String> tags = List.of(settings.fleetTag(), settings.poolTag(pool));
    List<Pending> asked = new ArrayList<>();
    journal(() -> asked.addAll(pending.of(pool)));
    for (Pending p : asked) {
      if (p.id() != 0 || unconfirmed) {
        out.add(new DropletView(p.id(), p.name(), "new", p.at(), tags));
      }
    }
    return out;
  }

  /**
   * Journals the ids a create answered with. Not fatal when it fails: the names stay journaled as
   * asked (counted until create-settle), and failing the launch now would only invite a retry.
   */
  private void confirm(String pool, List<DropletView> created, Instant until) {
    try {
      pending.created(
          created.stream()
              .map(d -> new Pending(d.name(), pool, d.id(), d.createdAt(), until))
              .toList());
    } catch (IOException | RuntimeException e) {
      log.warn(
          "created {} droplet(s) but could not journal their ids: {}",
          created.size(),
          e.getMessage());
    }
  }

  private interface JournalWork {
    void run() throws IOException;
  }

  /**
   * A journal that cannot be written stops the call before it creates anything it could not
   * remember; the loop tries again on a later tick.
   */
  private void journal(JournalWork work) throws ProviderException {
    try {
      work.run();
    } catch (IOException | RuntimeException e) {
      throw new ProviderException("the pending-creates journal: " + e.getMessage(), true);
    }
  }

  private List<Instance> instances(String pool, List<DropletView> droplets) {
    List<Instance> out = new ArrayList<>();
    for (DropletView d : droplets) {
      Instance.Status status =
          destroyed.containsKey(d.name())
              ? Instance.Status.STOPPING
              : "new".equals(d.status()) ? Instance.Status.PENDING : Instance.Status.ACTIVE;
      out.add(
          new Instance(
              Long.toString(d.id()),
              d.name(),
              pool,
              status,
              d.createdAt(),
              DropletNames.launchKeyOf(pool, d.name()).orElse("")));
    }
    out.sort(Comparator.comparing(Instance::createdAt).thenComparing(Instance::name));
    return out;
  }

  private DropletSpec spec(String pool, List<String> names, Placement where, String data) {
    List<String> tags = new ArrayList<>();
    tags.add(settings.fleetTag());
    tags.add(settings.poolTag(pool));
    tags.addAll(settings.extraTags());
    // A VPC belongs to one region: in a fallback region droplets join that region's default VPC.
    String vpc = where.region().equals(settings.region()) ? settings.vpcUuid() : "";
    return new DropletSpec(
        names,
        where.region(),
        where.size(),
        settings.image(),
        settings.sshKeys(),
        tags,
        data,
        settings.monitoring(),
        settings.ipv6(),
        vpc);
  }

  private Optional<String> poolOf(DropletView d) {
    String prefix = settings.fleetTag() + ":pool:";
    return d.tags().stream()
        .filter(t -> t.startsWith(prefix))
        .map(t -> t.substring(prefix.length()))
        .findFirst();
  }

  private static Map<String, DropletView> byName(List<DropletView> droplets) {
    Map<String, DropletView> m = new LinkedHashMap<>();
    droplets.stream()
        .sorted(Comparator.comparing(DropletView::createdAt))
        .forEach(d -> m.putIfAbsent(d.name(), d));
    return m;
  }

  private static Instance withKey(Instance i, String key) {
    return new Instance(i.id(), i.name(), i.pool(), i.status(), i.createdAt(), key);
  }

  private String advice(ApiException e) {
    return switch (e.status()) {
      case 401 -> " (the token was refused: check DIGITALOCEAN_TOKEN)";
      case 403 -> " (the token lacks write scope)";
      case 422 ->
          " (the API refused digitalocean.region '"
              + settings.region()
              + "', size '"
              + settings.size()
              + "' or image '"
              + settings.image()
              + "': check them with `yogurt provider check`; when the size is out of capacity, set"
              + " digitalocean.fallback-sizes or digitalocean.fallback-regions)";
      default -> "";
    };
  }

  private void pause(Duration d) throws ProviderException {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException("interrupted", true);
    }
  }
}
