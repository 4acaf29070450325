package io.yogurt.forecasting;

import io.yogurt.config.DurationText;
import io.yogurt.models.Forecaster;
import io.yogurt.models.Series;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses a model by backtest on the training data alone, then fits it on the whole training
 * window. The selection backtest holds out the last quarter of the window (at most two days),
 * fits every candidate once on what precedes it and forecasts from an origin every half horizon.
 */
public final class Trainer {

  /** The outcome of the selection backtest. */
  public record Selection(String selected, List<ModelScores> scores, double baselineMase, String why) {}

  private final ForecastSettings settings;
  private final Progress progress;

  public Trainer(ForecastSettings settings, Progress progress) {
    this.settings = settings;
    this.progress = progress;
  }

  public List<Forecaster> candidates() {
    return ModelCatalog.createAll(settings.models(), settings.horizon(), settings.quantile());
  }

  /** Picks the candidate with the lowest mean MASE; a baseline when nothing beats it. */
  public Selection select(Series history) {
    Duration step = history.step();
    Duration span = step.multipliedBy(history.size());
    Duration holdout = min(span.dividedBy(4), Duration.ofDays(2));
    Duration train = span.minus(holdout).minus(settings.horizon());
    if (holdout.compareTo(settings.horizon().multipliedBy(2)) < 0 || train.compareTo(Duration.ofDays(1)) < 0) {
      return new Selection(ModelCatalog.SEASONAL_NAIVE_DAY, List.of(), Double.NaN,
          "too little history (" + DurationText.format(span) + ") to compare models; using seasonal-naive");
    }
    Duration every = max(step, settings.horizon().dividedBy(2));
    BacktestProtocol p = new BacktestProtocol(train, holdout, every, settings.horizon(), span);
    BacktestResult r = new Backtest(p, progress).run(history, candidates());
    double baseline = QualityGate.bestBaseline(r.models());
    ModelScores best = null;
    for (ModelScores m : r.models()) {
      if (!Double.isNaN(m.meanMase()) && (best == null || m.meanMase() < best.meanMase())) {
        best = m;
      }
    }
    if (best == null) {
      return new Selection(ModelCatalog.SEASONAL_NAIVE_DAY, r.models(), baseline,
          "no model could be scored; using seasonal-naive");
    }
    QualityGate.Verdict v = QualityGate.admit(best.model(), best.meanMase(), baseline);
    return new Selection(best.model(), r.models(), baseline, v.why());
  }

  /** Selects and fits a model on {@code history} (capped to the training window). */
  public TrainedModel train(String service, Series history, Instant now) {
    Series h = window(history);
    return fit(service, h, select(h), now);
  }

  /** The last training-window of a series. */
  public Series window(Series history) {
    int window = SeriesMath.stepsIn(settings.trainingWindow(), history.step());
    return history.size() > window ? history.slice(history.size() - window, history.size()) : history;
  }

  /** Fits the selected model on {@code h}, with its metadata. */
  public TrainedModel fit(String service, Series h, Selection sel, Instant now) {
    CalibratedModel model = ModelCatalog.create(sel.selected(), settings.horizon(), settings.quantile()).fit(h);
    Map<String, Double> scores = new LinkedHashMap<>();
    sel.scores().forEach(s -> scores.put(s.model(), s.meanMase()));
    List<String> features = model.importance().isEmpty()
        ? List.of("own history (" + sel.selected() + ")") : List.copyOf(model.importance().keySet());
    String version = now.truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "") + "-" + sel.selected();
    ModelInfo info = new ModelInfo(version, service, sel.selected(), now.toString(), h.start().toString(),
        h.end().toString(), DurationText.format(h.step()), DurationText.format(settings.horizon()),
        settings.quantile(), features, scores, sel.baselineMase(), false, null);
    return new TrainedModel(model, info);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
