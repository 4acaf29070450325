package io.yogurt.forecasting;

import io.yogurt.models.Burstiness;
import io.yogurt.models.Forecast;
import io.yogurt.models.Progress;
import io.yogurt.models.Series;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

  /**
   * What the training job has to do for a service: nothing, recalibrate the model in force on the
   * newest data (every retrain-every), fit it again on the latest window (every refit-every), or
   * compare every candidate again and fit the best (every reselect-every, or when there is none).
   */
  public enum Work {
    NONE,
    UPDATE,
    REFIT,
    SELECT
  }

  private final ForecastSettings settings;
  private final ModelStore store;
  private final Progress progress;
  private final Map<String, TrainedModel> inForce = new ConcurrentHashMap<>();

  /** When each service's model was last demoted: no training again before retrain-every. */
  private final Map<String, Instant> demotedAt = new ConcurrentHashMap<>();

  /**
   * Services whose model was demoted: no model is in force for them (the loop is reactive) until a
   * newly trained one, kept in {@link #candidates}, passes the live gate. An older version, never
   * checked on live data, is never brought back.
   */
  private final Set<String> awaitingLive = ConcurrentHashMap.newKeySet();

  /** Per service awaiting the live gate: the model trained since the demotion. */
  private final Map<String, TrainedModel> candidates = new ConcurrentHashMap<>();

  /**
   * @param store where trained models are kept; null: in memory only (simulations), where a demoted
   *     model leaves none in force until the next training
   */
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
    return train(service, arrivals, null, now);
  }

  /**
   * As {@link #train(String, Series, Instant)}, learning the burstiness from {@code perMinute} (the
   * arrivals per minute over the same window; null: Poisson).
   */
  public TrainOutcome train(String service, Series arrivals, Series perMinute, Instant now)
      throws IOException {
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
    TrainedModel m = withBursts(trainer.fit(service, h, sel, now), perMinute, now);
    keep(m);
    return new TrainOutcome(m, sel);
  }

  /**
   * Fits the model in force again on the latest training window of {@code arrivals}, keeping its
   * selection; a full {@link #train} when none is in force.
   */
  public TrainOutcome refit(String service, Series arrivals, Series perMinute, Instant now)
      throws IOException {
    Optional<TrainedModel> current = working(service);
    if (current.isEmpty()) {
      return train(service, arrivals, perMinute, now);
    }
    Trainer trainer = new Trainer(settings, progress);
    Series h = trainer.window(completeSteps(arrivals, now));
    ModelInfo was = current.get().info();
    Trainer.Selection sel =
        new Trainer.Selection(
            was.model(),
            List.of(),
            was.baselineMase(),
            "refit of the model selected at " + was.selectedOrTrainedAt());
    TrainedModel m =
        withBursts(
            trainer.fit(service, h, sel, now, Instant.parse(was.selectedOrTrainedAt())),
            perMinute,
            now);
    keep(m);
    return new TrainOutcome(m, sel);
  }

  /**
   * Recalibrates the model in force on the newest steps of {@code arrivals} (only origins it has
   * not scored yet) and learns the burstiness again; kept in memory, not stored (a restart
   * recalibrates at its first run). False when no model is in force.
   */
  public boolean update(String service, Series arrivals, Series perMinute, Instant now)
      throws IOException {
    Optional<TrainedModel> current = working(service);
    if (current.isEmpty()) {
      return false;
    }
    CalibratedModel m = current.get().model().updated(completeSteps(arrivals, now));
    if (perMinute != null) {
      m = m.withBurstiness(BurstProfile.learn(completeSteps(perMinute, now), settings.step()));
    }
    TrainedModel updated = new TrainedModel(m, current.get().info().updated(now.toString()));
    (awaitingLive.contains(service) ? candidates : inForce).put(service, updated);
    return true;
  }

  /** What the training job has to do for {@code service} at {@code now}. */
  public Work due(String service, Instant now) throws IOException {
    Optional<TrainedModel> m = working(service);
    if (m.isEmpty()) {
      // Just demoted: training again on the same data would give the same verdict.
      Instant demoted = demotedAt.get(service);
      return demoted != null && now.isBefore(demoted.plus(settings.retrainEvery()))
          ? Work.NONE
          : Work.SELECT;
    }
    ModelInfo i = m.get().info();
    if (!now.isBefore(Instant.parse(i.selectedOrTrainedAt()).plus(settings.reselectEvery()))) {
      return Work.SELECT;
    }
    if (!now.isBefore(Instant.parse(i.trainedAt()).plus(settings.refitEvery()))) {
      return Work.REFIT;
    }
    if (!now.isBefore(Instant.parse(i.updatedOrTrainedAt()).plus(settings.retrainEvery()))) {
      return Work.UPDATE;
    }
    return Work.NONE;
  }

  private TrainedModel withBursts(TrainedModel m, Series perMinute, Instant now) {
    if (perMinute == null) {
      return m;
    }
    Burstiness b = BurstProfile.learn(completeSteps(perMinute, now), settings.step());
    return new TrainedModel(m.model().withBurstiness(b), m.info());
  }

  /** Stores a new model; in force at once, unless the service waits for one to pass live. */
  private void keep(TrainedModel m) throws IOException {
    String service = m.info().service();
    if (store != null) {
      store.save(m);
      store.prune(service, ModelStore.KEEP);
    }
    (awaitingLive.contains(service) ? candidates : inForce).put(service, m);
  }

  /** The model the training job works on: the one in force, or the one awaiting the live gate. */
  private Optional<TrainedModel> working(String service) throws IOException {
    TrainedModel candidate = candidates.get(service);
    return candidate != null ? Optional.of(candidate) : model(service);
  }

  /** Whether the model in force is missing or due for any work ({@link #due}). */
  public boolean needsRetrain(String service, Instant now) throws IOException {
    return due(service, now) != Work.NONE;
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
    if (m == null && store != null) {
      Optional<ModelInfo> newest = store.latest(service);
      if (newest.isEmpty() || newest.get().demoted()) {
        return Optional.empty();
      }
      Optional<TrainedModel> stored = store.latestModel(service);
      stored.ifPresent(t -> inForce.put(service, t));
      return stored;
    }
    return Optional.ofNullable(m);
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
    boolean awaiting = awaitingLive.contains(service);
    Optional<TrainedModel> m =
        awaiting ? Optional.ofNullable(candidates.get(service)) : model(service);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Series recent = completeSteps(arrivals, now);
    // Judged on a whole live window after its fit: the data before it helped choose it, and an
    // hour or two of errors says little (the training's backtest vouches for it until then).
    Duration live = Duration.between(Instant.parse(m.get().info().trainedAt()), now);
    if (live.compareTo(settings.liveWindow()) < 0) {
      return Optional.of(
          new QualityGate.Verdict(
              true,
              Double.NaN,
              Double.NaN,
              m.get().info().model()
                  + " has been live for less than live-window "
                  + settings.liveWindow()
                  + ": not judged yet"));
    }
    QualityGate.Verdict v =
        QualityGate.live(
            m.get().model(),
            recent,
            settings.liveWindow(),
            settings.horizon(),
            settings.quantile());
    if (!v.pass()) {
      if (store != null) {
        store.demote(service, m.get().info().version(), v.why());
      }
      inForce.remove(service);
      candidates.remove(service);
      awaitingLive.add(service);
      demotedAt.put(service, now);
    } else if (awaiting) {
      // Passed the live gate after a demotion: in force from now on.
      awaitingLive.remove(service);
      inForce.put(service, candidates.remove(service));
    }
    return Optional.of(v);
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
