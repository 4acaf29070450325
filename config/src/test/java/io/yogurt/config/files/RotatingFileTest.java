package io.yogurt.config.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileTest {

  @TempDir Path dir;
  final Instant t0 = Instant.parse("2026-05-01T10:00:00Z");

  @Test
  void rotatesBySizeKeepingTheNewestOldFiles() throws Exception {
    RotatingFile f = new RotatingFile(dir.resolve("audit.log"), new Rotation(1024, false, 2));
    String line = "x".repeat(299) + "\n"; // 300 bytes: three fit in 1024
    for (int i = 0; i < 10; i++) {
      f.append(line.replaceFirst("x", String.valueOf(i)), t0);
    }
    assertEquals(List.of("9"), firstChars("audit.log"));
    assertEquals(List.of("6", "7", "8"), firstChars("audit.log.1"));
    assertEquals(List.of("3", "4", "5"), firstChars("audit.log.2"));
    assertFalse(Files.exists(dir.resolve("audit.log.3")), "keep 2");
  }

  @Test
  void rotatesOnTheFirstWriteOfANewDay() throws Exception {
    RotatingFile f = new RotatingFile(dir.resolve("stats.log"), new Rotation(1 << 20, true, 5));
    f.append("a\n", t0);
    f.append("b\n", t0.plus(Duration.ofHours(13))); // 23:00 the same day
    f.append("c\n", t0.plus(Duration.ofHours(14))); // the next day
    assertEquals(List.of("c"), Files.readAllLines(dir.resolve("stats.log")));
    assertEquals(List.of("a", "b"), Files.readAllLines(dir.resolve("stats.log.1")));
  }

  private List<String> firstChars(String name) throws Exception {
    return Files.readAllLines(dir.resolve(name)).stream().map(l -> l.substring(0, 1)).toList();
  }
}
