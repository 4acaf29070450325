package io.yogurt.provider.digitalocean;

import java.time.Duration;

/** A failed API call, classified for the retry logic. Messages never carry the token. */
public final class ApiException extends Exception {

  /** What went wrong, as far as retrying is concerned. */
  public enum Kind {
    /** 429: the request was not processed; try again after {@code retryAfter}. */
    RATE_LIMITED,
    /** 5xx: the request may or may not have been processed. */
    SERVER,
    /** Timeout, reset, lost response: may or may not have been processed. */
    TRANSPORT,
    /** The connection was never made: the request was not processed. */
    UNREACHABLE,
    /** 404. */
    NOT_FOUND,
    /** 422: valid request the API cannot serve now (size or region out of capacity). */
    UNPROCESSABLE,
    /** Any other 4xx: our mistake or the token's; retrying will not help. */
    CLIENT
  }

  private final Kind kind;
  private final int status;
  private final Duration retryAfter;

  public ApiException(Kind kind, int status, String message, Duration retryAfter) {
    super(message);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, 0 when there was no response. */
  public int status() {
    return status;
  }

  /** How long the server asked us to wait; null when it did not say. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** True when trying again later may succeed. */
  public boolean retryable() {
    return kind == Kind.RATE_LIMITED
        || kind == Kind.SERVER
        || kind == Kind.TRANSPORT
        || kind == Kind.UNREACHABLE;
  }

  /** True when a create may have happened although the call failed. */
  public boolean ambiguous() {
    return kind == Kind.SERVER || kind == Kind.TRANSPORT;
  }
}
