package io.yogurt.registry.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.options.PutOption;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one broker's entry in the registry: the key lives on a lease that is renewed every third of
 * its TTL, so a broker that dies (or is cut off from etcd) disappears from the registry within the
 * TTL, while a clean stop revokes the lease at once. A lease that expired while etcd was away is
 * granted anew and the entry written again; the value is written again when it changes (the
 * services with workers).
 */
public final class BrokerRegistration implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BrokerRegistration.class);

  private final EtcdRegistry registry;
  private final Supplier<BrokerEntry> self;
  private final String key;
  private long lease;
  private byte[] written;
  private boolean failing;
  private ScheduledFuture<?> renewal;

  private BrokerRegistration(EtcdRegistry registry, Supplier<BrokerEntry> self) {
    this.registry = registry;
    this.self = self;
    this.key = self.get().key(registry.settings().prefix());
  }

  /**
   * Registers now and keeps the registration alive.
   *
   * @param required when true, an etcd that does not answer now is an exception; when false, the
   *     registration is retried in the background (a static configuration carries on meanwhile)
   */
  public static BrokerRegistration start(
      EtcdRegistry registry, Supplier<BrokerEntry> self, boolean required)
      throws RegistryUnavailableException {
    BrokerRegistration r = new BrokerRegistration(registry, self);
    try {
      r.renewOrThrow();
      log.info("registered {} in {}", r.key, registry.settings().url());
    } catch (RegistryUnavailableException e) {
      if (required) {
        throw e;
      }
      r.failing = true;
      log.warn("{}; {} will be registered when etcd answers", e.getMessage(), r.key);
    }
    long every = registry.refresh().toMillis();
    r.renewal =
        registry.scheduler().scheduleWithFixedDelay(r::renew, every, every, TimeUnit.MILLISECONDS);
    return r;
  }

  public String key() {
    return key;
  }

  private synchronized void renew() {
    try {
      renewOrThrow();
      if (failing) {
        log.info("etcd answers again: {} registered", key);
        failing = false;
      }
    } catch (RegistryUnavailableException e) {
      if (!failing) {
        log.warn("{}; the registration of {} is renewed once etcd answers", e.getMessage(), key);
        failing = true;
      }
    } catch (RuntimeException e) {
      log.warn("renewing {} failed: {}", key, e.toString());
    }
  }

  private synchronized void renewOrThrow() throws RegistryUnavailableException {
    if (lease != 0) {
      try {
        long ttl =
            registry
                .call("renew lease", () -> registry.client().getLeaseClient().keepAliveOnce(lease))
                .getTTL();
        if (ttl <= 0) {
          lease = 0;
        }
      } catch (RegistryUnavailableException e) {
        if (!String.valueOf(e.getMessage()).contains("lease not found")) {
          throw e;
        }
        lease = 0; // expired while etcd was away or we were paused: start over
      }
    }
    if (lease == 0) {
      lease =
          registry
              .call(
                  "grant a lease",
                  () -> registry.client().getLeaseClient().grant(registry.ttlSeconds()))
              .getID();
      written = null;
    }
    byte[] value = self.get().toJson();
    if (!Arrays.equals(value, written)) {
      long id = lease;
      registry.call(
          "write " + key,
          () ->
              registry
                  .client()
                  .getKVClient()
                  .put(
                      EtcdRegistry.bytes(key),
                      ByteSequence.from(value),
                      PutOption.builder().withLeaseId(id).build()));
      written = value;
    }
  }

  /** Stops renewing without revoking: the key expires with its lease (what a crash looks like). */
  public synchronized void abandon() {
    if (renewal != null) {
      renewal.cancel(false);
    }
  }

  /** Stops renewing and revokes the lease: the key is gone at once. */
  @Override
  public synchronized void close() {
    abandon();
    if (lease != 0) {
      long id = lease;
      try {
        registry.call("revoke lease", () -> registry.client().getLeaseClient().revoke(id));
      } catch (RegistryUnavailableException e) {
        log.warn("{}; {} expires with its lease", e.getMessage(), key);
      }
      lease = 0;
    }
  }
}
