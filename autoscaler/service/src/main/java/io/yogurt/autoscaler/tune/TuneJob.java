package io.yogurt.autoscaler.tune;

import io.yogurt.autoscaler.Settings;
import io.yogurt.autoscaler.loop.PoolSettings;
import io.yogurt.config.InvalidInputException;
import io.yogurt.models.History;
import io.yogurt.models.HistoryException;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code yogurt run}'s tune, daily by default: per pool, the same replay as {@code yogurt tune}
 * over the recorded history, and the choice applied unless a person's reset holds tunes off the
 * pool. A replay that fails, or too little history, leaves the setting in force and says why.
 */
public final class TuneJob {

  private static final Logger log = LoggerFactory.getLogger(TuneJob.class);

  private final Settings settings;
  private final History history;
  private final TuningStore store;
  private final Map<String, String> lastOutcome = new ConcurrentHashMap<>();

  public TuneJob(Settings settings, History history, TuningStore store) {
    this.settings = settings;
    this.history = history;
    this.store = store;
  }

  /** Picks up what the CLI wrote (an --apply or a --reset). */
  public void reload(Instant now) {
    try {
      store.reload();
    } catch (IOException e) {
      log.warn("cannot read the tuning file, keeping the tuning in force: {}", e.getMessage());
    }
  }

  /** One tune of every pool. */
  public void run(Instant now) {
    for (PoolSettings pool : pools()) {
      String name = pool.spec().name();
      if (store.held(name, now)) {
        note(name, "held off by a reset until " + store.entry(name).get().heldUntil());
        continue;
      }
      try {
        TuneRun.Outcome o =
            TuneRun.onHistory(
                settings,
                pool,
                history,
                "the recorded history",
                now,
                settings.tune().since(),
                settings.tune().threads());
        Margins m = o.choice().point().margins();
        store.apply(name, m, o.choice().meetsSlo(), o.evidence(), "tune job", now);
        note(
            name,
            (o.choice().meetsSlo() ? "applied " : "no setting met the SLO; applied the safest, ")
                + m.label()
                + " ("
                + o.evidence()
                + ")");
      } catch (InvalidInputException tooLittle) {
        note(name, "not tuned: " + tooLittle.getMessage());
      } catch (IOException | RuntimeException | HistoryException e) {
        note(name, "replay failed, the setting in force is unchanged: " + e.getMessage());
      }
    }
  }

  /** What the last run did for {@code pool}, for status; empty before the first. */
  public String lastOutcome(String pool) {
    return lastOutcome.getOrDefault(pool, "");
  }

  private List<PoolSettings> pools() {
    return settings.pools().stream().filter(p -> !p.policy().equals("static")).toList();
  }

  private void note(String pool, String what) {
    lastOutcome.put(pool, what);
    log.info("tune {}: {}", pool, what);
  }
}
