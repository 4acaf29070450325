package io.yogurt.autoscaler.admin;

import io.yogurt.models.TickReport;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What this instance is doing, for {@code /healthz} and the HA role gauge: {@code acting} while it
 * ticks, {@code standby} while another instance sharing the schedule does (HA), {@code none} when
 * ticks have stalled.
 */
public final class ServiceRole {

  /** The role names, in the order the metrics list them. */
  public static final List<String> NAMES = List.of("acting", "standby", "none");

  /** A role at one instant, with the ticks it was judged from. */
  public record Role(String name, Instant lastTick, Optional<Instant> clusterLastTick) {
    public Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("role", name);
      m.put("last_tick", lastTick == null ? null : lastTick.toString());
      clusterLastTick.ifPresent(t -> m.put("cluster_last_tick", t.toString()));
      return m;
    }
  }

  /** What {@code /healthz} answers: its HTTP status and body. */
  public record Health(int status, Map<String, Object> body) {}

  private final RecentTicks recent;
  private final InstantSource clock;
  private final Duration tick;
  private final Supplier<Optional<Instant>> clusterLastTick;
  private final Instant startedAt;

  /**
   * @param clusterLastTick when the loop last ran on any instance sharing the schedule (HA); empty
   *     when the schedule is this process's alone, or not known
   */
  public ServiceRole(
      RecentTicks recent,
      InstantSource clock,
      Duration tick,
      Supplier<Optional<Instant>> clusterLastTick) {
    this.recent = recent;
    this.clock = clock;
    this.tick = tick;
    this.clusterLastTick = clusterLastTick;
    this.startedAt = clock.instant();
  }

  public Role now() {
    List<TickReport> ticks = recent.all();
    Instant now = clock.instant();
    Instant last = ticks.isEmpty() ? null : ticks.get(ticks.size() - 1).at();
    // Ticks keep coming: allow three periods of slack (and the same after start).
    Duration slack = tick.multipliedBy(3);
    if (Duration.between(last == null ? startedAt : last, now).compareTo(slack) <= 0) {
      return new Role("acting", last, Optional.empty());
    }
    // Under HA a standby does not tick; it is healthy while some instance does.
    Optional<Instant> cluster = clusterLastTick.get();
    boolean standby =
        cluster.isPresent() && Duration.between(cluster.get(), now).compareTo(slack) <= 0;
    return new Role(standby ? "standby" : "none", last, cluster);
  }

  /**
   * 200 with the role while this instance or another one ticks (a standby is healthy: a supervisor
   * must not restart it), 503 {@code stalled} when none does.
   */
  public Health health() {
    Role r = now();
    boolean ok = !r.name().equals("none");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ok ? "ok" : "stalled");
    body.putAll(r.asMap());
    return new Health(ok ? 200 : 503, body);
  }
}
