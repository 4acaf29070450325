package io.yogurt.models;

/** Names of the metrics Yogurt records per service, and how each is aggregated over a step. */
public final class Metrics {

  /** Requests that arrived in the interval (a count: summed over a step). */
  public static final String ARRIVALS = "arrivals";

  /** Replies sent in the interval (a count: summed over a step). */
  public static final String COMPLETIONS = "completions";

  /** Requests waiting at the look (a gauge: averaged over a step). */
  public static final String QUEUED = "queued";

  /** Workers alive at the look (a gauge: averaged over a step). */
  public static final String WORKERS = "workers";

  /** Workers busy at the look (a gauge: averaged over a step). */
  public static final String WORKERS_BUSY = "workers_busy";

  private Metrics() {}

  /** Counts add up over a step; gauges are averaged. */
  public static Aggregation aggregationOf(String metric) {
    return switch (metric) {
      case ARRIVALS, COMPLETIONS -> Aggregation.SUM;
      default -> Aggregation.MEAN;
    };
  }

  /** How samples inside one step become one value. */
  public enum Aggregation {
    SUM,
    MEAN,
    MAX
  }
}
