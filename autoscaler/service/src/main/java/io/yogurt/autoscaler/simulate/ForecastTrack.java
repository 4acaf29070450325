package io.yogurt.autoscaler.simulate;

import io.yogurt.autoscaler.forecast.TrainedForecastSource;
import io.yogurt.forecasting.ForecastService;
import io.yogurt.forecasting.ForecastSettings;
import io.yogurt.models.Forecast;
import io.yogurt.models.ForecastSource;
import io.yogurt.models.HistoryException;
import io.yogurt.models.Metrics;
import io.yogurt.models.PoolSpec;
import io.yogurt.models.Progress;
import io.yogurt.models.Sample;
import io.yogurt.simulations.ArrivalSchedule;
import io.yogurt.simulations.SimulatedHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleConsumer;
import java.util.function.Supplier;

/**
 * The forecasts {@code yogurt run} would have made over a replay, made once: the production
 * forecast source ({@link TrainedForecastSource} with the {@link ForecastService}: the training
 * job's selection, its refits and recalibrations, its quality gate) on the simulated clock, fed
 * what the loop records every tick. They depend on the arrivals alone, never on the policy's
 * decisions, so every run of a replay (each policy, each setting a tune tries) reads the same track
 * instead of training again.
 */
public final class ForecastTrack {

  /** The training job's period in {@code yogurt run}: due work is looked for this often. */
  static final Duration JOB_EVERY = Duration.ofMinutes(5);

  private final Instant start;
  private final Duration tick;
  private final Forecast[] byTick;
  private final String status;

  private ForecastTrack(Instant start, Duration tick, Forecast[] byTick, String status) {
    this.start = start;
    this.tick = tick;
    this.byTick = byTick;
    this.status = status;
  }

  /**
   * Replays the forecasting of {@code pool}'s arrivals over {@code arrivals}, every {@code tick},
   * after the per-minute history {@code before} (which ends where {@code arrivals} starts).
   *
   * @param done told the share of the span done, now and then
   */
  public static ForecastTrack record(
      ForecastSettings settings,
      PoolSpec pool,
      ArrivalSchedule before,
      ArrivalSchedule arrivals,
      Duration tick,
      DoubleConsumer done) {
    SimulatedHistory history = new SimulatedHistory();
    try {
      HistorySeeder.seed(history, before, pool.service());
    } catch (HistoryException e) {
      throw new IllegalStateException("cannot seed the simulated history: " + e.getMessage(), e);
    }
    ForecastService service = new ForecastService(settings, null, Progress.NONE);
    TrainedForecastSource source = new TrainedForecastSource(history, service, List.of(pool));
    int[] work = new int[ForecastService.Work.values().length];
    int demotions = 0;
    long tickSeconds = Math.max(1, tick.toSeconds());
    long jobSeconds = JOB_EVERY.toSeconds();
    int ticks = (int) ((arrivals.seconds() + tickSeconds - 1) / tickSeconds);
    Forecast[] byTick = new Forecast[ticks];
    for (int k = 0; k < ticks; k++) {
      int second = (int) (k * tickSeconds);
      Instant now = arrivals.start().plusSeconds(second);
      // What the loop records at this tick: the arrivals since its previous look.
      long seen = k == 0 ? 0 : arrivals.sum(second - (int) tickSeconds, second);
      history.append(List.of(new Sample(pool.service(), Metrics.ARRIVALS, now, seen)));
      if (second % jobSeconds == 0) {
        ForecastService.Work due = due(service, pool, now);
        source.maintain(now);
        work[due.ordinal()]++;
        if (due != ForecastService.Work.NONE && inForce(service, pool).isEmpty()) {
          demotions++;
        }
      }
      Optional<Forecast> f = source.forecast(pool, now);
      byTick[k] = f.orElse(null);
      if (k % 2000 == 0) {
        done.accept(k / (double) ticks);
      }
    }
    done.accept(1);
    String jobs =
        String.format(
            Locale.ROOT,
            "%d selections, %d refits, %d recalibrations, %d demotions",
            work[ForecastService.Work.SELECT.ordinal()],
            work[ForecastService.Work.REFIT.ordinal()],
            work[ForecastService.Work.UPDATE.ordinal()],
            demotions);
    return new ForecastTrack(arrivals.start(), tick, byTick, jobs + "; " + source.status());
  }

  private static ForecastService.Work due(ForecastService service, PoolSpec pool, Instant now) {
    try {
      return service.due(pool.service(), now);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // no store: nothing to read
    }
  }

  private static Optional<?> inForce(ForecastService service, PoolSpec pool) {
    try {
      return service.model(pool.service());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A supplier that records the track on first use, once, for every run that asks. */
  public static Supplier<ForecastTrack> once(Supplier<ForecastTrack> recording) {
    return new Supplier<>() {
      private ForecastTrack track;

      @Override
      public synchronized ForecastTrack get() {
        if (track == null) {
          track = recording.get();
        }
        return track;
      }
    };
  }

  /** The recorded forecasts as the loop's forecast source. */
  public ForecastSource source() {
    return new ForecastSource() {
      @Override
      public Optional<Forecast> forecast(PoolSpec pool, Instant now) {
        return Optional.ofNullable(at(now));
      }

      @Override
      public String status() {
        return status;
      }
    };
  }

  /** The point forecast in force at {@code t}, per second; NaN when there was none. */
  public double pointPerSecond(Instant t) {
    Forecast f = at(t);
    return f == null ? Double.NaN : f.pointPerSecondAt(t);
  }

  /** How many ticks had a forecast, and how many distinct models made them. */
  public String summary() {
    int with = 0;
    List<String> models = new ArrayList<>();
    Forecast last = null;
    for (Forecast f : byTick) {
      if (f != null) {
        with++;
        last = f;
        if (!models.contains(f.model())) {
          models.add(f.model());
        }
      }
    }
    return String.format(
        Locale.ROOT,
        "forecasts in %d of %d ticks, models %s; burstiness %s; %s",
        with,
        byTick.length,
        models,
        last == null ? "none learned" : last.burstiness(),
        status);
  }

  private Forecast at(Instant t) {
    long k = Duration.between(start, t).toMillis() / tick.toMillis();
    return k < 0 || k >= byTick.length ? null : byTick[(int) k];
  }
}
