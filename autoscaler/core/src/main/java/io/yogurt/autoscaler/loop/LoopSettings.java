package io.yogurt.autoscaler.loop;

import io.yogurt.config.ConfigSection;
import java.time.Duration;

/**
 * The control loop's own settings ({@code loop:} in YAML).
 *
 * @param tick period of the loop
 * @param leadTime time from launch to first heartbeat, used until it has been learned
 * @param backlogTarget time in which the reactive floor clears the live backlog
 * @param deadAfter how long an instance past its boot grace may go without a live worker before it
 *     is replaced
 * @param massLossFraction when more than this fraction of a pool's workers vanish within {@code
 *     massLossWindow}, the loop suspects the broker or the network and replaces none until the
 *     broker has answered without them for {@code deadAfter}
 * @param massLossWindow losses this close together count as one moment's
 * @param failedInstances failed instances (never live within boot-grace + dead-after, or
 *     crash-looping) a pool may have within {@code failedInstanceWindow} before it stops launching
 * @param launchBackoff how long a pool's launches stay suspended the first time; doubled for each
 *     further suspension in a row, up to {@code launchBackoffMax}
 */
public record LoopSettings(
    Duration tick,
    Duration leadTime,
    Duration backlogTarget,
    Duration deadAfter,
    double massLossFraction,
    int maxReplacementsPerTick,
    int crashLoopLosses,
    Duration crashLoopWindow,
    Duration massLossWindow,
    int failedInstances,
    Duration failedInstanceWindow,
    Duration launchBackoff,
    Duration launchBackoffMax) {

  public static final Duration DEFAULT_MASS_LOSS_WINDOW = Duration.ofSeconds(20);
  public static final int DEFAULT_FAILED_INSTANCES = 3;
  public static final Duration DEFAULT_FAILED_INSTANCE_WINDOW = Duration.ofMinutes(30);
  public static final Duration DEFAULT_LAUNCH_BACKOFF = Duration.ofMinutes(5);
  public static final Duration DEFAULT_LAUNCH_BACKOFF_MAX = Duration.ofHours(1);

  /**
   * The settings before the mass-loss window and the launch budget existed, with their defaults.
   */
  public LoopSettings(
      Duration tick,
      Duration leadTime,
      Duration backlogTarget,
      Duration deadAfter,
      double massLossFraction,
      int maxReplacementsPerTick,
      int crashLoopLosses,
      Duration crashLoopWindow) {
    this(
        tick,
        leadTime,
        backlogTarget,
        deadAfter,
        massLossFraction,
        maxReplacementsPerTick,
        crashLoopLosses,
        crashLoopWindow,
        DEFAULT_MASS_LOSS_WINDOW,
        DEFAULT_FAILED_INSTANCES,
        DEFAULT_FAILED_INSTANCE_WINDOW,
        DEFAULT_LAUNCH_BACKOFF,
        DEFAULT_LAUNCH_BACKOFF_MAX);
  }

  public static LoopSettings from(ConfigSection s) {
    Duration tick =
        s.duration("tick", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofHours(1));
    Duration lead =
        s.duration("lead-time", Duration.ofSeconds(60), Duration.ZERO, Duration.ofHours(2));
    Duration backlog =
        s.duration(
            "backlog-target", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1));
    Duration deadAfter =
        s.duration("dead-after", Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1));
    double massLoss = s.number("mass-loss-fraction", 0.5, 0.0, 1.0);
    Duration massLossWindow =
        s.duration(
            "mass-loss-window", DEFAULT_MASS_LOSS_WINDOW, Duration.ZERO, Duration.ofHours(1));
    int maxReplacements = s.integer("max-replacements-per-tick", 2, 1, 1000);
    int crashLoopLosses = s.integer("crash-loop-losses", 3, 2, 1000);
    Duration crashLoopWindow =
        s.duration(
            "crash-loop-window", Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofDays(1));
    int failed = s.integer("failed-instances", DEFAULT_FAILED_INSTANCES, 1, 1000);
    Duration failedWindow =
        s.duration(
            "failed-instance-window",
            DEFAULT_FAILED_INSTANCE_WINDOW,
            Duration.ofSeconds(1),
            Duration.ofDays(7));
    Duration backoff =
        s.duration(
            "launch-backoff", DEFAULT_LAUNCH_BACKOFF, Duration.ofSeconds(1), Duration.ofDays(1));
    Duration backoffMax =
        s.duration(
            "launch-backoff-max",
            DEFAULT_LAUNCH_BACKOFF_MAX,
            Duration.ofSeconds(1),
            Duration.ofDays(7));
    if (backoffMax.compareTo(backoff) < 0) {
      s.error(
          "launch-backoff-max",
          "launch-backoff-max "
              + backoffMax.toSeconds()
              + "s is below launch-backoff "
              + backoff.toSeconds()
              + "s (expected launch-backoff <= launch-backoff-max)");
      backoffMax = backoff;
    }
    return new LoopSettings(
        tick,
        lead,
        backlog,
        deadAfter,
        massLoss,
        maxReplacements,
        crashLoopLosses,
        crashLoopWindow,
        massLossWindow,
        failed,
        failedWindow,
        backoff,
        backoffMax);
  }
}
