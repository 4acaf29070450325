package io.yogurt.autoscaler.service;

import io.yogurt.models.TickListener;
import io.yogurt.models.TickReport;
import io.yogurt.models.TickReport.PoolTick;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per pool per tick: what was observed, the size wanted, what was done, and why.
 * Sources that are failing get a warning line of their own.
 */
public final class TickLog implements TickListener {

  private static final Logger log = LoggerFactory.getLogger("yogurt.tick");

  @Override
  public void onTick(TickReport report) {
    for (PoolTick p : report.pools()) {
      log.info(line(p));
      p.errors().forEach(e -> log.warn("{}: {}", p.pool(), e));
    }
    report.sources().stream()
        .filter(s -> !s.ok())
        .forEach(s -> log.warn("source {} is degraded: {}", s.name(), s.detail()));
  }

  static String line(PoolTick p) {
    String desired = p.decision() == null ? "?" : String.valueOf(p.decision().desired());
    String why = p.decision() == null ? "no decision (provider unavailable)" : p.decision().why();
    String actions = p.actionsTaken().isEmpty() ? "no action" : String.join(", ", p.actionsTaken());
    return String.format(
        Locale.ROOT,
        "tick %s: queued=%d arrivals=%.1f/s workers=%d live/%d busy instances=%d -> %s: %s | %s",
        p.pool(),
        p.queued(),
        p.arrivalsPerSecond(),
        p.workersLive(),
        p.workersBusy(),
        p.instances(),
        desired,
        actions,
        why);
  }
}
