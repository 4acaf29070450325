package io.yogurt.autoscaler.policy;

import io.yogurt.models.Forecast;
import io.yogurt.models.PolicyInput;
import io.yogurt.models.ReasonCode;
import java.time.Instant;
import java.util.Locale;

/**
 * Raises the draft to cover the forecast's upper quantile over [now, now + lead time + tick]: the
 * capacity has to be there before the load arrives. Never lowers the draft, so the reactive floor
 * from the live backlog always holds; without a forecast it changes nothing and says so.
 */
public final class PredictiveRecommendation implements DecisionStep {

  @Override
  public Draft apply(Draft draft, PolicyInput in) {
    if (in.forecast().isEmpty()) {
      return draft.note(ReasonCode.HOLD, "no usable forecast; reactive only");
    }
    Forecast f = in.forecast().get();
    Instant until = in.now().plus(in.leadTime()).plus(in.tick());
    double perStep = f.maxUpper(in.now(), until);
    if (Double.isNaN(perStep)) {
      return draft.note(ReasonCode.HOLD, "forecast from " + f.origin() + " does not cover now; reactive only");
    }
    double rate = perStep / (f.step().toMillis() / 1000.0);
    int need = (int) Math.ceil(rate / in.pool().capacityPerWorker() - 1e-9);
    if (need > draft.desired()) {
      return draft.to(need, ReasonCode.SCALE_UP_FORECAST, String.format(Locale.ROOT,
          "need %d for p%.0f forecast %.1f req/s within lead time %ds + tick (%s)",
          need, f.quantile() * 100, rate, in.leadTime().toSeconds(), f.model()));
    }
    return draft;
  }
}
