package io.yogurt.registry.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease-based election in etcd: the instance whose id is the value of {@code key} leads; the key
 * lives on that instance's lease, renewed every third of the TTL. Whoever finds the key absent
 * writes it (a transaction: create only if it does not exist). A leader that cannot renew steps
 * down two thirds of a TTL after its last renewal, before its key can expire and another instance
 * take over, so two instances never lead at once (given clocks that run at the same speed, and work
 * that takes less than a third of the TTL).
 */
public final class LeaderElection implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);

  private final EtcdRegistry registry;
  private final String key;
  private final String id;
  private final InstantSource clock;
  private long lease;
  private boolean leading;
  private Instant confirmed;
  private volatile Instant leaderSeen;
  private volatile Instant leadingUntil;
  private ScheduledFuture<?> campaign;
  private AutoCloseable alsoClose;

  public LeaderElection(EtcdRegistry registry, String key, String id, InstantSource clock) {
    this.registry = registry;
    this.key = key;
    this.id = id;
    this.clock = clock;
  }

  /** Closes {@code resource} (its etcd client) when the election is closed. */
  public LeaderElection closingAlso(AutoCloseable resource) {
    this.alsoClose = resource;
    return this;
  }

  /** Campaigns now and then every third of the TTL. */
  public LeaderElection start() {
    campaignQuietly();
    long every = registry.refresh().toMillis();
    campaign =
        registry
            .scheduler()
            .scheduleWithFixedDelay(this::campaignQuietly, every, every, TimeUnit.MILLISECONDS);
    return this;
  }

  /** True while this instance leads (and renewed its lease recently enough to be sure). */
  public boolean isLeader() {
    Instant until = leadingUntil;
    return until != null && clock.instant().isBefore(until);
  }

  /** When some instance (this one or another) was last seen leading; empty if none yet. */
  public Optional<Instant> leaderSeen() {
    return Optional.ofNullable(leaderSeen);
  }

  private synchronized void campaignQuietly() {
    try {
      campaignOnce();
    } catch (RegistryUnavailableException e) {
      if (leading && !isLeader()) {
        leading = false;
        log.warn("{}; no longer leading ({} not renewed since {})", e.getMessage(), key, confirmed);
      }
    } catch (RuntimeException e) {
      log.warn("election on {} failed: {}", key, e.toString());
    }
  }

  private void campaignOnce() throws RegistryUnavailableException {
    Instant before = clock.instant();
    if (lease != 0) {
      long ttl;
      try {
        ttl =
            registry
                .call("renew lease", () -> registry.client().getLeaseClient().keepAliveOnce(lease))
                .getTTL();
      } catch (RegistryUnavailableException e) {
        if (!String.valueOf(e.getMessage()).contains("lease not found")) {
          throw e;
        }
        ttl = 0;
      }
      if (ttl <= 0) {
        lease = 0;
      }
    }
    if (lease == 0) {
      lease =
          registry
              .call(
                  "grant a lease",
                  () -> registry.client().getLeaseClient().grant(registry.ttlSeconds()))
              .getID();
    }
    ByteSequence k = EtcdRegistry.bytes(key);
    ByteSequence me = EtcdRegistry.bytes(id);
    long ours = lease;
    TxnResponse r =
        registry.call(
            "campaign for " + key,
            () ->
                registry
                    .client()
                    .getKVClient()
                    .txn()
                    .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(0)))
                    .Then(Op.put(k, me, PutOption.builder().withLeaseId(ours).build()))
                    .Else(Op.get(k, GetOption.DEFAULT))
                    .commit());
    String holder =
        r.isSucceeded()
            ? id
            : r.getGetResponses().stream()
                .flatMap(g -> g.getKvs().stream())
                .map(KeyValue::getValue)
                .map(v -> EtcdRegistry.text(v))
                .findFirst()
                .orElse("");
    boolean now = holder.equals(id);
    if (!holder.isEmpty()) {
      leaderSeen = clock.instant();
    }
    if (now) {
      confirmed = before;
      // Step down before the key could expire: two thirds of the TTL from the renewal's start.
      leadingUntil = before.plus(registry.settings().ttl().multipliedBy(2).dividedBy(3));
    } else {
      leadingUntil = null;
    }
    if (now != leading) {
      log.info(
          now ? "leading: {} holds {}" : "standing by: {} is held by another instance", id, key);
      leading = now;
    }
  }

  /** Stops campaigning without revoking: what a crash or a cut-off looks like (tests). */
  synchronized void abandon() {
    if (campaign != null) {
      campaign.cancel(false);
    }
  }

  /** Steps down: the key is deleted if it is ours, and the lease revoked. */
  @Override
  public synchronized void close() {
    if (campaign != null) {
      campaign.cancel(false);
    }
    leadingUntil = null;
    if (lease != 0) {
      long ours = lease;
      try {
        registry.call("revoke lease", () -> registry.client().getLeaseClient().revoke(ours));
      } catch (RegistryUnavailableException e) {
        log.warn("{}; {} expires with its lease", e.getMessage(), key);
      }
      lease = 0;
    }
    if (alsoClose != null) {
      try {
        alsoClose.close();
      } catch (Exception e) {
        log.debug("closing the election's client: {}", e.toString());
      }
    }
  }

  /** The lease duration this election runs on. */
  public Duration ttl() {
    return registry.settings().ttl();
  }
}
