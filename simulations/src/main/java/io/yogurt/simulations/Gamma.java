package io.yogurt.simulations;

import java.util.SplittableRandom;

/** Gamma(shape, 1) variates from a seeded source (Marsaglia and Tsang). */
final class Gamma {

  private Gamma() {}

  static double sample(double shape, SplittableRandom rng) {
    if (shape < 1) {
      // Boost: Gamma(a) = Gamma(a + 1) * U^(1/a).
      return sample(shape + 1, rng) * Math.pow(rng.nextDouble(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = normal(rng);
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = rng.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  private static double normal(SplittableRandom rng) {
    // Box-Muller; one of the pair is enough here.
    double u1 = Math.max(rng.nextDouble(), 1e-300);
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
