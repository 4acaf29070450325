package io.yogurt.forecasting;

import io.yogurt.config.DurationText;
import io.yogurt.models.Forecaster;
import io.yogurt.models.Progress;
import io.yogurt.models.Series;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * Chooses a model by backtest on the training data alone and keeps it fitted. Every candidate is
 * fitted once on the window, in parallel: its point model on all but a held-out tail (at most two
 * days), which then both calibrates its upper quantile and scores it, forecasting from an origin
 * every half horizon. The winner is already fitted, so choosing costs no second fit.
 */
public final class Trainer {

  /**
   * The outcome of the selection backtest.
   *
   * @param fitted the selected model fitted on the window given to {@link #select}, or null when it
   *     is still to be fitted
   */
  public record Selection(
      String selected,
      List<ModelScores> scores,
      double baselineMase,
      String why,
      CalibratedModel fitted) {

    public Selection(String selected, List<ModelScores> scores, double baselineMase, String why) {
      this(selected, scores, baselineMase, why, null);
    }
  }

  /** One candidate fitted on the window and scored on its held-out tail. */
  private record Fitted(CalibratedModel model, ModelScores scores) {}

  private final ForecastSettings settings;
  private final Progress progress;

  public Trainer(ForecastSettings settings, Progress progress) {
    this.settings = settings;
    this.progress = progress;
  }

  public List<Forecaster> candidates() {
    return ModelCatalog.createAll(settings.models(), settings.horizon(), settings.quantile());
  }

  /** Picks a candidate by its score on its held-out tail ({@link #choose}). */
  public Selection select(Series history) {
    int horizon = SeriesMath.stepsIn(settings.horizon(), history.step());
    int from = PointForecaster.holdoutStart(history.size(), horizon, history.step());
    if (!canCompare(history, from, horizon)) {
      return tooShort(history);
    }
    Map<String, Fitted> fitted = fitAll(history, from, horizon);
    Selection chosen = choose(fitted.values().stream().map(Fitted::scores).toList());
    Fitted winner = fitted.get(chosen.selected());
    return new Selection(
        chosen.selected(),
        chosen.scores(),
        chosen.baselineMase(),
        chosen.why(),
        winner == null ? null : winner.model());
  }

  /**
   * Whether {@code history} holds enough after the held-out start {@code from} to score models on.
   */
  static boolean canCompare(Series history, int from, int horizon) {
    return from >= SeriesMath.stepsIn(Duration.ofDays(1), history.step())
        && history.size() - from >= 3 * horizon;
  }

  static Selection tooShort(Series history) {
    return new Selection(
        ModelCatalog.SEASONAL_NAIVE_DAY,
        List.of(),
        Double.NaN,
        "too little history ("
            + DurationText.format(history.step().multipliedBy(history.size()))
            + ") to compare models; using seasonal-naive");
  }

  /**
   * The selection rule: the lowest mean MASE on the held-out tail, except that a combination (an
   * ensemble) is preferred to a single model that beats it by less than one standard error of that
   * model's score: a difference so small is likely noise of a short tail, and a combination is the
   * safer bet on the days after it; but only one that beats seasonal-naive, the yardstick.
   * Seasonal-naive when nothing was scored.
   */
  static Selection choose(List<ModelScores> scores) {
    double baseline = QualityGate.bestBaseline(scores);
    ModelScores best = lowest(scores, m -> true);
    if (best == null) {
      return new Selection(
          ModelCatalog.SEASONAL_NAIVE_DAY,
          scores,
          baseline,
          "no model could be scored; using seasonal-naive");
    }
    String why = QualityGate.admit(best.model(), best.meanMase(), baseline).why();
    ModelScores combination = lowest(scores, m -> ModelCatalog.isCombination(m.model()));
    if (combination != null
        && combination != best
        && !(combination.meanMase() >= baseline)
        && combination.meanMase() <= best.meanMase() + best.meanMaseError()) {
      why =
          String.format(
              Locale.ROOT,
              "%s, within one standard error (%.3f) of %s's %.3f",
              QualityGate.admit(combination.model(), combination.meanMase(), baseline).why(),
              best.meanMaseError(),
              best.model(),
              best.meanMase());
      best = combination;
    }
    return new Selection(best.model(), scores, baseline, why);
  }

  private static ModelScores lowest(List<ModelScores> scores, Predicate<ModelScores> among) {
    ModelScores best = null;
    for (ModelScores m : scores) {
      if (among.test(m)
          && !Double.isNaN(m.meanMase())
          && (best == null || m.meanMase() < best.meanMase())) {
        best = m;
      }
    }
    return best;
  }

  /**
   * Fits and scores every candidate, as many at once as configured; the result in the candidates'
   * order.
   */
  private Map<String, Fitted> fitAll(Series history, int from, int horizon) {
    List<PointForecaster> candidates =
        candidates().stream().map(PointForecaster.class::cast).toList();
    // Those that reuse other fits start last, when what they reuse is fitted or under way.
    List<PointForecaster> startOrder =
        candidates.stream()
            .sorted(Comparator.comparing(PointForecaster::buildsOnOtherFits))
            .toList();
    int threads = Math.min(candidates.size(), settings.fittingThreads());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "yogurt-model-fit");
              t.setDaemon(true);
              return t;
            });
    try {
      Map<String, Future<Fitted>> running = new LinkedHashMap<>();
      for (PointForecaster c : startOrder) {
        running.put(c.name(), pool.submit(() -> fitAndScore(c, history, from, horizon)));
      }
      Map<String, Fitted> fitted = new LinkedHashMap<>();
      for (PointForecaster c : candidates) {
        progress.update("fitting " + c.name(), fitted.size(), candidates.size());
        fitted.put(c.name(), result(running.get(c.name())));
      }
      progress.update("fitted", fitted.size(), candidates.size());
      return fitted;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Fitted fitAndScore(
      PointForecaster candidate, Series history, int from, int horizon) {
    long t0 = System.nanoTime();
    CalibratedModel model = candidate.fit(history);
    double fitMillis = (System.nanoTime() - t0) / 1e6;
    return new Fitted(model, holdoutScore(model, history, from, horizon, fitMillis));
  }

  /**
   * How select scores a model fitted on {@code history}: on its held-out tail, an origin every half
   * horizon.
   */
  static ModelScores holdoutScore(
      CalibratedModel model, Series history, int from, int horizon, double fitMillis) {
    return HoldoutScore.score(model, history, from, horizon, Math.max(1, horizon / 2), fitMillis);
  }

  private static Fitted result(Future<Fitted> fit) {
    try {
      return fit.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fitting models", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    }
  }

  /** Selects and fits a model on {@code history} (capped to the training window). */
  public TrainedModel train(String service, Series history, Instant now) {
    Series h = window(history);
    return fit(service, h, select(h), now);
  }

  /** The last training-window of a series. */
  public Series window(Series history) {
    int window = SeriesMath.stepsIn(settings.trainingWindow(), history.step());
    return history.size() > window
        ? history.slice(history.size() - window, history.size())
        : history;
  }

  /**
   * The selected model with its metadata: the one {@link #select} fitted when it was given {@code
   * h}, else fitted now.
   */
  public TrainedModel fit(String service, Series h, Selection sel, Instant now) {
    CalibratedModel model =
        sel.fitted() != null
            ? sel.fitted()
            : ModelCatalog.create(sel.selected(), settings.horizon(), settings.quantile()).fit(h);
    Map<String, Double> scores = new LinkedHashMap<>();
    sel.scores().forEach(s -> scores.put(s.model(), s.meanMase()));
    List<String> features =
        model.importance().isEmpty()
            ? List.of("own history (" + sel.selected() + ")")
            : List.copyOf(model.importance().keySet());
    String version =
        now.truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "") + "-" + sel.selected();
    ModelInfo info =
        new ModelInfo(
            version,
            service,
            sel.selected(),
            now.toString(),
            h.start().toString(),
            h.end().toString(),
            DurationText.format(h.step()),
            DurationText.format(settings.horizon()),
            settings.quantile(),
            features,
            scores,
            sel.baselineMase(),
            false,
            null);
    return new TrainedModel(model, info);
  }
}
