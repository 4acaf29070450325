package io.yogurt.history.embedded;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.history.HistorySettings;
import io.yogurt.models.SeriesQuery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a process that is appending (SIGKILL, no shutdown hooks) and checks what survived. */
class EmbeddedCrashTest {

  @TempDir Path stateDir;

  @Test
  void aKilledWriterLosesAtMostTheTickInProgressAndNeverHalfATick() throws Exception {
    for (int round = 0; round < 3; round++) {
      int acknowledged = runAndKill(200 + round * 150);
      try (EmbeddedHistory h = EmbeddedHistory.open(stateDir, HistorySettings.DEFAULT)) {
        int ticks = acknowledged + 2;
        for (int tick = 0; tick < ticks; tick++) {
          int present = 0;
          for (int i = 0; i < AppendUntilKilled.SAMPLES_PER_TICK; i++) {
            SeriesQuery q =
                new SeriesQuery(
                    "svc" + i,
                    "arrivals",
                    AppendUntilKilled.T0.plusSeconds(tick),
                    AppendUntilKilled.T0.plusSeconds(tick + 1),
                    Duration.ofSeconds(1));
            if (!h.read(q).isGap(0)) {
              present++;
            }
          }
          assertTrue(
              present == 0 || present == AppendUntilKilled.SAMPLES_PER_TICK,
              "tick "
                  + tick
                  + " is torn: "
                  + present
                  + " of "
                  + AppendUntilKilled.SAMPLES_PER_TICK
                  + " samples");
          if (tick <= acknowledged) {
            assertTrue(present > 0, "tick " + tick + " was acknowledged but is lost");
          }
        }
        assertEquals(
            0, h.outboxSize() % AppendUntilKilled.SAMPLES_PER_TICK, "the outbox holds whole ticks");
      }
    }
  }

  /** Starts the writer, waits until it acknowledged at least {@code ticks} ticks, kills it. */
  private int runAndKill(int ticks) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                AppendUntilKilled.class.getName(),
                stateDir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    AtomicInteger last = new AtomicInteger(-1);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  last.set(Integer.parseInt(line.trim()));
                }
              } catch (Exception ignored) {
                // the process was killed mid-line
              }
            });
    reader.start();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> last.get() >= ticks || !p.isAlive());
      assertTrue(p.isAlive(), "the writer died on its own");
      p.destroyForcibly(); // SIGKILL on Linux
      p.waitFor();
    } finally {
      p.destroyForcibly();
    }
    reader.join(5_000);
    return last.get();
  }
}
