package io.yogurt.forecasting;

import io.yogurt.models.Forecaster;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;

/** Yogurt's forecasters by name: the names accepted in config and on the command line. */
public final class ModelCatalog {

  public static final String SEASONAL_NAIVE_DAY = "seasonal-naive-1d";
  public static final String SEASONAL_NAIVE_WEEK = "seasonal-naive-1w";
  public static final String STL_ETS = "stl-ets";
  public static final String ENSEMBLE = "ensemble";

  /**
   * The ensemble's members: one of each family (last week's value, a decomposition, a linear and a
   * tree regression), so that their errors differ and the median cancels some of them.
   */
  public static final List<String> ENSEMBLE_MEMBERS =
      List.of(SEASONAL_NAIVE_WEEK, STL_ETS, "elastic-net", "random-forest");

  /** Prefixed to a model's name: the same model fitted on the log scale ({@link LogScale}). */
  public static final String LOG_PREFIX = "log-";

  /**
   * The models that also come on the log scale: all but the seasonal-naive baselines (no use
   * there).
   */
  private static final List<String> ON_RAW_SCALE_ONLY =
      List.of(SEASONAL_NAIVE_DAY, SEASONAL_NAIVE_WEEK);

  private static final List<String> BASE =
      List.of(
          SEASONAL_NAIVE_DAY,
          SEASONAL_NAIVE_WEEK,
          STL_ETS,
          "ridge",
          "lasso",
          "elastic-net",
          "gbm",
          "gbm-quantile",
          "random-forest",
          ENSEMBLE);

  /** Every model, baselines first. */
  public static final List<String> NAMES =
      Stream.concat(
              BASE.stream(),
              BASE.stream().filter(n -> !ON_RAW_SCALE_ONLY.contains(n)).map(n -> LOG_PREFIX + n))
          .toList();

  /**
   * The models compared unless configured otherwise: each family on both scales (bursty traffic is
   * forecast better on the log scale, smooth traffic on the raw one, and the backtest tells which).
   * Not gbm-quantile: its point forecast is gbm's, so it can never score better than gbm, and its
   * second boosting costs as much as gbm itself; it stays available by name.
   */
  public static final List<String> DEFAULTS =
      List.of(
          SEASONAL_NAIVE_DAY,
          SEASONAL_NAIVE_WEEK,
          STL_ETS,
          "elastic-net",
          "gbm",
          "random-forest",
          ENSEMBLE,
          "log-stl-ets",
          "log-elastic-net",
          "log-random-forest",
          "log-ensemble");

  /** Whether the named model combines other models' forecasts (the ensembles, on either scale). */
  public static boolean isCombination(String name) {
    return name.equals(ENSEMBLE) || name.equals(LOG_PREFIX + ENSEMBLE);
  }

  /** The baselines a model must beat to be used. */
  public static final List<String> BASELINES = List.of(SEASONAL_NAIVE_DAY, SEASONAL_NAIVE_WEEK);

  private ModelCatalog() {}

  /** The forecaster called {@code name}; IllegalArgumentException naming the choices otherwise. */
  public static PointForecaster create(String name, Duration horizon, double quantile) {
    if (name.startsWith(LOG_PREFIX) && NAMES.contains(name)) {
      return new LogScale(
          name, create(name.substring(LOG_PREFIX.length()), horizon, quantile), horizon, quantile);
    }
    return switch (name) {
      case SEASONAL_NAIVE_DAY -> new SeasonalNaive(name, Duration.ofDays(1), horizon, quantile);
      case SEASONAL_NAIVE_WEEK -> new SeasonalNaive(name, Duration.ofDays(7), horizon, quantile);
      case STL_ETS -> new StlEts(name, horizon, quantile);
      case "ridge" -> new SmileRegression(name, SmileRegression.Kind.RIDGE, horizon, quantile);
      case "lasso" -> new SmileRegression(name, SmileRegression.Kind.LASSO, horizon, quantile);
      case "elastic-net" ->
          new SmileRegression(name, SmileRegression.Kind.ELASTIC_NET, horizon, quantile);
      case "gbm" -> new SmileRegression(name, SmileRegression.Kind.GBM, horizon, quantile);
      case "gbm-quantile" ->
          new SmileRegression(name, SmileRegression.Kind.GBM_QUANTILE, horizon, quantile);
      case "random-forest" ->
          new SmileRegression(name, SmileRegression.Kind.RANDOM_FOREST, horizon, quantile);
      case ENSEMBLE ->
          new Ensemble(
              name,
              ENSEMBLE_MEMBERS.stream().map(m -> create(m, horizon, quantile)).toList(),
              horizon,
              quantile);
      default ->
          throw new IllegalArgumentException(
              "unknown model '" + name + "', expected one of " + String.join(", ", NAMES));
    };
  }

  /** The named forecasters, baselines always included (they are the yardstick). */
  public static List<Forecaster> createAll(List<String> names, Duration horizon, double quantile) {
    LinkedHashSet<String> all = new LinkedHashSet<>(BASELINES);
    all.addAll(names);
    return all.stream().<Forecaster>map(n -> create(n, horizon, quantile)).toList();
  }
}
