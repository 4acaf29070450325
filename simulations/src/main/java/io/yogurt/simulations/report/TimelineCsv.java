package io.yogurt.simulations.report;

import io.yogurt.simulations.MinuteRow;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** A run's per-minute timeline as CSV, one row per simulated minute. */
public final class TimelineCsv {

  public static final String HEADER =
      "minute,demand_rps,capacity_rps,workers,demand_workers,instances,"
          + "queued,wait_p95_s,served,dropped,actions,forecast_rps,cost";

  private TimelineCsv() {}

  public static void write(List<MinuteRow> rows, Writer out) throws IOException {
    out.write(HEADER);
    out.write('\n');
    StringBuilder line = new StringBuilder(128);
    for (MinuteRow r : rows) {
      line.setLength(0);
      line.append(r.minute())
          .append(',')
          .append(Numbers.fixed(r.demand(), 3))
          .append(',')
          .append(Numbers.fixed(r.capacity(), 3))
          .append(',')
          .append(Numbers.fixed(r.workers(), 3))
          .append(',')
          .append(r.demandWorkers())
          .append(',')
          .append(r.instances())
          .append(',')
          .append(r.queued())
          .append(',')
          .append(Numbers.fixed(r.waitP95(), 2))
          .append(',')
          .append(r.served())
          .append(',')
          .append(r.dropped())
          .append(',')
          .append(r.actions())
          .append(',')
          .append(Numbers.fixed(r.forecast(), 3))
          .append(',')
          .append(Numbers.fixed(r.cost(), 4))
          .append('\n');
      out.write(line.toString());
    }
  }
}
