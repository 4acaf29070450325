package io.yogurt.provider.digitalocean;

import java.time.Duration;
import java.time.Instant;
import org.apache.http.Header;
import org.apache.http.HttpResponse;
import org.apache.http.HttpResponseInterceptor;
import org.apache.http.protocol.HttpContext;

/**
 * Remembers the rate-limit headers of the last response ({@code RateLimit-Remaining}, {@code
 * RateLimit-Reset}, {@code Retry-After}). The client library keeps them to itself on errors, so an
 * interceptor reads them off every response.
 */
public final class RateLimitHeaders implements HttpResponseInterceptor {

  /** What the last response said; fields are null when the header was absent. */
  public record Snapshot(int status, Integer remaining, Instant reset, Duration retryAfter) {}

  private volatile Snapshot last = new Snapshot(0, null, null, null);

  @Override
  public void process(HttpResponse response, HttpContext context) {
    last =
        new Snapshot(
            response.getStatusLine().getStatusCode(),
            intHeader(response, "RateLimit-Remaining"),
            epochHeader(response, "RateLimit-Reset"),
            secondsHeader(response, "Retry-After"));
  }

  public Snapshot last() {
    return last;
  }

  /** Forgets the last response, so that a call that got none is not taken for the one before. */
  public void clear() {
    last = new Snapshot(0, null, null, null);
  }

  private static Integer intHeader(HttpResponse r, String name) {
    Header h = r.getFirstHeader(name);
    try {
      return h == null ? null : Integer.valueOf(h.getValue().trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Instant epochHeader(HttpResponse r, String name) {
    Integer v = intHeader(r, name);
    return v == null ? null : Instant.ofEpochSecond(v);
  }

  private static Duration secondsHeader(HttpResponse r, String name) {
    Integer v = intHeader(r, name);
    return v == null ? null : Duration.ofSeconds(Math.max(0, v));
  }
}
