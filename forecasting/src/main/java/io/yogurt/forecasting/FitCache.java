package io.yogurt.forecasting;

import io.yogurt.models.Series;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The last few point fits, by model and data: when the ensemble is fitted on the window its members
 * were just fitted on (a backtest, a selection), it reuses their fits instead of fitting them
 * again. Weakly referenced: it finds a fit only while its model is still in use somewhere (as the
 * members' are in a backtest), and never keeps a model alive by itself. Fits may run in parallel:
 * asking for a fit that another thread has under way waits for it rather than fitting the same
 * thing twice.
 */
final class FitCache {

  /** Enough for every member of an ensemble fitted on one window. */
  private static final int CAPACITY = 12;

  private static final Map<Key, WeakReference<PointModel>> FITS =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, WeakReference<PointModel>> eldest) {
          return size() > CAPACITY;
        }
      };

  private FitCache() {}

  /** Fits under way, so that a second thread asking for the same fit waits for it instead. */
  private static final Map<Key, CompletableFuture<PointModel>> IN_FLIGHT = new HashMap<>();

  /**
   * The forecaster's point fit on {@code data}: a cached one if it was fitted on the same values.
   */
  static PointModel fit(PointForecaster forecaster, Series data) {
    Key key =
        new Key(
            forecaster.name() + "@" + forecaster.quantile(),
            forecaster.horizonSteps(data.step()),
            data.start(),
            data.step(),
            data.values());
    CompletableFuture<PointModel> mine = new CompletableFuture<>();
    CompletableFuture<PointModel> theirs;
    synchronized (FITS) {
      WeakReference<PointModel> ref = FITS.get(key);
      PointModel known = ref == null ? null : ref.get();
      if (known != null) {
        return known;
      }
      theirs = IN_FLIGHT.putIfAbsent(key, mine);
    }
    if (theirs != null) {
      return await(theirs);
    }
    try {
      PointModel fitted =
          forecaster.fitPoint(
              data); // outside the lock: fits take seconds, other fits need not wait
      synchronized (FITS) {
        FITS.put(key, new WeakReference<>(fitted));
        IN_FLIGHT.remove(key);
      }
      mine.complete(fitted);
      return fitted;
    } catch (RuntimeException | Error e) {
      synchronized (FITS) {
        IN_FLIGHT.remove(key);
      }
      mine.completeExceptionally(e);
      throw e;
    }
  }

  private static PointModel await(CompletableFuture<PointModel> fit) {
    try {
      return fit.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** Model and data, compared by value (the values are copied: a caller may reuse its array). */
  private static final class Key {
    private final String model;
    private final int horizonSteps;
    private final Instant start;
    private final Duration step;
    private final double[] values;
    private final int hash;

    Key(String model, int horizonSteps, Instant start, Duration step, double[] values) {
      this.model = model;
      this.horizonSteps = horizonSteps;
      this.start = start;
      this.step = step;
      this.values = values.clone();
      this.hash =
          31 * (31 * (31 * model.hashCode() + horizonSteps) + start.hashCode())
              + Arrays.hashCode(values);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && hash == k.hash
          && horizonSteps == k.horizonSteps
          && model.equals(k.model)
          && start.equals(k.start)
          && step.equals(k.step)
          && Arrays.equals(values, k.values);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
