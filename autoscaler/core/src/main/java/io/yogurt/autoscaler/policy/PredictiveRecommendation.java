package io.yogurt.autoscaler.policy;

import io.yogurt.models.Forecast;
import io.yogurt.models.PolicyInput;
import io.yogurt.models.ReasonCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Raises the draft to cover the forecast's upper quantile over [now, now + lead time + tick]: the
 * capacity has to be there before the load arrives. Never lowers the draft, so the reactive floor
 * from the live backlog always holds; without a forecast it changes nothing and says so.
 */
public final class PredictiveRecommendation implements DecisionStep {

  /**
   * A forecast gives a step's total (5 minutes by default), but within the step arrivals scatter
   * around its mean rate like a Poisson count, and a minute that runs above the capacity queues
   * work. So the capacity covers the same quantile of one minute's count at the forecast rate
   * (normal approximation: rate + z * sqrt(rate / 60 s)), not only the mean rate. Taken at the
   * step's upper quantile, the two margins add up rather than combine: on the safe side.
   */
  static final Duration BUSY_MINUTE = Duration.ofMinutes(1);

  @Override
  public boolean usesForecast() {
    return true;
  }

  @Override
  public Draft apply(Draft draft, PolicyInput in) {
    if (in.forecast().isEmpty()) {
      return draft.note(ReasonCode.HOLD, "no usable forecast; reactive only");
    }
    Forecast f = in.forecast().get();
    Instant until = in.now().plus(in.leadTime()).plus(in.tick());
    double perStep = f.maxUpper(in.now(), until);
    if (Double.isNaN(perStep)) {
      return draft.note(
          ReasonCode.HOLD, "forecast from " + f.origin() + " does not cover now; reactive only");
    }
    double rate = perStep / (f.step().toMillis() / 1000.0);
    double busyRate = busyMinuteRate(rate, f.quantile());
    int need = (int) Math.ceil(busyRate / in.pool().capacityPerWorker() - 1e-9);
    if (need > draft.desired()) {
      return draft.to(
          need,
          ReasonCode.SCALE_UP_FORECAST,
          String.format(
              Locale.ROOT,
              "need %d for p%.0f forecast %.1f req/s (%.1f in a busy minute) within lead time %ds + tick (%s)",
              need,
              f.quantile() * 100,
              rate,
              busyRate,
              in.leadTime().toSeconds(),
              f.model()));
    }
    return draft;
  }

  /** The {@code quantile} of one minute's arrivals at {@code rate}, per second. */
  static double busyMinuteRate(double rate, double quantile) {
    double z = StandardNormal.quantile(Math.min(0.999, Math.max(0.5, quantile)));
    return rate + z * Math.sqrt(Math.max(0, rate) / (BUSY_MINUTE.toMillis() / 1000.0));
  }
}
