package io.yogurt.autoscaler.simulate;

import io.yogurt.models.Forecast;
import io.yogurt.models.ForecastSource;
import io.yogurt.models.Forecaster;
import io.yogurt.models.History;
import io.yogurt.models.HistoryException;
import io.yogurt.models.Metrics;
import io.yogurt.models.PoolSpec;
import io.yogurt.models.Series;
import io.yogurt.models.SeriesQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Forecasts a pool's arrivals with any {@link Forecaster}, fitted on the history the loop records:
 * refitted every {@code refitEvery}, asked at each tick for the next {@code horizon} steps.
 * Forecasts start at the last whole step, so a half-filled step never reads as a dip.
 */
public final class HistoryForecastSource implements ForecastSource {

  private final Forecaster forecaster;
  private final History history;
  private final Duration step;
  private final Duration fitWindow;
  private final Duration recentWindow;
  private final Duration refitEvery;
  private final int horizon;
  private Forecaster.Model model;
  private Instant fittedAt;
  private Forecast last;
  private String status = "not fitted yet";
  private Instant askedFor;
  private Optional<Forecast> answer = Optional.empty();

  /**
   * @param fitWindow history the model is fitted on
   * @param recentWindow history handed to the model when forecasting (a season for seasonal models)
   */
  public HistoryForecastSource(
      Forecaster forecaster,
      History history,
      Duration step,
      Duration fitWindow,
      Duration recentWindow,
      Duration refitEvery,
      int horizon) {
    this.forecaster = forecaster;
    this.history = history;
    this.step = step;
    this.fitWindow = fitWindow;
    this.recentWindow = recentWindow;
    this.refitEvery = refitEvery;
    this.horizon = horizon;
  }

  /** A day-before forecaster on 5-minute steps, refitted hourly: the default of simulations. */
  public static HistoryForecastSource seasonalNaive(History history) {
    return seasonalNaive(history, Duration.ofHours(1));
  }

  /** As {@link #seasonalNaive(History)}, refitted every {@code refitEvery}. */
  public static HistoryForecastSource seasonalNaive(History history, Duration refitEvery) {
    return new HistoryForecastSource(
        new SeasonalNaiveForecaster(Duration.ofDays(1), 0.9),
        history,
        Duration.ofMinutes(5),
        Duration.ofDays(3),
        Duration.ofDays(1),
        refitEvery,
        6);
  }

  @Override
  public synchronized Optional<Forecast> forecast(PoolSpec pool, Instant now) {
    Instant origin = Instant.ofEpochMilli(now.toEpochMilli() / step.toMillis() * step.toMillis());
    if (origin.equals(askedFor) && fittedAt != null && now.isBefore(fittedAt.plus(refitEvery))) {
      return answer; // no step has completed since: the forecast cannot have changed
    }
    askedFor = origin;
    answer = compute(pool, now, origin);
    return answer;
  }

  private Optional<Forecast> compute(PoolSpec pool, Instant now, Instant origin) {
    try {
      if (model == null || !now.isBefore(fittedAt.plus(refitEvery))) {
        Series fit = read(pool, origin.minus(fitWindow), origin);
        fittedAt = now;
        if (fit.gaps() == fit.size()) {
          status = "no history yet for " + pool.service();
          model = null;
          return Optional.empty();
        }
        model = forecaster.fit(fit);
      }
      Forecast f = model.forecast(read(pool, origin.minus(recentWindow), origin), horizon);
      if (Arrays.stream(f.upper()).allMatch(Double::isNaN)) {
        status = model.name() + ": history too short to forecast";
        return Optional.empty();
      }
      status = model.name() + " fitted " + fittedAt;
      last = f;
      return Optional.of(f);
    } catch (HistoryException | RuntimeException e) {
      status = "forecast failed: " + e.getMessage();
      return Optional.empty();
    }
  }

  /** The point forecast in requests per second for the step holding {@code now}; NaN if none. */
  public synchronized double pointPerSecond(Instant now) {
    return last == null ? Double.NaN : last.pointPerSecondAt(now);
  }

  @Override
  public synchronized String status() {
    return status;
  }

  private Series read(PoolSpec pool, Instant from, Instant to) throws HistoryException {
    return history.read(new SeriesQuery(pool.service(), Metrics.ARRIVALS, from, to, step));
  }
}
