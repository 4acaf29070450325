package io.yogurt.autoscaler.tune;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.yogurt.autoscaler.policy.TunedPolicy;
import io.yogurt.config.DurationText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The margins {@code yogurt tune} applied, per pool, in {@code <state-dir>/tuning.json} (written
 * atomically), every change appended to {@code <state-dir>/audit.log} as the overrides' are. A
 * person's reset puts the configured margins back and holds further tunes off the pool until a
 * time: the override that reverses a tune. Read by the loop from memory ({@link #tuning}); {@link
 * #reload} picks up what the CLI wrote.
 */
public final class TuningStore {

  /** What is stored for a pool. */
  public record Entry(
      String policy,
      double targetUtilization,
      String scaleInStabilization,
      double demandQuantile,
      String setting,
      String at,
      String by,
      String evidence,
      boolean meetsSlo,
      String heldUntil) {

    Margins margins() {
      return new Margins(
          policy,
          targetUtilization,
          DurationText.parse(scaleInStabilization).orElse(Duration.ofMinutes(1)),
          demandQuantile);
    }

    boolean applied() {
      return setting != null;
    }
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path file;
  private final Path audit;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public TuningStore(Path stateDir) throws IOException {
    this.file = stateDir.resolve("tuning.json");
    this.audit = stateDir.resolve("audit.log");
    reload();
  }

  /** Reads the file again (the CLI may have changed it). */
  public synchronized void reload() throws IOException {
    entries.clear();
    if (Files.exists(file)) {
      entries.putAll(JSON.readValue(file.toFile(), new TypeReference<Map<String, Entry>>() {}));
    }
  }

  /** The entry of {@code pool}, if any. */
  public Optional<Entry> entry(String pool) {
    return Optional.ofNullable(entries.get(pool));
  }

  /** Whether a person's reset holds tunes off {@code pool} at {@code now}. */
  public boolean held(String pool, Instant now) {
    Entry e = entries.get(pool);
    return e != null && e.heldUntil() != null && now.isBefore(Instant.parse(e.heldUntil()));
  }

  /** The tuning in force for {@code pool} and its policy, for {@link TunedPolicy}. */
  public Optional<TunedPolicy.Tuning> tuning(String pool, String policy) {
    Entry e = entries.get(pool);
    if (e == null || !e.applied() || !e.policy().equals(policy)) {
      return Optional.empty();
    }
    Margins m = e.margins();
    return Optional.of(
        new TunedPolicy.Tuning(
            m::applyTo,
            m.label()
                + " by "
                + e.by()
                + " at "
                + e.at()
                + " ("
                + e.evidence()
                + "); undo: yogurt tune --pool "
                + pool
                + " --reset"));
  }

  /** Puts {@code margins} in force for {@code pool}, with the replay's evidence. */
  public synchronized void apply(
      String pool, Margins margins, boolean meetsSlo, String evidence, String by, Instant now)
      throws IOException {
    Entry e =
        new Entry(
            margins.policy(),
            margins.utilization(),
            DurationText.format(margins.stabilization()),
            margins.demandQuantile(),
            margins.label(),
            now.toString(),
            by,
            evidence,
            meetsSlo,
            null);
    entries.put(pool, e);
    save();
    audit("tuning applied", pool, by, margins.label() + " (" + evidence + ")", now);
  }

  /** Back to the configured margins; no tune is applied to the pool before {@code now + hold}. */
  public synchronized void reset(String pool, Duration hold, String by, Instant now)
      throws IOException {
    Instant until = now.plus(hold);
    entries.put(
        pool,
        new Entry(
            "", 0, "0s", Double.NaN, null, now.toString(), by, "reset", false, until.toString()));
    save();
    audit("tuning reset", pool, by, "configured margins; tunes held off until " + until, now);
  }

  private void save() throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), new LinkedHashMap<>(entries));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private void audit(String event, String pool, String by, String detail, Instant now)
      throws IOException {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("at", now.toString());
    entry.put("event", event);
    entry.put("pool", pool);
    entry.put("by", by);
    entry.put("detail", detail);
    Files.writeString(
        audit,
        JSON.copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(entry) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
