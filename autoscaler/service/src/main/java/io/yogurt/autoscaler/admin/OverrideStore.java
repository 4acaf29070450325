package io.yogurt.autoscaler.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.yogurt.config.files.Rotation;
import io.yogurt.models.ManualOverride;
import io.yogurt.models.OverrideSource;
import io.yogurt.models.PoolMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * People's overrides, one per pool, and the modes they switched pools to, kept in an {@link
 * OverrideStorage} so that they survive a restart, with every change audited. Expired ones are
 * dropped, and the expiry is audited too, once, even when several instances notice it.
 */
public final class OverrideStore implements OverrideSource {

  /** Rotation entries share the modes' storage (and audit) under this prefix. */
  private static final String HOST_PREFIX = "host:";

  private final OverrideStorage storage;
  private final InstantSource clock;

  /** Overrides in the state directory. */
  public OverrideStore(Path stateDir, InstantSource clock) throws IOException {
    this(new FileOverrideStorage(stateDir, Rotation.DEFAULT, clock), clock);
  }

  /** Overrides in the state directory, the audit log rotated as {@code rotation} says. */
  public OverrideStore(Path stateDir, Rotation rotation, InstantSource clock) throws IOException {
    this(new FileOverrideStorage(stateDir, rotation, clock), clock);
  }

  public OverrideStore(OverrideStorage storage, InstantSource clock) {
    this.storage = storage;
    this.clock = clock;
  }

  @Override
  public synchronized Optional<ManualOverride> active(String pool, Instant now) {
    try {
      return unexpired(now).stream().filter(o -> o.pool().equals(pool)).findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The mode a person switched the pool to, if any; it holds until switched again. */
  @Override
  public synchronized Optional<PoolMode> mode(String pool) {
    try {
      return Optional.ofNullable(storage.modes().get(pool)).map(PoolMode::of);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized Optional<Instant> resumedAt(String pool) {
    try {
      return Optional.ofNullable(storage.resumes().get(pool));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized OverrideSource snapshot(Instant now) {
    try {
      return new Snapshot(unexpired(now), storage.modes(), storage.resumes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Overrides, modes and resumes as read at one instant. */
  private record Snapshot(
      List<ManualOverride> overrides, Map<String, String> modes, Map<String, Instant> resumes)
      implements OverrideSource {
    @Override
    public Optional<Instant> resumedAt(String pool) {
      return Optional.ofNullable(resumes.get(pool));
    }

    @Override
    public Optional<ManualOverride> active(String pool, Instant now) {
      return overrides.stream().filter(o -> o.pool().equals(pool) && o.activeAt(now)).findFirst();
    }

    @Override
    public Optional<PoolMode> mode(String pool) {
      return Optional.ofNullable(modes.get(pool)).map(PoolMode::of);
    }
  }

  /**
   * Takes a host of the supervisor provider out of rotation (no new workers there) or puts it back.
   * Kept beside the pools' modes, under {@code host:<name>}, so that it is shared and survives a
   * restart wherever the modes are.
   */
  public synchronized void setHostRotation(String host, boolean inRotation, String by, String why)
      throws IOException {
    storage.putMode(HOST_PREFIX + host, inRotation ? "in" : "out");
    record(inRotation ? "host in rotation" : "host out of rotation", HOST_PREFIX + host, by, why);
  }

  /** The hosts a person took out of rotation. */
  public synchronized Set<String> hostsOutOfRotation() {
    try {
      return storage.modes().entrySet().stream()
          .filter(e -> e.getKey().startsWith(HOST_PREFIX) && e.getValue().equals("out"))
          .map(e -> e.getKey().substring(HOST_PREFIX.length()))
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized void setMode(String pool, PoolMode mode, String by) throws IOException {
    storage.putMode(pool, mode.text());
    record("mode set", pool, by, mode.text());
  }

  public synchronized List<ManualOverride> all() throws IOException {
    return unexpired(clock.instant());
  }

  public synchronized void set(ManualOverride o) throws IOException {
    storage.put(o);
    record("override set", o.pool(), o.by(), describe(o));
  }

  /**
   * Resumes a pool ({@code yogurt resume}): removes its override, and ends a suspension of its
   * launches (the pool's launch budget) if there is one. True if there was an override.
   */
  public synchronized boolean clear(String pool, String by) throws IOException {
    storage.putResume(pool, clock.instant());
    Optional<ManualOverride> current =
        storage.all().stream().filter(o -> o.pool().equals(pool)).findFirst();
    if (current.isEmpty() || !storage.remove(current.get())) {
      record("resumed", pool, by, "no override; a suspension of launches, if any, ends");
      return false;
    }
    record("override cleared", pool, by, describe(current.get()));
    return true;
  }

  private List<ManualOverride> unexpired(Instant now) throws IOException {
    List<ManualOverride> stored = storage.all();
    for (ManualOverride o : stored) {
      if (!o.activeAt(now) && storage.remove(o)) {
        record("override expired", o.pool(), "yogurt", describe(o));
      }
    }
    return stored.stream().filter(o -> o.activeAt(now)).toList();
  }

  private static String describe(ManualOverride o) {
    return (o.kind() == ManualOverride.Kind.PAUSE ? "pause" : "scale to " + o.count())
        + " until "
        + o.until()
        + (o.reason().isEmpty() ? "" : " (" + o.reason() + ")");
  }

  private void record(String event, String pool, String by, String detail) throws IOException {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("at", clock.instant().toString());
    entry.put("event", event);
    entry.put("pool", pool);
    entry.put("by", by);
    entry.put("detail", detail);
    try {
      storage.audit(OverrideJson.MAPPER.writeValueAsString(entry));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an audit entry of strings is always JSON", e);
    }
  }
}
