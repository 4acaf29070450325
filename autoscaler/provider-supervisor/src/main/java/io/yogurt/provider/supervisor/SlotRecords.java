package io.yogurt.provider.supervisor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The slots this Yogurt started, one small file each ({@code supervisor/<host>/<name>.slot}: pool,
 * launch key, when), written before the start is asked for. They give a launch its idempotency
 * across a crash, an instance its age across restarts of its worker, and the instances of a host
 * that does not answer.
 */
final class SlotRecords {

  /** One started slot. */
  record Slot(String host, String name, String pool, String launchKey, Instant createdAt) {}

  private final Path dir;

  SlotRecords(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  void write(Slot s) {
    Properties p = new Properties();
    p.setProperty("pool", s.pool());
    p.setProperty("launchKey", s.launchKey());
    p.setProperty("createdAt", s.createdAt().toString());
    try {
      Path hostDir = Files.createDirectories(dir.resolve(s.host()));
      Path tmp = hostDir.resolve(s.name() + ".slot.tmp");
      try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(out, null);
      }
      Files.move(
          tmp,
          hostDir.resolve(s.name() + ".slot"),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void delete(String host, String name) {
    try {
      Files.deleteIfExists(dir.resolve(host).resolve(name + ".slot"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Remembers when Yogurt stopped a slot: supervisord forgets it when it restarts. */
  void stopped(String host, String name, Instant at) {
    try {
      Path hostDir = Files.createDirectories(dir.resolve(host));
      Files.writeString(hostDir.resolve(name + ".stopped"), at.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** When Yogurt last stopped each slot of a host, in epoch seconds, by name. */
  Map<String, Long> stoppedAt(String host) {
    Map<String, Long> out = new HashMap<>();
    Path hostDir = dir.resolve(host);
    if (!Files.isDirectory(hostDir)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(hostDir, "*.stopped")) {
      for (Path f : files) {
        String file = f.getFileName().toString();
        try {
          out.put(
              file.substring(0, file.length() - ".stopped".length()),
              Instant.parse(Files.readString(f, StandardCharsets.UTF_8).trim()).getEpochSecond());
        } catch (NoSuchFileException | DateTimeParseException ignored) {
          // gone meanwhile, or cut short by a crash: as if never stopped
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Every slot recorded on a host. */
  List<Slot> of(String host) {
    Path hostDir = dir.resolve(host);
    List<Slot> out = new ArrayList<>();
    if (!Files.isDirectory(hostDir)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(hostDir, "*.slot")) {
      for (Path f : files) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
          p.load(in);
        } catch (NoSuchFileException deletedMeanwhile) {
          continue; // status reads while the loop stops a slot
        }
        String file = f.getFileName().toString();
        out.add(
            new Slot(
                host,
                file.substring(0, file.length() - ".slot".length()),
                p.getProperty("pool", ""),
                p.getProperty("launchKey", ""),
                Instant.parse(p.getProperty("createdAt", Instant.EPOCH.toString()))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
