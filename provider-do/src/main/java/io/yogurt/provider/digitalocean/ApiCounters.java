package io.yogurt.provider.digitalocean;

import java.time.Duration;

/**
 * What the provider has asked of the DigitalOcean API since it started, for a metrics registry to
 * read (plain values: this module does not depend on one).
 *
 * @param requests HTTP requests sent (every try and every page)
 * @param retries tries made again after a 429, a 5xx or a timeout
 * @param budgetWait time spent waiting for the client-side rate budget
 */
public record ApiCounters(long requests, long retries, Duration budgetWait) {}
