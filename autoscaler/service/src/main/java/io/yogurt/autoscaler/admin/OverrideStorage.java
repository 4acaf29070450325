package io.yogurt.autoscaler.admin;

import io.yogurt.models.ManualOverride;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where overrides and their audit trail are kept: the state directory, or PostgreSQL when several
 * instances share the work (HA), so that an override set through one holds on whichever ticks.
 */
public interface OverrideStorage {

  /** The stored overrides, expired ones included, at most one per pool. */
  List<ManualOverride> all() throws IOException;

  /** Stores {@code o} in place of its pool's override. */
  void put(ManualOverride o) throws IOException;

  /** Removes exactly {@code o}; false if it was no longer there (removed or replaced meanwhile). */
  boolean remove(ManualOverride o) throws IOException;

  /** Modes people switched pools to ({@code yogurt mode}), by pool; they outlast restarts. */
  Map<String, String> modes() throws IOException;

  void putMode(String pool, String mode) throws IOException;

  /** When a person last resumed each pool ({@code yogurt resume}). */
  Map<String, Instant> resumes() throws IOException;

  void putResume(String pool, Instant at) throws IOException;

  /** Appends one entry, a JSON object, to the audit trail. */
  void audit(String entry) throws IOException;
}
