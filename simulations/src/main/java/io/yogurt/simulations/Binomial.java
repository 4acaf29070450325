package io.yogurt.simulations;

import java.util.SplittableRandom;

/** Draws binomial counts quickly enough for millions of requests, from a seeded source. */
final class Binomial {

  private Binomial() {}

  static long sample(long n, double p, SplittableRandom rng) {
    if (n <= 0 || p <= 0) {
      return 0;
    }
    if (p >= 1) {
      return n;
    }
    if (n < 40) {
      long k = 0;
      for (long i = 0; i < n; i++) {
        if (rng.nextDouble() < p) {
          k++;
        }
      }
      return k;
    }
    double mean = n * p;
    if (mean < 25) {
      return inversion(n, p, rng);
    }
    // Large counts: the normal approximation is indistinguishable here and O(1).
    double sd = Math.sqrt(mean * (1 - p));
    long k = Math.round(mean + sd * gaussian(rng));
    return Math.max(0, Math.min(n, k));
  }

  /** Walks the CDF from 0; cheap when the mean is small. */
  private static long inversion(long n, double p, SplittableRandom rng) {
    double u = rng.nextDouble();
    double q = 1 - p;
    double pmf = Math.pow(q, n);
    double cdf = pmf;
    long k = 0;
    while (u > cdf && k < n) {
      pmf *= (double) (n - k) / (k + 1) * p / q;
      k++;
      cdf += pmf;
      if (pmf < 1e-300 && k > n * p) {
        break;
      }
    }
    return k;
  }

  private static double gaussian(SplittableRandom rng) {
    double u1 = rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(Math.max(u1, 1e-300))) * Math.cos(2 * Math.PI * u2);
  }
}
