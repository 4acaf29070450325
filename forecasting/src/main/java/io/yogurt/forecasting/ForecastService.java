package io.yogurt.forecasting;

import io.yogurt.models.Forecast;
import io.yogurt.models.Progress;
import io.yogurt.models.Series;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the control loop and the training job use: per service, the model in force (cached, else the
 * store's latest good one), training on demand, forecasts from {@code now}, and the live quality
 * gate. Pure apart from the model store: time is always passed in.
 *
 * <p>Thread-safe: the loop forecasts while the training job trains.
 */
public final class ForecastService {

  /** The result of a training run. */
  public record TrainOutcome(TrainedModel model, Trainer.Selection selection) {}

  private final ForecastSettings settings;
  private final ModelStore store;
  private final Progress progress;
  private final Map<String, TrainedModel> inForce = new ConcurrentHashMap<>();

  /**
   * Services whose model was demoted: no model is in force for them (the loop is reactive) until a
   * newly trained one passes the live gate. An older version, never checked on live data, is never
   * brought back.
   */
  private final Set<String> awaitingLive = ConcurrentHashMap.newKeySet();

  public ForecastService(ForecastSettings settings, ModelStore store, Progress progress) {
    this.settings = settings;
    this.store = store;
    this.progress = progress;
  }

  public ForecastSettings settings() {
    return settings;
  }

  /**
   * Selects, fits and stores a model for {@code service} on {@code arrivals} (a History series at
   * {@link ForecastSettings#step()}); it is in force from now on.
   *
   * @throws IllegalArgumentException when the series is shorter than min-history
   */
  public TrainOutcome train(String service, Series arrivals, Instant now) throws IOException {
    Series complete = completeSteps(arrivals, now);
    Duration have = complete.step().multipliedBy(complete.size() - complete.gaps());
    if (have.compareTo(settings.minHistory()) < 0) {
      throw new IllegalArgumentException(
          "service "
              + service
              + " has "
              + have.toHours()
              + "h of data, min-history is "
              + settings.minHistory().toHours()
              + "h");
    }
    Trainer trainer = new Trainer(settings, progress);
    Series h = trainer.window(complete);
    Trainer.Selection sel = trainer.select(h);
    TrainedModel m = trainer.fit(service, h, sel, now);
    store.save(m);
    store.prune(service, ModelStore.KEEP);
    if (!awaitingLive.contains(service)) {
      inForce.put(service, m); // after a demotion it waits for the live gate (checkLive)
    }
    return new TrainOutcome(m, sel);
  }

  /**
   * Whether the newest model (in force, demoted, or waiting for the live gate) is missing or older
   * than retrain-every: a demotion does not make the next training come sooner.
   */
  public boolean needsRetrain(String service, Instant now) throws IOException {
    Optional<ModelInfo> newest = store.latest(service);
    return newest.isEmpty()
        || Instant.parse(newest.get().trainedAt()).plus(settings.retrainEvery()).compareTo(now)
            <= 0;
  }

  /**
   * The model in force: the cached one, else the store's newest version unless it was demoted; none
   * after a demotion until a new model passes the live gate.
   */
  public Optional<TrainedModel> model(String service) throws IOException {
    if (awaitingLive.contains(service)) {
      return Optional.empty();
    }
    TrainedModel m = inForce.get(service);
    if (m == null) {
      Optional<ModelInfo> newest = store.latest(service);
      if (newest.isEmpty() || newest.get().demoted()) {
        return Optional.empty();
      }
      Optional<TrainedModel> stored = store.latestModel(service);
      stored.ifPresent(t -> inForce.put(service, t));
      return stored;
    }
    return Optional.of(m);
  }

  /**
   * The forecast of {@code service}'s arrivals from the end of the last complete step before {@code
   * now}, long enough to cover {@code now + horizon}; empty when no good model exists (the loop
   * then stays reactive). {@code arrivals} is a History read ending at or after {@code now}.
   */
  public Optional<Forecast> forecast(String service, Series arrivals, Instant now)
      throws IOException {
    Optional<TrainedModel> m = model(service);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Series recent = completeSteps(arrivals, now);
    if (recent.size() == 0) {
      return Optional.empty();
    }
    long behind = Duration.between(recent.end(), now).toMillis();
    int steps =
        (int)
            Math.ceil((behind + settings.horizon().toMillis()) / (double) recent.step().toMillis());
    return Optional.of(m.get().model().forecast(recent, Math.max(1, steps)));
  }

  /**
   * The live quality gate: scores the model in force against seasonal-naive on the last live-window
   * of {@code arrivals}; a model that loses is demoted in the store and dropped, and the verdict
   * says why (the loop logs it and goes reactive until a model passes).
   */
  public Optional<QualityGate.Verdict> checkLive(String service, Series arrivals, Instant now)
      throws IOException {
    Optional<TrainedModel> m = awaitingLive.contains(service) ? candidate(service) : model(service);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Series recent = completeSteps(arrivals, now);
    QualityGate.Verdict v =
        QualityGate.live(
            m.get().model(),
            recent,
            settings.liveWindow(),
            settings.horizon(),
            settings.quantile());
    if (!v.pass()) {
      store.demote(service, m.get().info().version(), v.why());
      inForce.remove(service);
      awaitingLive.add(service);
    } else if (awaitingLive.remove(service)) {
      inForce.put(service, m.get()); // passed the live gate: in force from now on
    }
    return Optional.of(v);
  }

  /** After a demotion: the newest version if it is not demoted (trained since, not yet judged). */
  private Optional<TrainedModel> candidate(String service) throws IOException {
    Optional<ModelInfo> newest = store.latest(service);
    return newest.isEmpty() || newest.get().demoted()
        ? Optional.empty()
        : store.latestModel(service);
  }

  /** One line for status output. */
  public String status(String service) throws IOException {
    Optional<TrainedModel> m = model(service);
    return m.map(
            t ->
                service
                    + ": "
                    + t.info().model()
                    + " trained "
                    + t.info().trainedAt()
                    + " on "
                    + t.info().dataFrom()
                    + " .. "
                    + t.info().dataTo())
        .orElse(
            service
                + (awaitingLive.contains(service)
                    ? ": model demoted; reactive until a newly trained one passes the live gate"
                    : ": no good model (reactive only)"));
  }

  /** The steps of {@code s} that ended by {@code now}: a step still running would read low. */
  static Series completeSteps(Series s, Instant now) {
    long done = Duration.between(s.start(), now).toMillis() / s.step().toMillis();
    int n = (int) Math.max(0, Math.min(s.size(), done));
    return s.slice(0, n);
  }
}
