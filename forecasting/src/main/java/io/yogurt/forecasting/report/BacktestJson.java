package io.yogurt.forecasting.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yogurt.config.DurationText;
import io.yogurt.forecasting.BacktestProtocol;
import io.yogurt.forecasting.HorizonScore;
import io.yogurt.forecasting.ModelScores;

/**
 * The machine-readable backtest: {@code horizons} (one entry per step ahead and model with {@code
 * h, model, mae, rmse, mase, smape, mape, coverage, pinball}) and {@code summary} (mean MASE per
 * model, {@code selected}, and {@code autoChoices}: the model the {@code auto} row chose at each
 * refit). Unmeasurable figures are null, never NaN.
 */
public final class BacktestJson {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BacktestJson() {}

  public static ObjectNode of(BacktestReport r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("source", r.source());
    BacktestProtocol p = r.result().protocol();
    ObjectNode protocol = root.putObject("protocol");
    protocol.put("step", DurationText.format(r.result().series().step()));
    protocol.put("train", DurationText.format(p.train()));
    protocol.put("test", DurationText.format(p.test()));
    protocol.put("every", DurationText.format(p.every()));
    protocol.put("horizon", DurationText.format(p.horizon()));
    protocol.put("refit", r.refitNote());
    protocol.put("origins", r.result().origins());
    protocol.put("refits", r.result().refits());
    number(protocol, "maseScale", r.result().scale());
    ArrayNode horizons = root.putArray("horizons");
    int steps = r.result().models().get(0).horizons().size();
    for (int h = 0; h < steps; h++) {
      for (ModelScores m : r.result().models()) {
        HorizonScore s = m.horizons().get(h);
        ObjectNode e = horizons.addObject();
        e.put("h", s.h());
        e.put("model", m.model());
        e.put("n", s.n());
        number(e, "mae", s.mae());
        number(e, "rmse", s.rmse());
        number(e, "mase", s.mase());
        number(e, "smape", s.smape());
        number(e, "mape", s.mape());
        number(e, "coverage", s.coverage());
        number(e, "pinball", s.pinball());
      }
    }
    ObjectNode summary = root.putObject("summary");
    ObjectNode mase = summary.putObject("meanMase");
    ObjectNode models = summary.putObject("models");
    for (ModelScores m : r.result().models()) {
      number(mase, m.model(), m.meanMase());
      ObjectNode e = models.putObject(m.model());
      number(e, "mae", m.meanMae());
      number(e, "rmse", m.meanRmse());
      number(e, "mase", m.meanMase());
      number(e, "smape", m.meanSmape());
      number(e, "coverage", m.meanCoverage());
      number(e, "pinball", m.meanPinball());
      number(e, "fitMillis", m.fitMillis());
      number(e, "forecastMicros", m.forecastMicros());
    }
    summary.put("selected", r.selection().selected());
    summary.put("selectedBecause", r.selection().why());
    ArrayNode choices = summary.putArray("autoChoices");
    r.result().choices().forEach(choices::add);
    ObjectNode imp = summary.putObject("featureImportance");
    r.importance().forEach((k, v) -> number(imp, k, v));
    return root;
  }

  public static String text(BacktestReport r) {
    try {
      return JSON.writeValueAsString(of(r));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void number(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }
}
