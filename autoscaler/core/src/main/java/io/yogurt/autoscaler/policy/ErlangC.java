package io.yogurt.autoscaler.policy;

import java.time.Duration;

/**
 * The M/M/c queue (Erlang C): {@code c} workers serving Poisson arrivals with exponential service
 * times. Real service times vary less than exponential ones, so its waits err on the long side: a
 * safe model of a wait target.
 */
public final class ErlangC {

  private ErlangC() {}

  /** The probability that a request waits at all, for offered load {@code a} (erlangs) on c. */
  public static double probabilityOfWaiting(int c, double a) {
    if (a <= 0) {
      return 0;
    }
    if (c <= a) {
      return 1;
    }
    double b = erlangB(c, a);
    return c * b / (c - a * (1 - b));
  }

  /** P(wait > t) with c workers, arrivals {@code lambda}/s and a service rate of {@code mu}/s. */
  public static double probabilityWaitExceeds(int c, double lambda, double mu, Duration t) {
    double a = lambda / mu;
    if (c <= a) {
      return 1;
    }
    return probabilityOfWaiting(c, a) * Math.exp(-(c * mu - lambda) * t.toMillis() / 1000.0);
  }

  /**
   * The fewest workers for which a request waits longer than {@code wait} with probability at most
   * {@code 1 - percentile}; 0 for no arrivals.
   */
  public static int workersFor(double lambda, double mu, Duration wait, double percentile) {
    if (!(lambda > 0)) {
      return 0;
    }
    double a = lambda / mu;
    double allowed = 1 - percentile;
    double seconds = wait.toMillis() / 1000.0;
    // Erlang B by its recursion (stable for thousands of workers), checked from c = 1 upwards.
    double b = 1;
    for (int c = 1; ; c++) {
      b = a * b / (c + a * b);
      if (c > a) {
        double waits = c * b / (c - a * (1 - b));
        if (waits * Math.exp(-(c * mu - lambda) * seconds) <= allowed) {
          return c;
        }
      }
    }
  }

  /** Erlang B: the blocking probability of c servers at offered load a. */
  static double erlangB(int c, double a) {
    double b = 1;
    for (int k = 1; k <= c; k++) {
      b = a * b / (k + a * b);
    }
    return b;
  }
}
