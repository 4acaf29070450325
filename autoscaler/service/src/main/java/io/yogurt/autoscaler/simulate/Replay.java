package io.yogurt.autoscaler.simulate;

import io.yogurt.autoscaler.loop.LoopSettings;
import io.yogurt.autoscaler.loop.PoolSettings;
import io.yogurt.config.trace.Trace;
import io.yogurt.forecasting.ForecastSettings;
import io.yogurt.models.Progress;
import io.yogurt.simulations.ArrivalSchedule;
import io.yogurt.simulations.Comparison;
import io.yogurt.simulations.SimulationSettings;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * One replay of recorded traffic, ready to simulate any number of pool settings on: the arrivals of
 * {@code [from, to)} (with their burstiness), the history before them (up to a training window,
 * from the same trace, for the forecaster), the oracle, and the production forecasts over the span,
 * recorded once on first use.
 */
public final class Replay {

  private static final long BEFORE_SEED = 0x5eed_bef0L;

  private final ArrivalSchedule arrivals;
  private final ArrivalSchedule before;
  private final Comparison comparison;
  private final LoopSettings loop;
  private final Supplier<ForecastTrack> forecasts;

  private Replay(
      ArrivalSchedule arrivals,
      ArrivalSchedule before,
      Comparison comparison,
      LoopSettings loop,
      Supplier<ForecastTrack> forecasts) {
    this.arrivals = arrivals;
    this.before = before;
    this.comparison = comparison;
    this.loop = loop;
    this.forecasts = forecasts;
  }

  /**
   * @param sim the world; its SLA is the pool's SLO
   * @param capacity requests per second per simulated worker
   */
  public static Replay of(
      Trace trace,
      Instant from,
      Instant to,
      SimulationSettings sim,
      double capacity,
      PoolSettings pool,
      LoopSettings loop,
      ForecastSettings forecast,
      Progress progress) {
    ArrivalSchedule arrivals =
        ArrivalSchedule.of(trace, from, to, sim.rateScale(), sim.seed(), sim.burstiness());
    Instant seedFrom = from.minus(forecast.trainingWindow());
    seedFrom = seedFrom.isBefore(trace.start()) ? trace.start() : seedFrom;
    ArrivalSchedule before =
        seedFrom.isBefore(from)
            ? ArrivalSchedule.of(
                trace, seedFrom, from, sim.rateScale(), sim.seed() ^ BEFORE_SEED, sim.burstiness())
            : null;
    Comparison comparison =
        new Comparison(
            sim, arrivals, pool.spec().name(), pool.spec().service(), capacity, progress);
    Supplier<ForecastTrack> forecasts =
        ForecastTrack.once(
            () ->
                ForecastTrack.record(
                    forecast,
                    pool.spec(),
                    before,
                    arrivals,
                    loop.tick(),
                    share -> progress.update(FORECASTS, Math.round(share * 1000), 1000)));
    return new Replay(arrivals, before, comparison, loop, forecasts);
  }

  /** The name progress is reported under while the forecasts are recorded. */
  public static final String FORECASTS = "forecasts";

  /** The simulations of one pool setting on this replay. */
  public PolicySimulations simulations(PoolSettings pool) {
    return new PolicySimulations(comparison, loop, pool, forecasts);
  }

  public ArrivalSchedule arrivals() {
    return arrivals;
  }

  /** The history seeded before the span; null when the trace starts with it. */
  public ArrivalSchedule before() {
    return before;
  }

  public Comparison comparison() {
    return comparison;
  }

  /** The recorded forecasts (recorded now if no run has asked yet). */
  public ForecastTrack forecasts() {
    return forecasts.get();
  }
}
