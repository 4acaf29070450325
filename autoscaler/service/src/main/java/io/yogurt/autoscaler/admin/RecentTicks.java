package io.yogurt.autoscaler.admin;

import io.yogurt.models.TickListener;
import io.yogurt.models.TickReport;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last few tick reports, for {@code yogurt status}. */
public final class RecentTicks implements TickListener {

  private final int keep;
  private final Deque<TickReport> reports = new ArrayDeque<>();

  public RecentTicks(int keep) {
    this.keep = keep;
  }

  @Override
  public synchronized void onTick(TickReport report) {
    reports.addLast(report);
    while (reports.size() > keep) {
      reports.removeFirst();
    }
  }

  public synchronized List<TickReport> all() {
    return List.copyOf(reports);
  }
}
