package io.yogurt.autoscaler.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.yogurt.autoscaler.loop.OverrideSource;
import io.yogurt.models.ManualOverride;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * People's overrides, one per pool, kept in {@code overrides.json} (written atomically, so they
 * survive a restart) with every change appended to {@code audit.log}. Expired ones are dropped,
 * and the expiry is audited too.
 */
public final class OverrideStore implements OverrideSource {

  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final Path file;
  private final Path audit;
  private final InstantSource clock;
  private final Map<String, ManualOverride> byPool = new LinkedHashMap<>();

  public OverrideStore(Path stateDir, InstantSource clock) throws IOException {
    this.file = stateDir.resolve("overrides.json");
    this.audit = stateDir.resolve("audit.log");
    this.clock = clock;
    if (Files.exists(file)) {
      List<ManualOverride> saved = JSON.readValue(file.toFile(), new TypeReference<List<ManualOverride>>() {});
      saved.forEach(o -> byPool.put(o.pool(), o));
    }
  }

  @Override
  public synchronized Optional<ManualOverride> active(String pool, Instant now) {
    expire(now);
    return Optional.ofNullable(byPool.get(pool));
  }

  public synchronized List<ManualOverride> all() {
    expire(clock.instant());
    return List.copyOf(byPool.values());
  }

  public synchronized void set(ManualOverride o) throws IOException {
    byPool.put(o.pool(), o);
    save();
    record("set", o.pool(), o.by(), describe(o));
  }

  /** Removes a pool's override; true if there was one. */
  public synchronized boolean clear(String pool, String by) throws IOException {
    ManualOverride removed = byPool.remove(pool);
    if (removed != null) {
      save();
      record("cleared", pool, by, describe(removed));
    }
    return removed != null;
  }

  private void expire(Instant now) {
    List<ManualOverride> expired = byPool.values().stream().filter(o -> !o.activeAt(now)).toList();
    if (expired.isEmpty()) {
      return;
    }
    expired.forEach(o -> byPool.remove(o.pool()));
    try {
      save();
      for (ManualOverride o : expired) {
        record("expired", o.pool(), "yogurt", describe(o));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String describe(ManualOverride o) {
    return (o.kind() == ManualOverride.Kind.PAUSE ? "pause" : "scale to " + o.count())
        + " until " + o.until() + (o.reason().isEmpty() ? "" : " (" + o.reason() + ")");
  }

  private void save() throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), new ArrayList<>(byPool.values()));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private void record(String what, String pool, String by, String detail) throws IOException {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("at", clock.instant().toString());
    line.put("event", "override " + what);
    line.put("pool", pool);
    line.put("by", by);
    line.put("detail", detail);
    Files.writeString(audit, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
