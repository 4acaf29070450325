package io.yogurt.autoscaler.tune;

import io.yogurt.autoscaler.Settings;
import io.yogurt.autoscaler.loop.PoolSettings;
import io.yogurt.autoscaler.simulate.HistoryTrace;
import io.yogurt.autoscaler.simulate.Replay;
import io.yogurt.config.DurationText;
import io.yogurt.config.InvalidInputException;
import io.yogurt.config.trace.Trace;
import io.yogurt.models.History;
import io.yogurt.models.HistoryException;
import io.yogurt.models.Progress;
import io.yogurt.simulations.SimulationSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One tune of one pool: reads the span to replay (the recorded history's last {@code since}, or a
 * trace's), checks there is enough of it (the span, plus forecast.min-history before it so that the
 * forecaster has a model), and sweeps the settings over it ({@link Tuner}).
 */
public final class TuneRun {

  /** What a tune found and what it would apply to the pool's policy. */
  public record Outcome(
      Frontier frontier, Map<String, String> inputs, Frontier.Choice choice, String evidence) {}

  private TuneRun() {}

  /** Tunes on the last {@code since} of the service's history before {@code end}. */
  public static Outcome onHistory(
      Settings settings,
      PoolSettings pool,
      History history,
      String where,
      Instant end,
      Duration since,
      int threads)
      throws InvalidInputException, HistoryException {
    Duration needed = since.plus(settings.forecast().minHistory());
    Instant readFrom = end.minus(since).minus(settings.forecast().trainingWindow());
    Trace trace;
    try {
      trace = HistoryTrace.read(history, where, pool.spec().service(), readFrom, end);
    } catch (InvalidInputException tooFew) {
      throw tooLittle(pool, where, Duration.ZERO, since, needed, settings);
    }
    Instant last = trace.end();
    Duration have = Duration.between(trace.start(), last);
    if (have.compareTo(needed) < 0) {
      throw tooLittle(pool, where, have, since, needed, settings);
    }
    return sweep(settings, pool, trace, last, since, threads);
  }

  /** Tunes on the {@code since} of {@code trace} before {@code to}. */
  public static Outcome onTrace(
      Settings settings, PoolSettings pool, Trace trace, Instant to, Duration since, int threads)
      throws InvalidInputException {
    Duration needed = since.plus(settings.forecast().minHistory());
    Duration have = Duration.between(trace.start(), to);
    if (have.compareTo(needed) < 0) {
      throw tooLittle(pool, trace.source(), have, since, needed, settings);
    }
    return sweep(settings, pool, trace, to, since, threads);
  }

  private static Outcome sweep(
      Settings settings, PoolSettings pool, Trace trace, Instant to, Duration since, int threads) {
    SimulationSettings sim =
        settings.simulation().withSla(pool.spec().slo().maxWait(), pool.spec().slo().percentile());
    double capacity = sim.capacity() > 0 ? sim.capacity() : pool.spec().capacityPerWorker();
    Instant from = to.minus(since);
    Replay replay =
        Replay.of(
            trace,
            from,
            to,
            sim,
            capacity,
            pool,
            settings.loop(),
            settings.forecast(),
            Progress.NONE);
    List<Margins> sweep = Sweep.of(pool.spec());
    Frontier f = Tuner.tune(replay, pool, sweep, Sweep.further(pool.spec()), threads);
    Frontier.Choice choice =
        f.choice(pool.policy())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no setting of the " + pool.policy() + " policy was replayed"));
    Map<String, String> inputs = new LinkedHashMap<>();
    inputs.put("pool", pool.spec().name());
    inputs.put("policy", pool.policy());
    inputs.put("trace", trace.source());
    inputs.put("from", from.toString());
    inputs.put("to", to.toString());
    inputs.put("slo", pool.spec().slo().toString());
    inputs.put("settings", Integer.toString(f.points().size()));
    inputs.put("forecasts", replay.forecasts().summary());
    inputs.put("minutes beyond max", Integer.toString(f.beyondMax().size()));
    String evidence =
        String.format(
            Locale.ROOT,
            "replay of %s to %s: %.3f%% SLA-violating minutes%s (the SLO allows %.3f%%), cost"
                + " %.2fx the oracle",
            DurationText.format(since),
            to,
            f.violationPctWithinMax(choice.point().result()),
            f.beyondMax().isEmpty()
                ? ""
                : " besides " + f.beyondMax().size() + " beyond max " + pool.spec().max(),
            (1 - pool.spec().slo().goodMinutes()) * 100,
            choice.point().result().summary().costVsOracle());
    return new Outcome(f, inputs, choice, evidence);
  }

  private static InvalidInputException tooLittle(
      PoolSettings pool,
      String where,
      Duration have,
      Duration since,
      Duration needed,
      Settings settings) {
    return new InvalidInputException(
        "tune "
            + pool.spec().name()
            + ": "
            + where
            + " holds "
            + human(have)
            + " of "
            + pool.spec().service()
            + "'s arrivals; --since "
            + DurationText.format(since)
            + " needs "
            + human(needed)
            + " ("
            + DurationText.format(since)
            + " to replay and forecast.min-history "
            + DurationText.format(settings.forecast().minHistory())
            + " before it, for the forecaster)");
  }

  private static String human(Duration d) {
    long hours = d.toHours();
    return hours >= 48
        ? d.toDays() + "d " + (hours % 24) + "h"
        : hours + "h " + d.toMinutesPart() + "m";
  }
}
