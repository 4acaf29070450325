package io.yogurt.autoscaler.simulate;

import io.yogurt.models.History;
import io.yogurt.models.HistoryException;
import io.yogurt.models.Metrics;
import io.yogurt.models.Sample;
import io.yogurt.simulations.ArrivalSchedule;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the arrivals before the simulated span into the history, per minute, as a production history
 * would hold them, so that a forecasting policy does not start blind. They come from an {@link
 * ArrivalSchedule} of the same trace, so they scatter within a trace interval as the replayed
 * arrivals do.
 */
public final class HistorySeeder {

  private HistorySeeder() {}

  /** Seeds {@code before} (null: nothing) minute by minute; returns the minutes seeded. */
  public static int seed(History history, ArrivalSchedule before, String service)
      throws HistoryException {
    if (before == null) {
      return 0;
    }
    long[] minutes = before.perMinute();
    List<Sample> samples = new ArrayList<>(minutes.length);
    for (int m = 0; m < minutes.length; m++) {
      samples.add(
          new Sample(service, Metrics.ARRIVALS, before.start().plusSeconds(60L * m), minutes[m]));
    }
    if (!samples.isEmpty()) {
      history.append(samples);
    }
    return samples.size();
  }
}
