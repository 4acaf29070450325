package io.yogurt.forecasting;

import io.yogurt.models.Series;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import smile.base.cart.Loss;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.type.StructType;
import smile.regression.GradientTreeBoost;
import smile.regression.LASSO;
import smile.regression.ElasticNet;
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
    RIDGE, LASSO, ELASTIC_NET, GBM, RANDOM_FOREST
  }

  private static final String TARGET = "y";
  private static final int MAX_ROWS = 8000;

  private final Kind kind;

  public SmileRegression(String name, Kind kind, Duration horizon, double quantile) {
    super(name, horizon, quantile);
    this.kind = kind;
  }

  @Override
  PointModel fitPoint(Series history) {
    double[] v = history.values();
    double mean = SeriesMath.nanMean(v, 0, v.length);
    FeatureExtractor fx = new FeatureExtractor(history.start(), history.step(),
        Double.isNaN(mean) ? 0 : mean, FeatureExtractor.Anchor.DAY_AGO);
    int horizonSteps = horizonSteps(history.step());
    int first = Math.min(12, v.length / 2);
    int width = fx.width();
    double[][] rows = new double[v.length][];
    double[] target = new double[v.length];
    int n = 0;
    // Past MAX_ROWS targets, take every k-th: 14 days of 1-minute data would otherwise blow the
    // training-time budget of the tree learners for little gain.
    int stride = Math.max(1, (v.length - first + MAX_ROWS - 1) / MAX_ROWS);
    for (int t = first + (v.length - first - 1) % stride; t < v.length; t += stride) {
      if (Double.isNaN(v[t])) {
        continue;
      }
      // Each target gets one step-ahead, cycling, so every horizon is learnt at the cost of one row.
      int ahead = 1 + (int) ((t * 7L) % horizonSteps);
      int origin = Math.max(1, t - ahead + 1);
      double[] row = fx.row(v, origin, t - origin + 1);
      rows[n] = row;
      target[n] = v[t];
      n++;
    }
    fx = fx.withAnchor(kind == Kind.GBM || kind == Kind.RANDOM_FOREST
        ? FeatureExtractor.Anchor.RECENT_PLUS_DAY_INCREMENT : FeatureExtractor.Anchor.DAY_AGO);
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
    int[] keep = java.util.stream.IntStream.range(0, width).filter(j -> varies(rows, count, j)).toArray();
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
    DataFrame df = DataFrame.of(data, names);
    return new Model(fx, xs, ySd, learn(df, n), df.schema(), keep);
  }

  private Learned learn(DataFrame df, int n) {
    Formula f = Formula.lhs(TARGET);
    return switch (kind) {
      case RIDGE -> linear(RidgeRegression.fit(f, df, 0.01 * n));
      case LASSO -> linear(LASSO.fit(f, df, 0.002 * n, 1e-4, 500));
      case ELASTIC_NET -> linear(ElasticNet.fit(f, df, 0.002 * n, 0.01 * n, 1e-4, 500));
      case GBM -> trees(GradientTreeBoost.fit(f, df, Loss.ls(), 150, 6, 32, 5, 0.08, 1.0));
      case RANDOM_FOREST -> {
        int mtry = Math.max(1, (df.ncol() - 1) / 3);
        RandomForest rf = RandomForest.fit(
            f, df, 80, mtry, 14, 400, 5, 1.0, java.util.stream.LongStream.range(1, 81));
        yield new Learned(rf::predict, rf.importance());
      }
    };
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

  private record Model(
      FeatureExtractor fx, Scaler xs, double ySd, Learned learned, StructType schema, int[] keep)
      implements PointModel {

    @Override
    public double[] predict(double[] v, Instant start, int origin, int horizon) {
      FeatureExtractor here = fx.rebased(start);
      double[] p = new double[horizon];
      for (int h = 0; h < horizon; h++) {
        double[] row = here.row(v, origin, h + 1);
        double[] z = xs.apply(row);
        double[] full = new double[keep.length + 1];
        for (int j = 0; j < keep.length; j++) {
          full[j] = z[keep[j]];
        }
        p[h] = here.baseline(row) + ySd * learned.predictor().predict(Tuple.of(full, schema));
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
