package io.yogurt.registry.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One connection to etcd (jetcd over gRPC) and the thread that renews leases and re-reads the
 * prefix. Every call is bounded by {@code registry.timeout}: a stopped etcd is an exception the
 * caller turns into "keeping the last view", never a hang.
 */
public final class EtcdRegistry implements AutoCloseable {

  private static final Duration FIRST_CALL = Duration.ofSeconds(5);

  private final RegistrySettings settings;
  private final Client client;
  private final ScheduledExecutorService scheduler;
  private volatile boolean answered;

  private EtcdRegistry(RegistrySettings settings) {
    this.settings = settings;
    this.client =
        Client.builder()
            .endpoints(settings.endpoints().toArray(URI[]::new))
            .connectTimeout(settings.timeout())
            // Fail a call at once while etcd is down (our own timeout bounds it anyway) rather
            // than queue it until etcd is back.
            .waitForReady(false)
            .retryMaxAttempts(1)
            .retryDelay(100)
            .retryMaxDelay(500)
            .build();
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "yogurt-etcd");
              t.setDaemon(true);
              return t;
            });
  }

  /** A client for the registry; nothing is checked yet (see {@link #check()}). */
  public static EtcdRegistry open(RegistrySettings settings) {
    if (!settings.enabled()) {
      throw new IllegalArgumentException("no registry configured");
    }
    return new EtcdRegistry(settings);
  }

  /** Opens and checks that etcd answers. */
  public static EtcdRegistry connect(RegistrySettings settings)
      throws RegistryUnavailableException {
    EtcdRegistry r = open(settings);
    try {
      r.check();
      return r;
    } catch (RegistryUnavailableException e) {
      r.close();
      throw e;
    }
  }

  /** One read of the prefix, to see that etcd answers. */
  public void check() throws RegistryUnavailableException {
    call(
        "read " + settings.prefix(),
        () ->
            client
                .getKVClient()
                .get(
                    bytes(settings.prefix()),
                    GetOption.builder().isPrefix(true).withCountOnly(true).build()));
  }

  /** Every key and value under the prefix. */
  public List<KeyValue> list() throws RegistryUnavailableException {
    return call(
            "read " + settings.prefix(),
            () ->
                client
                    .getKVClient()
                    .get(bytes(settings.prefix()), GetOption.builder().isPrefix(true).build()))
        .getKvs();
  }

  /**
   * Runs one etcd call within {@code registry.timeout}; until one call has succeeded, within at
   * least 5 s: the first call sets up the gRPC channel, which takes seconds on a cold, busy JVM.
   */
  public <T> T call(String what, Supplier<CompletableFuture<T>> call)
      throws RegistryUnavailableException {
    Duration bound =
        answered || settings.timeout().compareTo(FIRST_CALL) >= 0 ? settings.timeout() : FIRST_CALL;
    T result = call(what, bound, call);
    answered = true;
    return result;
  }

  private <T> T call(String what, Duration bound, Supplier<CompletableFuture<T>> call)
      throws RegistryUnavailableException {
    CompletableFuture<T> f = null;
    try {
      f = call.get();
      return f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw unavailable(what, "no answer within " + bound.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw unavailable(what, shortly(cause), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(what, "interrupted", e);
    } catch (RuntimeException e) {
      throw unavailable(what, shortly(e), e);
    }
  }

  private RegistryUnavailableException unavailable(String what, String why, Throwable cause) {
    return new RegistryUnavailableException(
        "etcd at " + settings.url() + ": cannot " + what + ": " + why, cause);
  }

  /** The error's first line, and its root cause's when that says more ("connection refused"). */
  private static String shortly(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String top = firstLine(t);
    String bottom = firstLine(root);
    return root == t || top.contains(bottom) ? top : top + " (" + bottom + ")";
  }

  private static String firstLine(Throwable t) {
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  public RegistrySettings settings() {
    return settings;
  }

  Client client() {
    return client;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** The lease TTL in whole seconds (etcd counts leases in seconds). */
  long ttlSeconds() {
    return Math.max(1, (settings.ttl().toMillis() + 999) / 1000);
  }

  static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  static String text(ByteSequence b) {
    return b.toString(StandardCharsets.UTF_8);
  }

  /** How often leases are renewed and the prefix re-read: a third of the lease, at most 1 s. */
  Duration refresh() {
    Duration third = settings.ttl().dividedBy(3);
    return third.compareTo(Duration.ofSeconds(1)) < 0 ? third : Duration.ofSeconds(1);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    client.close();
  }
}
