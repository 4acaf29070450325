package io.yogurt.provider.digitalocean;

import io.yogurt.models.Backoff;
import io.yogurt.models.ProviderCallStats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts every call through the {@link RateBudget} and retries what is safe to retry: 429 after the
 * server's Retry-After, 5xx and timeouts with jittered back-off. A create is retried only when it
 * certainly did not happen (429, no connection); when it may have happened the error goes to the
 * provider, which lists before it creates again.
 */
public final class GuardedDropletApi implements DropletApi, ProviderCallStats {

  private static final Logger log = LoggerFactory.getLogger(GuardedDropletApi.class);

  private final DropletApi api;
  private final RateBudget budget;
  private final RateLimitHeaders headers;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final int maxAttempts;
  private final AtomicLong retries = new AtomicLong();

  public GuardedDropletApi(
      DropletApi api,
      RateBudget budget,
      RateLimitHeaders headers,
      Backoff backoff,
      Sleeper sleeper,
      int maxAttempts) {
    this.api = api;
    this.budget = budget;
    this.headers = headers;
    this.backoff = backoff;
    this.sleeper = sleeper;
    this.maxAttempts = maxAttempts;
  }

  @Override
  public List<DropletView> listByTag(String tag) throws ApiException {
    return run("list " + tag, true, () -> api.listByTag(tag));
  }

  @Override
  public List<DropletView> create(DropletSpec spec) throws ApiException {
    return run("create " + spec.names().size() + " droplet(s)", false, () -> api.create(spec));
  }

  @Override
  public void delete(long id) throws ApiException {
    run(
        "delete droplet " + id,
        true,
        () -> {
          api.delete(id);
          return null;
        });
  }

  @Override
  public AccountView account() throws ApiException {
    return run("read account", true, api::account);
  }

  @Override
  public List<String> regions() throws ApiException {
    return run("list regions", true, api::regions);
  }

  @Override
  public List<String> sizes() throws ApiException {
    return run("list sizes", true, api::sizes);
  }

  @Override
  public boolean imageExists(String image) throws ApiException {
    return run("read image " + image, true, () -> api.imageExists(image));
  }

  /** The API under the guard. */
  public DropletApi inner() {
    return api;
  }

  /** Requests sent so far (every try and every page). */
  @Override
  public long requests() {
    return budget.total();
  }

  /** Time spent waiting for the rate budget. */
  @Override
  public Duration budgetWait() {
    return budget.waited();
  }

  /** Retries made so far (every kind of call). */
  @Override
  public long retries() {
    return retries.get();
  }

  @FunctionalInterface
  private interface Op<T> {
    T run() throws ApiException;
  }

  private <T> T run(String what, boolean repeatable, Op<T> op) throws ApiException {
    for (int attempt = 1; ; attempt++) {
      try {
        budget.acquire();
        T result = op.run();
        budget.observe(headers.last());
        return result;
      } catch (ApiException e) {
        budget.observe(headers.last());
        if (e.kind() == ApiException.Kind.RATE_LIMITED && e.retryAfter() != null) {
          budget.pauseFor(e.retryAfter());
        }
        boolean again = e.retryable() && (repeatable || !e.ambiguous()) && attempt < maxAttempts;
        if (!again) {
          throw e;
        }
        retries.incrementAndGet();
        var delay = backoff.delay(attempt, e.retryAfter());
        log.debug(
            "{} failed ({}); retry {} in {} ms", what, e.getMessage(), attempt, delay.toMillis());
        sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiException(ApiException.Kind.TRANSPORT, 0, what + ": interrupted", null);
      }
    }
  }

  private void sleep(Duration d) throws ApiException {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(ApiException.Kind.TRANSPORT, 0, "interrupted", null);
    }
  }
}
