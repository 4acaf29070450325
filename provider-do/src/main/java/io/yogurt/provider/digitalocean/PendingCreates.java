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
 * Droplets asked for but not yet shown by the API's list, written down before each create request
 * and kept until the list shows them or {@code create-settle} has passed. In a state directory the
 * journal survives a crash, so a restarted Yogurt counts what it may have created in its last
 * seconds instead of launching it again; without one it lives in memory only.
 *
 * <p>File format ({@code pending-creates}): one line per droplet, {@code name pool id at until}, id
 * 0 while the API has not answered; rewritten whole and atomically on each change.
 */
final class PendingCreates {

  /**
   * One droplet asked for.
   *
   * @param id the droplet's id once the create answered; 0 before (the create may or may not have
   *     happened)
   * @param until when to stop counting it if the list never shows it
   */
  record Pending(String name, String pool, long id, Instant at, Instant until) {}

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

  /** Writes these names down as about to be created (before the request is sent). */
  void asked(String pool, List<String> names, Instant at, Instant until) {
    for (String n : names) {
      byName.put(n, new Pending(n, pool, 0, at, until));
    }
    save();
  }

  /** The create answered with this droplet: it exists, with this id. */
  void created(DropletView d, Instant until) {
    Pending p = byName.get(d.name());
    if (p != null) {
      byName.put(d.name(), new Pending(d.name(), p.pool(), d.id(), d.createdAt(), until));
    }
  }

  /** The create certainly did not happen (the API refused it): forget these names. */
  void refused(List<String> names) {
    if (byName.keySet().removeAll(names)) {
      save();
    }
  }

  /** Forgets what the list shows now and what has waited past its time. */
  void settle(List<String> listed, Instant now) {
    boolean changed = byName.keySet().removeAll(listed);
    changed |= byName.values().removeIf(p -> p.until().isBefore(now));
    if (changed) {
      save();
    }
  }

  /** Forgets one name (destroyed before the list showed it). */
  void forget(String name) {
    if (byName.remove(name) != null) {
      save();
    }
  }

  /** What is pending for {@code pool}. */
  List<Pending> of(String pool) {
    return byName.values().stream().filter(p -> p.pool().equals(pool)).toList();
  }

  /** Persists the confirmed ids (cheaper than one write per created droplet). */
  void flush() {
    save();
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
