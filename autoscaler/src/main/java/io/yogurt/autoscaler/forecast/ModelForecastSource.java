package io.yogurt.autoscaler.forecast;

import io.yogurt.autoscaler.loop.ForecastSource;
import io.yogurt.models.Forecast;
import io.yogurt.models.Forecaster;
import io.yogurt.models.History;
import io.yogurt.models.HistoryException;
import io.yogurt.models.Metrics;
import io.yogurt.models.PoolSpec;
import io.yogurt.models.Series;
import io.yogurt.models.SeriesQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forecasts each pool's arrivals from its history with a fitted model. Fitting is slow and runs on
 * its own schedule ({@link #retrain}); a tick only reads the recent steps and asks the model,
 * once per step. A failed retrain keeps the last good model; no model means no forecast, and the
 * policy stays reactive and says so.
 */
public final class ModelForecastSource implements ForecastSource {

  private static final Logger log = LoggerFactory.getLogger(ModelForecastSource.class);

  private final History history;
  private final ModelTrainer trainer;
  private final ForecastWindow window;
  private final Map<String, Forecaster.Model> models = new ConcurrentHashMap<>();
  private final Map<String, Forecast> lastForecast = new ConcurrentHashMap<>();
  private final Map<String, String> status = new ConcurrentHashMap<>();

  /** Fits a model on a pool's training series; empty with a reason when it should not be used. */
  public interface ModelTrainer {
    Trained train(Series training);
  }

  /** A trained model, or why there is none. */
  public record Trained(Optional<Forecaster.Model> model, String detail) {}

  public ModelForecastSource(History history, ModelTrainer trainer, ForecastWindow window) {
    this.history = history;
    this.trainer = trainer;
    this.window = window;
  }

  /** Fits the pool's model on the training window before {@code now}. */
  public void retrain(PoolSpec pool, Instant now) {
    Instant end = window.floor(now);
    try {
      Series training = read(pool, end.minus(window.training()), end);
      long known = training.size() - training.gaps();
      if (known < window.minSteps()) {
        status.put(pool.name(), String.format("not enough history yet: %d of %d steps of %s",
            known, window.minSteps(), window.step()));
        return;
      }
      Trained t = trainer.train(training);
      if (t.model().isPresent()) {
        models.put(pool.name(), t.model().get());
        lastForecast.remove(pool.name());
      }
      status.put(pool.name(), t.detail());
      log.info("forecast model for {}: {}", pool.name(), t.detail());
    } catch (HistoryException | RuntimeException e) {
      status.put(pool.name(), "retrain failed, keeping the last model: " + e.getMessage());
      log.warn("retraining the forecast model of {} failed: {}", pool.name(), e.getMessage());
    }
  }

  @Override
  public Optional<Forecast> forecast(PoolSpec pool, Instant now) {
    Forecaster.Model model = models.get(pool.name());
    if (model == null) {
      return Optional.empty();
    }
    Instant origin = window.floor(now);
    Forecast cached = lastForecast.get(pool.name());
    if (cached != null && cached.origin().equals(origin)) {
      return Optional.of(cached);
    }
    try {
      Forecast f = model.forecast(read(pool, origin.minus(window.recent()), origin), window.horizon());
      lastForecast.put(pool.name(), f);
      return Optional.of(f);
    } catch (HistoryException | RuntimeException e) {
      status.put(pool.name(), "forecast failed: " + e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public String status() {
    return status.isEmpty() ? "no model trained yet" : String.join("; ",
        status.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).sorted().toList());
  }

  @Override
  public boolean healthy() {
    return status.values().stream().noneMatch(s -> s.contains("failed"));
  }

  private Series read(PoolSpec pool, Instant from, Instant to) throws HistoryException {
    return history.read(new SeriesQuery(pool.service(), Metrics.ARRIVALS, from, to, window.step()));
  }

  /** How much history a model sees, at what step, and how far it forecasts. */
  public record ForecastWindow(Duration step, Duration training, Duration recent, int horizon, int minSteps) {
    Instant floor(Instant t) {
      long s = step.toMillis();
      return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), s) * s);
    }
  }
}
