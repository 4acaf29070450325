package io.yogurt.rabbitmq.client;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a load run got back: replies (and how many were error replies), timeouts, other failures,
 * and the round-trip latencies of the replies. Thread-safe.
 */
public final class LoadTally {

  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong replies = new AtomicLong();
  private final AtomicLong errorReplies = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private long[] latencies = new long[1024];
  private int count;

  /** Counts one request sent and records how it ends. */
  public void track(CompletableFuture<RpcClient.Reply> call) {
    sent.incrementAndGet();
    call.whenComplete(
        (reply, error) -> {
          if (error == null) {
            replies.incrementAndGet();
            if (reply.error()) {
              errorReplies.incrementAndGet();
            }
            record(reply.latencyNanos());
          } else if (unwrap(error) instanceof TimeoutException) {
            timeouts.incrementAndGet();
          } else {
            failed.incrementAndGet();
          }
        });
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private synchronized void record(long nanos) {
    if (count == latencies.length) {
      latencies = Arrays.copyOf(latencies, count * 2);
    }
    latencies[count++] = nanos;
  }

  public long sent() {
    return sent.get();
  }

  public long replies() {
    return replies.get();
  }

  public long errorReplies() {
    return errorReplies.get();
  }

  public long timeouts() {
    return timeouts.get();
  }

  public long failed() {
    return failed.get();
  }

  /** Requests with no outcome yet. */
  public long open() {
    return sent() - replies() - timeouts() - failed();
  }

  /**
   * The latency at quantile {@code q} (0..1) of the replies so far, in milliseconds; NaN if none.
   */
  public synchronized double latencyMillis(double q) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(latencies, count);
    Arrays.sort(sorted);
    int i = (int) Math.min(count - 1, Math.max(0, Math.ceil(q * count) - 1));
    return sorted[i] / 1e6;
  }

  /** One line: counts and latency quantiles. */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "sent %d, replies %d (errors %d), timeouts %d, failed %d; latency p50 %.1f ms, p95 %.1f"
            + " ms, p99 %.1f ms",
        sent(),
        replies(),
        errorReplies(),
        timeouts(),
        failed(),
        latencyMillis(0.50),
        latencyMillis(0.95),
        latencyMillis(0.99));
  }
}
