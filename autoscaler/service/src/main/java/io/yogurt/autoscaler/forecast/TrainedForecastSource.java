package io.yogurt.autoscaler.forecast;

import io.yogurt.forecasting.ForecastService;
import io.yogurt.forecasting.ForecastSettings;
import io.yogurt.forecasting.QualityGate;
import io.yogurt.models.Forecast;
import io.yogurt.models.ForecastSource;
import io.yogurt.models.History;
import io.yogurt.models.HistoryException;
import io.yogurt.models.Metrics;
import io.yogurt.models.PoolSpec;
import io.yogurt.models.Series;
import io.yogurt.models.SeriesQuery;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production forecast: models trained on the recorded history by the forecasting module, kept
 * in the model store (so a restart forecasts at once), retrained on their own schedule and checked
 * against seasonal-naive on live data. A tick only asks the model in force, at most once per step.
 * Without a good model the policy stays reactive and the status says why.
 */
public final class TrainedForecastSource implements ForecastSource {

  private static final Logger log = LoggerFactory.getLogger(TrainedForecastSource.class);

  private final History history;
  private final ForecastService service;
  private final List<String> services;
  private final Map<String, Forecast> lastByService = new ConcurrentHashMap<>();
  private final Map<String, String> status = new ConcurrentHashMap<>();
  private volatile boolean failing;

  public TrainedForecastSource(History history, ForecastService service, List<PoolSpec> pools) {
    this.history = history;
    this.service = service;
    this.services = pools.stream().map(PoolSpec::service).distinct().toList();
  }

  /**
   * The scheduled job: retrains each service whose model is missing or due, then checks it live.
   */
  /** Whether any pool reads forecasts (else there is nothing to train). */
  public boolean hasServices() {
    return !services.isEmpty();
  }

  public void maintain(Instant now) {
    boolean anyFailed = false;
    for (String svc : services) {
      try {
        Series arrivals = arrivals(svc, now);
        if (service.needsRetrain(svc, now)) {
          ForecastService.TrainOutcome t = service.train(svc, arrivals, now);
          lastByService.remove(svc);
          log.info(
              "forecast model for {}: {} (version {})",
              svc,
              t.model().info().model(),
              t.model().info().version());
        }
        Optional<QualityGate.Verdict> verdict = service.checkLive(svc, arrivals, now);
        if (verdict.isPresent() && !verdict.get().pass()) {
          lastByService.remove(svc);
          log.warn("forecast model for {} demoted: {}", svc, verdict.get().why());
        }
        status.put(svc, service.status(svc));
      } catch (IllegalArgumentException notEnoughHistory) {
        status.put(svc, "no model yet: " + notEnoughHistory.getMessage());
      } catch (IOException | HistoryException | RuntimeException e) {
        anyFailed = true;
        status.put(svc, "training failed, keeping the model in force: " + e.getMessage());
        log.warn("forecast maintenance for {} failed: {}", svc, e.toString());
      }
    }
    failing = anyFailed;
  }

  @Override
  public Optional<Forecast> forecast(PoolSpec pool, Instant now) {
    Forecast cached = lastByService.get(pool.service());
    if (cached != null && cached.origin().equals(stepStart(now))) {
      return Optional.of(cached);
    }
    try {
      Optional<Forecast> f = service.forecast(pool.service(), arrivals(pool.service(), now), now);
      f.ifPresent(x -> lastByService.put(pool.service(), x));
      return f;
    } catch (IOException | HistoryException | RuntimeException e) {
      failing = true;
      status.put(pool.service(), "forecast failed: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** The model in force per service (services without a good model are left out). */
  public Map<String, String> modelsInForce() {
    Map<String, String> out = new TreeMap<>();
    for (String svc : services) {
      try {
        service.model(svc).ifPresent(m -> out.put(svc, m.info().model()));
      } catch (IOException e) {
        // the store could not be read: the status says so at the next maintenance
      }
    }
    return out;
  }

  @Override
  public String status() {
    return status.isEmpty() ? "no model trained yet" : String.join("; ", status.values());
  }

  @Override
  public boolean healthy() {
    return !failing;
  }

  private Instant stepStart(Instant t) {
    long step = service.settings().step().toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), step) * step);
  }

  /** The training window of arrivals up to the end of the step holding {@code now}. */
  private Series arrivals(String svc, Instant now) throws HistoryException {
    ForecastSettings s = service.settings();
    Instant end = stepStart(now).plus(s.step());
    return history.read(
        new SeriesQuery(svc, Metrics.ARRIVALS, end.minus(s.trainingWindow()), end, s.step()));
  }
}
