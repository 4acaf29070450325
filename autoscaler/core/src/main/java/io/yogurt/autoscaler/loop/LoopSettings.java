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
 * @param massLossFraction when more than this fraction of a pool's workers vanish at once, the loop
 *     suspects the broker or the network and replaces none
 */
public record LoopSettings(
    Duration tick,
    Duration leadTime,
    Duration backlogTarget,
    Duration deadAfter,
    double massLossFraction,
    int maxReplacementsPerTick,
    int crashLoopLosses,
    Duration crashLoopWindow) {

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
    int maxReplacements = s.integer("max-replacements-per-tick", 2, 1, 1000);
    int crashLoopLosses = s.integer("crash-loop-losses", 3, 2, 1000);
    Duration crashLoopWindow =
        s.duration(
            "crash-loop-window", Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofDays(1));
    return new LoopSettings(
        tick,
        lead,
        backlog,
        deadAfter,
        massLoss,
        maxReplacements,
        crashLoopLosses,
        crashLoopWindow);
  }
}
