package io.yogurt.provider.digitalocean;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link CreateJournal} of one process: in a state directory it survives a crash, so a
 * restarted Yogurt counts what it may have created in its last seconds instead of launching it
 * again; without one it lives in memory only.
 *
 * <p>File format ({@code pending-creates}): one line per droplet, {@code name pool id at until}, id
 * 0 while the API has not answered; rewritten whole and atomically on each change.
 */
final class PendingCreates implements CreateJournal {

  private final Path file;
  private final Map<String, Pending> byName = new LinkedHashMap<>();

  private PendingCreates(Path file) {
    this.file = file;
  }

  /** A journal kept in memory only. */
  static PendingCreates inMemory() {
    return new PendingCreates(null);
  }

  /** The journal in {@code dir}, with what a previous run left in it. */
  static PendingCreates open(Path dir) throws IOException {
    Files.createDirectories(dir);
    PendingCreates j = new PendingCreates(dir.resolve("pending-creates"));
    if (Files.exists(j.file)) {
      for (String line : Files.readAllLines(j.file, StandardCharsets.UTF_8)) {
        String[] f = line.strip().split(" ");
        if (f.length == 5) {
          j.byName.put(
              f[0],
              new Pending(
                  f[0], f[1], Long.parseLong(f[2]), Instant.parse(f[3]), Instant.parse(f[4])));
        }
      }
    }
    return j;
  }

  @Override
  public void asked(String pool, List<String> names, Instant at, Instant until) {
    for (String n : names) {
      byName.put(n, new Pending(n, pool, 0, at, until));
    }
    save();
  }

  @Override
  public void created(List<Pending> created) {
    for (Pending c : created) {
      byName.computeIfPresent(c.name(), (name, p) -> c);
    }
    save(); // one write for the whole batch
  }

  @Override
  public void refused(List<String> names) {
    if (byName.keySet().removeAll(names)) {
      save();
    }
  }

  @Override
  public void settle(List<String> listed, Instant now) {
    boolean changed = byName.keySet().removeAll(listed);
    changed |= byName.values().removeIf(p -> p.until().isBefore(now));
    if (changed) {
      save();
    }
  }

  @Override
  public void forget(String name) {
    if (byName.remove(name) != null) {
      save();
    }
  }

  @Override
  public List<Pending> of(String pool) {
    return byName.values().stream().filter(p -> p.pool().equals(pool)).toList();
  }

  private void save() {
    if (file == null) {
      return;
    }
    List<String> lines = new ArrayList<>();
    for (Pending p : byName.values()) {
      lines.add(p.name() + " " + p.pool() + " " + p.id() + " " + p.at() + " " + p.until());
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.write(tmp, lines, StandardCharsets.UTF_8);
      try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        c.force(true); // on disk before the request that depends on it is sent
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
