package io.yogurt.simulations;

import io.yogurt.config.ConfigSection;
import java.time.Duration;

/**
 * The simulated world's settings ({@code simulation:} in YAML).
 *
 * @param bootDelay mean time from launch to the worker's first heartbeat (DigitalOcean-like)
 * @param bootJitter boot delays are uniform in {@code bootDelay +- bootJitter}
 * @param pricePerHour price of one instance per hour
 * @param minimumBilled every instance is billed at least this long (per-second billing after)
 * @param capacity requests per second one worker serves; 0: the pool's capacity-per-worker
 * @param slaWait a minute violates the SLA when its {@code slaPercentile} of queue waits exceeds
 *     this (the pool's SLO wait, set by {@link #withSla})
 * @param launchFailureRate probability that a launch call fails (retryable)
 * @param bootFailureRate probability that a launched instance never gets a live worker
 * @param queueLimit requests the broker queues before it drops new ones; 0: unlimited
 * @param rateScale multiplies the trace's counts (maps them onto the simulated fleet)
 * @param seed seeds every random draw: same inputs and seed, same numbers
 * @param burstiness index of dispersion (variance / mean) of the minutes within a trace interval
 *     longer than a minute; NaN: measured from the trace ({@link Dispersion})
 */
public record SimulationSettings(
    Duration bootDelay,
    Duration bootJitter,
    double pricePerHour,
    Duration minimumBilled,
    double capacity,
    Duration slaWait,
    double launchFailureRate,
    double bootFailureRate,
    int queueLimit,
    double rateScale,
    long seed,
    double burstiness,
    double slaPercentile) {

  /** The word for a burstiness measured from the trace. */
  public static final String MEASURED = "measured";

  /** DigitalOcean-like defaults: about a minute to a live worker, a small droplet's price. */
  public static final SimulationSettings DEFAULTS =
      new SimulationSettings(
          Duration.ofSeconds(60),
          Duration.ofSeconds(10),
          0.00893,
          Duration.ofSeconds(60),
          0,
          Duration.ofSeconds(5),
          0,
          0,
          0,
          1.0,
          1,
          Double.NaN,
          0.95);

  public SimulationSettings {
    if (bootJitter.compareTo(bootDelay) > 0) {
      throw new IllegalArgumentException(
          "boot-jitter " + bootJitter + " exceeds boot-delay " + bootDelay);
    }
  }

  /** Reads {@code simulation:}; every key has a default. */
  public static SimulationSettings from(ConfigSection s) {
    SimulationSettings d = DEFAULTS;
    Duration day = Duration.ofDays(1);
    Duration boot = s.duration("boot-delay", d.bootDelay, Duration.ZERO, day);
    Duration jitter = s.duration("boot-jitter", d.bootJitter, Duration.ZERO, day);
    if (jitter.compareTo(boot) > 0) {
      s.error(
          "boot-jitter",
          "boot-jitter "
              + jitter.toSeconds()
              + "s exceeds boot-delay "
              + boot.toSeconds()
              + "s (expected jitter <= delay)");
      jitter = boot;
    }
    return new SimulationSettings(
        boot,
        jitter,
        s.number("price-per-hour", d.pricePerHour, 0, 1e6),
        s.duration("minimum-billed", d.minimumBilled, Duration.ZERO, day),
        s.number("capacity", d.capacity, 0, 1e9),
        d.slaWait,
        s.number("launch-failure-rate", d.launchFailureRate, 0, 1),
        s.number("boot-failure-rate", d.bootFailureRate, 0, 1),
        s.integer("queue-limit", d.queueLimit, 0, Integer.MAX_VALUE),
        s.number("rate-scale", d.rateScale, 1e-9, 1e9),
        s.integer("seed", (int) d.seed, Integer.MIN_VALUE, Integer.MAX_VALUE),
        burstiness(s),
        d.slaPercentile);
  }

  /** {@code burstiness}: {@code measured}, or an index of dispersion of at least 1 (Poisson). */
  private static double burstiness(ConfigSection s) {
    if (s.string("burstiness", MEASURED).trim().equals(MEASURED)) {
      return Double.NaN;
    }
    return s.number("burstiness", Double.NaN, Dispersion.POISSON, 1e6);
  }

  public SimulationSettings withBurstiness(double index) {
    return new SimulationSettings(
        bootDelay,
        bootJitter,
        pricePerHour,
        minimumBilled,
        capacity,
        slaWait,
        launchFailureRate,
        bootFailureRate,
        queueLimit,
        rateScale,
        seed,
        index,
        slaPercentile);
  }

  /** These settings judging minutes by a pool's SLO: its wait at its percentile. */
  public SimulationSettings withSla(Duration wait, double percentile) {
    return new SimulationSettings(
        bootDelay,
        bootJitter,
        pricePerHour,
        minimumBilled,
        capacity,
        wait,
        launchFailureRate,
        bootFailureRate,
        queueLimit,
        rateScale,
        seed,
        burstiness,
        percentile);
  }

  public SimulationSettings withSeed(long newSeed) {
    return new SimulationSettings(
        bootDelay,
        bootJitter,
        pricePerHour,
        minimumBilled,
        capacity,
        slaWait,
        launchFailureRate,
        bootFailureRate,
        queueLimit,
        rateScale,
        newSeed,
        burstiness,
        slaPercentile);
  }

  public SimulationSettings withRateScale(double scale) {
    return new SimulationSettings(
        bootDelay,
        bootJitter,
        pricePerHour,
        minimumBilled,
        capacity,
        slaWait,
        launchFailureRate,
        bootFailureRate,
        queueLimit,
        scale,
        seed,
        burstiness,
        slaPercentile);
  }

  /** The longest boot the world can produce: what the oracle plans for. */
  public Duration maxBootDelay() {
    return bootDelay.plus(bootJitter);
  }
}
