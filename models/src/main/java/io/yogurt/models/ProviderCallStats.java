package io.yogurt.models;

import java.time.Duration;

/**
 * What a provider that calls a cloud API tells about those calls, for the metrics: running totals
 * since it started, read whenever Prometheus scrapes.
 */
public interface ProviderCallStats {

  /** Requests sent to the API (every try and every page). */
  long requests();

  /** Calls tried again after a failure. */
  long retries();

  /** Time spent waiting for the client-side rate budget. */
  Duration budgetWait();
}
