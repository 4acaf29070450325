package io.yogurt.forecasting;

import io.yogurt.models.Series;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import smile.base.cart.Loss;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.type.StructType;
import smile.regression.ElasticNet;
import smile.regression.GradientTreeBoost;
import smile.regression.LASSO;
import smile.regression.LinearModel;
import smile.regression.RandomForest;
import smile.regression.RidgeRegression;

/**
 * A Smile regression over {@link FeatureExtractor} rows, direct multi-horizon strategy: one model
 * for every step ahead, with the step ahead as a feature. Features and target are standardised so
 * that one penalty suits every trace. Tree learners are deterministic (fixed seeds, no row
 * subsampling) so backtests repeat exactly.
 */
public final class SmileRegression extends PointForecaster {

  /** The learners on offer. */
  public enum Kind {
    RIDGE,
    LASSO,
    ELASTIC_NET,
    GBM,
    RANDOM_FOREST,
    /** GBM for the point and a second GBM with the quantile loss for the upper quantile. */
    GBM_QUANTILE
  }

  private static final String TARGET = "y";

  /** Training rows at most: past these, every k-th target is taken (see {@link #prepare}). */
  private static final int MAX_ROWS_LINEAR = 6000;

  private static final int MAX_ROWS_TREES = 3000;
  private static final int ROWS_PER_TARGET = 4;

  private final Kind kind;

  public SmileRegression(String name, Kind kind, Duration horizon, double quantile) {
    super(name, horizon, quantile);
    this.kind = kind;
  }

  @Override
  boolean buildsOnOtherFits() {
    return kind == Kind.GBM_QUANTILE;
  }

  @Override
  PointModel fitPoint(Series history) {
    Training t = prepare(history);
    if (kind == Kind.GBM_QUANTILE) {
      // The point part is plain gbm's: reuse its fit when gbm was just fitted on the same data.
      Model point =
          (Model)
              FitCache.fit(new SmileRegression("gbm", Kind.GBM, horizon(), quantile()), history);
      return point.withUpper(
          trees(
              GradientTreeBoost.fit(
                  Formula.lhs(TARGET),
                  t.df(),
                  Loss.quantile(quantile()),
                  100,
                  6,
                  32,
                  5,
                  0.1,
                  1.0)));
    }
    return new Model(
        t.fx(), t.xs(), t.ySd(), learn(t.df(), t.df().nrow()), null, t.df().schema(), t.keep());
  }

  private boolean isTrees() {
    return kind == Kind.GBM || kind == Kind.GBM_QUANTILE || kind == Kind.RANDOM_FOREST;
  }

  /** The standardised training rows and what turns a new row into one of them. */
  private record Training(FeatureExtractor fx, Scaler xs, double ySd, DataFrame df, int[] keep) {}

  private Training prepare(Series history) {
    double[] v = history.values();
    double mean = SeriesMath.nanMean(v, 0, v.length);
    FeatureExtractor fx =
        new FeatureExtractor(
            history.start(),
            history.step(),
            Double.isNaN(mean) ? 0 : mean,
            FeatureExtractor.Anchor.DAY_AGO);
    int horizonSteps = horizonSteps(history.step());
    int first = Math.min(12, v.length / 2);
    int width = fx.width();
    int cap = isTrees() ? MAX_ROWS_TREES : MAX_ROWS_LINEAR;
    int targets = v.length - first;
    // Short series: several steps ahead per target, so that each horizon has rows enough. Long
    // ones: past the cap, every k-th target (14 days of 1-minute data would otherwise blow the
    // training-time budget, of the tree learners above all, for little gain).
    int perTarget =
        Math.max(1, Math.min(Math.min(horizonSteps, ROWS_PER_TARGET), cap / Math.max(1, targets)));
    int stride = Math.max(1, (targets * perTarget + cap - 1) / cap);
    double[][] rows = new double[(targets / stride + 1) * perTarget][];
    double[] target = new double[rows.length];
    int n = 0;
    for (int t = first + (v.length - first - 1) % stride; t < v.length; t += stride) {
      if (Double.isNaN(v[t])) {
        continue;
      }
      for (int k = 0; k < perTarget; k++) {
        // The steps ahead cycle over the targets, so every horizon is learnt.
        int ahead = 1 + (int) ((t * 7L + (long) k * horizonSteps / perTarget) % horizonSteps);
        int origin = Math.max(1, t - ahead + 1);
        rows[n] = fx.row(v, origin, t - origin + 1);
        target[n] = v[t];
        n++;
      }
    }
    fx =
        fx.withAnchor(
            isTrees()
                ? FeatureExtractor.Anchor.RECENT_PLUS_DAY_INCREMENT
                : FeatureExtractor.Anchor.DAY_AGO);
    for (int i = 0; i < n; i++) {
      target[i] -= fx.baseline(rows[i]);
    }
    if (n < 2 * width) {
      throw new IllegalArgumentException(
          "too little history to fit " + name() + ": " + n + " usable steps, need " + 2 * width);
    }
    Scaler xs = Scaler.of(rows, n, width);
    int count = n;
    // Constant columns (a week's lag on less than a week of data) break the linear solvers.
    int[] keep = IntStream.range(0, width).filter(j -> varies(rows, count, j)).toArray();
    double ySd = sd(target, n);
    double[][] data = new double[n][keep.length + 1];
    for (int i = 0; i < n; i++) {
      double[] z = xs.apply(rows[i]);
      for (int j = 0; j < keep.length; j++) {
        data[i][j] = z[keep[j]];
      }
      data[i][keep.length] = target[i] / ySd;
    }
    String[] names = new String[keep.length + 1];
    for (int j = 0; j < keep.length; j++) {
      names[j] = FeatureExtractor.NAMES.get(keep[j]);
    }
    names[keep.length] = TARGET;
    return new Training(fx, xs, ySd, DataFrame.of(data, names), keep);
  }

  private Learned learn(DataFrame df, int n) {
    Formula f = Formula.lhs(TARGET);
    return switch (kind) {
      case RIDGE -> linear(RidgeRegression.fit(f, df, 0.01 * n));
      case LASSO -> linear(LASSO.fit(f, df, 0.002 * n, 1e-4, 500));
      case ELASTIC_NET -> linear(ElasticNet.fit(f, df, 0.002 * n, 0.01 * n, 1e-4, 500));
      case GBM, GBM_QUANTILE ->
          trees(GradientTreeBoost.fit(f, df, Loss.ls(), 100, 6, 32, 5, 0.1, 1.0));
      case RANDOM_FOREST -> {
        int mtry = Math.max(1, (df.ncol() - 1) / 3);
        RandomForest rf =
            sequentially(
                () -> RandomForest.fit(f, df, 50, mtry, 12, 200, 5, 1.0, LongStream.range(1, 51)));
        yield new Learned(rf::predict, rf.importance());
      }
    };
  }

  /**
   * Smile grows forest trees on a parallel stream, and trees grown concurrently draw from shared
   * random state in no fixed order: one worker thread makes the forest repeatable.
   */
  private static <T> T sequentially(Callable<T> task) {
    ForkJoinPool pool = new ForkJoinPool(1);
    try {
      return pool.submit(task).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fitting", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdown();
    }
  }

  private static Learned linear(LinearModel m) {
    double[] w = m.coefficients();
    double[] abs = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      abs[i] = Math.abs(w[i]);
    }
    return new Learned(t -> m.predict(t), abs);
  }

  private static Learned trees(GradientTreeBoost m) {
    return new Learned(m::predict, m.importance());
  }

  private static boolean varies(double[][] rows, int n, int j) {
    for (int i = 1; i < n; i++) {
      if (Math.abs(rows[i][j] - rows[0][j]) > 1e-9 * (1 + Math.abs(rows[0][j]))) {
        return true;
      }
    }
    return false;
  }

  private static double sd(double[] x, int n) {
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += x[i] / n;
    }
    double var = 0;
    for (int i = 0; i < n; i++) {
      var += (x[i] - mean) * (x[i] - mean) / n;
    }
    return var > 1e-12 ? Math.sqrt(var) : 1;
  }

  /** A serializable Tuple -> prediction function and its feature importance. */
  record Learned(Predictor predictor, double[] importance) implements Serializable {}

  /** Serializable so models can be stored. */
  interface Predictor extends Serializable {
    double predict(Tuple t);
  }

  /** Per-feature standardisation, fitted on the training rows. */
  record Scaler(double[] mean, double[] sd) implements Serializable {
    static Scaler of(double[][] rows, int n, int width) {
      double[] mean = new double[width];
      double[] sd = new double[width];
      for (int j = 0; j < width; j++) {
        double[] col = new double[n];
        for (int i = 0; i < n; i++) {
          col[i] = rows[i][j];
        }
        mean[j] = SeriesMath.nanMean(col, 0, n);
        sd[j] = SmileRegression.sd(col, n);
      }
      return new Scaler(mean, sd);
    }

    double[] apply(double[] row) {
      double[] z = new double[row.length];
      for (int j = 0; j < row.length; j++) {
        z[j] = (row[j] - mean[j]) / sd[j];
      }
      return z;
    }
  }

  /**
   * @param upper the quantile-loss learner, or null
   */
  private record Model(
      FeatureExtractor fx,
      Scaler xs,
      double ySd,
      Learned learned,
      Learned upper,
      StructType schema,
      int[] keep)
      implements PointModel {

    Model withUpper(Learned quantileLearner) {
      return new Model(fx, xs, ySd, learned, quantileLearner, schema, keep);
    }

    @Override
    public double[] predict(double[] v, Instant start, int origin, int horizon) {
      return run(learned, v, start, origin, horizon);
    }

    @Override
    public double[] upperBase(double[] v, Instant start, int origin, double[] point) {
      return upper == null ? point : run(upper, v, start, origin, point.length);
    }

    private double[] run(Learned l, double[] v, Instant start, int origin, int horizon) {
      FeatureExtractor here = fx.rebased(start);
      double[] p = new double[horizon];
      for (int h = 0; h < horizon; h++) {
        double[] row = here.row(v, origin, h + 1);
        double[] z = xs.apply(row);
        double[] full = new double[keep.length + 1];
        for (int j = 0; j < keep.length; j++) {
          full[j] = z[keep[j]];
        }
        p[h] = here.baseline(row) + ySd * l.predictor().predict(Tuple.of(full, schema));
      }
      return p;
    }

    @Override
    public Map<String, Double> importance() {
      Map<String, Double> m = new LinkedHashMap<>();
      double[] imp = learned.importance();
      double total = 0;
      for (double x : imp) {
        total += Math.abs(x);
      }
      for (int j = 0; j < Math.min(keep.length, imp.length); j++) {
        m.put(FeatureExtractor.NAMES.get(keep[j]), total == 0 ? 0 : Math.abs(imp[j]) / total);
      }
      return m;
    }
  }
}
