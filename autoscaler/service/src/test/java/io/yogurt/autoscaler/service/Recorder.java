package io.yogurt.autoscaler.service;

import io.yogurt.models.TickListener;
import io.yogurt.models.TickReport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every tick report, for tests that await what the loop did. */
final class Recorder implements TickListener {

  private final List<TickReport> reports = new CopyOnWriteArrayList<>();

  @Override
  public void onTick(TickReport report) {
    reports.add(report);
  }

  List<TickReport> reports() {
    return reports;
  }

  /** Instances of the first pool at the last tick; -1 before the first tick. */
  int instances() {
    return reports.isEmpty() ? -1 : last().pools().get(0).instances();
  }

  TickReport last() {
    return reports.get(reports.size() - 1);
  }
}
