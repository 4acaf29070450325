package io.yogurt.models;

/** Receives every tick's report: the log line, metrics, stored events, simulation timelines. */
@FunctionalInterface
public interface TickListener {

  void onTick(TickReport report);
}
