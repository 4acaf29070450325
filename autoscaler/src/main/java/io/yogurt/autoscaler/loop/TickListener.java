package io.yogurt.autoscaler.loop;

import io.yogurt.models.TickReport;

/** Receives every tick's report: the log line, metrics, stored events, simulation timelines. */
@FunctionalInterface
public interface TickListener {

  void onTick(TickReport report);
}
