package io.yogurt.autoscaler.local;

import io.yogurt.models.Instance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * One small file per local worker ({@code <name>.worker}: pid, pool, launch key, created), written
 * atomically before the launch returns, so a restarted Yogurt can find the processes it started.
 */
final class WorkerRecords {

  private final Path dir;

  WorkerRecords(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  Path logFile(String name) {
    return dir.resolve(name + ".log");
  }

  void write(Instance i) throws IOException {
    Properties p = new Properties();
    p.setProperty("pid", i.id());
    p.setProperty("name", i.name());
    p.setProperty("pool", i.pool());
    p.setProperty("launchKey", i.launchKey());
    p.setProperty("createdAt", i.createdAt().toString());
    Path tmp = dir.resolve(i.name() + ".worker.tmp");
    try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(out, null);
    }
    Files.move(
        tmp,
        dir.resolve(i.name() + ".worker"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  void delete(String name) {
    try {
      Files.deleteIfExists(dir.resolve(name + ".worker"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** When a record was last added, replaced or removed. */
  java.nio.file.attribute.FileTime lastChanged() throws IOException {
    return Files.getLastModifiedTime(dir);
  }

  List<Instance> readAll() throws IOException {
    List<Instance> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.worker")) {
      for (Path f : files) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
          p.load(in);
        }
        out.add(
            new Instance(
                p.getProperty("pid"),
                p.getProperty("name"),
                p.getProperty("pool"),
                Instance.Status.ACTIVE,
                Instant.parse(p.getProperty("createdAt")),
                p.getProperty("launchKey")));
      }
    }
    return out;
  }
}
