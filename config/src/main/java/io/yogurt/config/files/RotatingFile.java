package io.yogurt.config.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A file of lines that is only ever appended to, rotated by size or by day ({@link Rotation}): the
 * current one keeps its name, older ones are {@code NAME.1} (newest) to {@code NAME.keep}. Each
 * append is one write of whole lines, so a reader (Logstash, a person) never sees half a line
 * unless the disk fills up in the middle of one.
 */
public final class RotatingFile {

  private final Path file;
  private final Rotation rotation;
  private LocalDate day;

  public RotatingFile(Path file, Rotation rotation) {
    this.file = file;
    this.rotation = rotation;
  }

  public Path path() {
    return file;
  }

  /**
   * Appends {@code lines} (each ending in a newline), written at {@code now}, rotating first when
   * due.
   */
  public synchronized void append(String lines, Instant now) throws IOException {
    byte[] bytes = lines.getBytes(StandardCharsets.UTF_8);
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    if (Files.exists(file)) {
      if (day == null) {
        day = LocalDate.ofInstant(Files.getLastModifiedTime(file).toInstant(), ZoneOffset.UTC);
      }
      long size = Files.size(file);
      boolean newDay = rotation.daily() && today.isAfter(day);
      if (size > 0 && (newDay || size + bytes.length > rotation.maxBytes())) {
        rotate();
      }
    }
    Files.write(
        file,
        bytes,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND,
        StandardOpenOption.WRITE);
    day = today;
  }

  private void rotate() throws IOException {
    Files.deleteIfExists(numbered(rotation.keep()));
    for (int n = rotation.keep() - 1; n >= 1; n--) {
      Path from = numbered(n);
      if (Files.exists(from)) {
        Files.move(from, numbered(n + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
  }

  private Path numbered(int n) {
    return file.resolveSibling(file.getFileName() + "." + n);
  }
}
