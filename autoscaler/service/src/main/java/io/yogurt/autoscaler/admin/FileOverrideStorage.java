package io.yogurt.autoscaler.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import io.yogurt.config.files.RotatingFile;
import io.yogurt.config.files.Rotation;
import io.yogurt.models.ManualOverride;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Overrides in the state directory: {@code overrides.json}, {@code modes.json} and {@code
 * resumes.json}, rewritten atomically on each change so that they survive a crash, and {@code
 * audit.log}, one JSON line per change, rotated by size or day ({@code logs:}).
 */
public final class FileOverrideStorage implements OverrideStorage {

  private final Path file;
  private final Path modesFile;
  private final Path resumesFile;
  private final RotatingFile audit;
  private final InstantSource clock;
  private final Map<String, ManualOverride> byPool = new LinkedHashMap<>();
  private final Map<String, String> modes = new TreeMap<>();
  private final Map<String, Instant> resumes = new TreeMap<>();

  /**
   * @param clock dates the audit log's lines for its daily rotation
   */
  public FileOverrideStorage(Path stateDir, Rotation rotation, InstantSource clock)
      throws IOException {
    this.file = stateDir.resolve("overrides.json");
    this.modesFile = stateDir.resolve("modes.json");
    this.resumesFile = stateDir.resolve("resumes.json");
    this.audit = new RotatingFile(stateDir.resolve("audit.log"), rotation);
    this.clock = clock;
    if (Files.exists(file)) {
      List<ManualOverride> saved =
          OverrideJson.MAPPER.readValue(
              file.toFile(), new TypeReference<List<ManualOverride>>() {});
      saved.forEach(o -> byPool.put(o.pool(), o));
    }
    if (Files.exists(modesFile)) {
      modes.putAll(
          OverrideJson.MAPPER.readValue(
              modesFile.toFile(), new TypeReference<Map<String, String>>() {}));
    }
    if (Files.exists(resumesFile)) {
      resumes.putAll(
          OverrideJson.MAPPER.readValue(
              resumesFile.toFile(), new TypeReference<Map<String, Instant>>() {}));
    }
  }

  @Override
  public synchronized Map<String, Instant> resumes() {
    return Map.copyOf(resumes);
  }

  @Override
  public synchronized void putResume(String pool, Instant at) throws IOException {
    resumes.put(pool, at);
    writeAtomically(resumesFile, resumes);
  }

  @Override
  public synchronized Map<String, String> modes() {
    return Map.copyOf(modes);
  }

  @Override
  public synchronized void putMode(String pool, String mode) throws IOException {
    modes.put(pool, mode);
    writeAtomically(modesFile, modes);
  }

  @Override
  public synchronized List<ManualOverride> all() {
    return List.copyOf(byPool.values());
  }

  @Override
  public synchronized void put(ManualOverride o) throws IOException {
    byPool.put(o.pool(), o);
    save();
  }

  @Override
  public synchronized boolean remove(ManualOverride o) throws IOException {
    if (!o.equals(byPool.get(o.pool()))) {
      return false;
    }
    byPool.remove(o.pool());
    save();
    return true;
  }

  @Override
  public synchronized void audit(String entry) throws IOException {
    audit.append(entry + "\n", clock.instant());
  }

  private void save() throws IOException {
    writeAtomically(file, new ArrayList<>(byPool.values()));
  }

  private static void writeAtomically(Path target, Object value) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    OverrideJson.MAPPER.writeValue(tmp.toFile(), value);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
