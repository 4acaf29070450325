package io.yogurt.forecasting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Trained models on disk, versioned: {@code <dir>/<service>/<version>/model.bin} (Java
 * serialization of the fitted model) and {@code meta.json} ({@link ModelInfo}). A version is
 * written to a temporary directory and renamed into place, so a crash never leaves half a model.
 * Versions sort by training time; {@link #latestGood} is the newest not demoted. {@link #prune}
 * keeps the newest {@link #KEEP} versions and the newest good one, so a model trained every hour
 * does not fill the disk.
 */
public final class ModelStore {

  /**
   * Versions kept per service by {@link #prune} (a day of hourly models), besides the last good.
   */
  public static final int KEEP = 24;

  private static final String MODEL = "model.bin";
  private static final String META = "meta.json";

  private final Path dir;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public ModelStore(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** Saves a model as a new version and returns its directory. */
  public Path save(TrainedModel m) throws IOException {
    Path serviceDir = dir.resolve(safe(m.info().service()));
    Files.createDirectories(serviceDir);
    Path tmp = Files.createTempDirectory(serviceDir, ".incoming-");
    try (OutputStream out = Files.newOutputStream(tmp.resolve(MODEL));
        ObjectOutputStream oos = new ObjectOutputStream(out)) {
      oos.writeObject(m.model());
    }
    json.writeValue(tmp.resolve(META).toFile(), m.info());
    Path target = serviceDir.resolve(safe(m.info().version()));
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target);
    }
    return target;
  }

  /** Every stored version of a service's models, oldest first. */
  public List<ModelInfo> versions(String service) throws IOException {
    Path serviceDir = dir.resolve(safe(service));
    if (!Files.isDirectory(serviceDir)) {
      return List.of();
    }
    List<ModelInfo> infos = new ArrayList<>();
    try (Stream<Path> children = Files.list(serviceDir)) {
      for (Path p : children.filter(p -> Files.isRegularFile(p.resolve(META))).toList()) {
        infos.add(json.readValue(p.resolve(META).toFile(), ModelInfo.class));
      }
    }
    infos.sort(Comparator.comparing(ModelInfo::trainedAt).thenComparing(ModelInfo::version));
    return infos;
  }

  /** The newest model of the service, demoted or not. */
  public Optional<ModelInfo> latest(String service) throws IOException {
    List<ModelInfo> all = versions(service);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** The newest version of the service's models, read from disk. */
  public Optional<TrainedModel> latestModel(String service) throws IOException {
    Optional<ModelInfo> newest = latest(service);
    return newest.isEmpty() ? Optional.empty() : Optional.of(load(newest.get()));
  }

  /**
   * Removes all but the newest {@code keep} versions of the service's models and the newest one not
   * demoted.
   *
   * @return how many versions were removed
   */
  public int prune(String service, int keep) throws IOException {
    List<ModelInfo> all = versions(service);
    Optional<ModelInfo> good =
        all.stream().filter(i -> !i.demoted()).reduce((a, b) -> b); // the newest good one
    int removed = 0;
    for (int i = 0; i < all.size() - keep; i++) {
      ModelInfo old = all.get(i);
      if (good.isPresent() && good.get().version().equals(old.version())) {
        continue;
      }
      deleteVersion(dir.resolve(safe(service)).resolve(safe(old.version())));
      removed++;
    }
    return removed;
  }

  private static void deleteVersion(Path version) throws IOException {
    try (Stream<Path> files = Files.list(version)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(version);
  }

  /** The newest model of the service that was not demoted. */
  public Optional<TrainedModel> latestGood(String service) throws IOException {
    List<ModelInfo> all = versions(service);
    for (int i = all.size() - 1; i >= 0; i--) {
      if (!all.get(i).demoted()) {
        return Optional.of(load(all.get(i)));
      }
    }
    return Optional.empty();
  }

  /** Marks a version as not to be used again, with the reason. */
  public void demote(String service, String version, String because) throws IOException {
    Path meta = dir.resolve(safe(service)).resolve(safe(version)).resolve(META);
    ModelInfo info = json.readValue(meta.toFile(), ModelInfo.class);
    Path tmp = meta.resolveSibling(META + ".tmp");
    json.writeValue(tmp.toFile(), info.demote(because));
    Files.move(tmp, meta, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private TrainedModel load(ModelInfo info) throws IOException {
    Path p = dir.resolve(safe(info.service())).resolve(safe(info.version())).resolve(MODEL);
    try (InputStream in = Files.newInputStream(p);
        ObjectInputStream ois = new ObjectInputStream(in)) {
      // Only our classes, Smile's and the JDK's may be revived from a model file.
      ois.setObjectInputFilter(
          ObjectInputFilter.Config.createFilter("io.yogurt.**;smile.**;java.**;[*;!*"));
      return new TrainedModel((CalibratedModel) ois.readObject(), info);
    } catch (ClassNotFoundException | ClassCastException e) {
      throw new IOException(
          p + ": not a model this version of Yogurt can read (" + e.getMessage() + ")", e);
    }
  }

  /** Service names and versions become directory names: keep them to a safe alphabet. */
  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
