package io.yogurt.autoscaler.faults;

import static io.yogurt.autoscaler.faults.ServiceRig.figure;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.yogurt.models.TickReport;
import io.yogurt.models.TickReport.SourceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault matrix: the disk under the state directory is full. Real full-disk errors without a real
 * full disk (which needs root and a mount): the tick event file and the loop's memory file are
 * {@code /dev/full}, where every write fails with the kernel's ENOSPC, and the history store is
 * capped ({@code history.embedded.max-bytes}), where SQLite fails with the error a full disk gives
 * (SQLITE_FULL). The loop keeps ticking on time and says so, in every tick report and in status;
 * when space comes back, the files are written again.
 */
class DiskFullFaultTest {

  @TempDir Path dir;

  @Test
  void theLoopKeepsTickingOnAFullDiskAndSaysSo() throws Exception {
    Path state = dir.resolve("state");
    Path events = Files.createDirectories(state.resolve("events"));
    Path memory = Files.createDirectories(state.resolve("loop-memory"));
    Path full = Path.of("/dev/full");
    Path todaysEvents =
        events.resolve("ticks-" + LocalDate.now(ZoneOffset.UTC) + ".jsonl"); // as TickEvents names
    Files.createSymbolicLink(todaysEvents, full);
    Files.createSymbolicLink(memory.resolve("echo.json.tmp"), full);
    String yaml =
        """
        loop:
          tick: 500ms
        broker:
          bind: tcp://127.0.0.1:0
        admin:
          port: 0
        history:
          embedded:
            max-bytes: 16384
        pools:
          echo:
            min: 1
            max: 1
        local:
          handler: echo
        """;
    try (ServiceRig rig = ServiceRig.start(state, yaml)) {
      await()
          .alias("the history store full, the memory file unwritable")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  rig.ticks.size() > 2
                      && !rig.source("history").map(SourceStatus::ok).orElse(true)
                      && !rig.source("loop-memory").map(SourceStatus::ok).orElse(true));
      int ticksBefore = rig.ticks.size();
      await().atMost(Duration.ofSeconds(20)).until(() -> rig.ticks.size() >= ticksBefore + 10);
      String history = rig.source("history").orElseThrow().detail();
      String loopMemory = rig.source("loop-memory").orElseThrow().detail();
      assertTrue(history.startsWith("STORAGE_FAILING: ") && history.contains("full"), history);
      assertTrue(loopMemory.contains("No space left on device"), loopMemory);
      JsonNode status = rig.status();
      assertTrue(status.path("sources").toString().contains("STORAGE_FAILING"), status.toString());
      List<TickReport> all = List.copyOf(rig.ticks);
      List<TickReport> whileFull = all.subList(ticksBefore, all.size());
      long slowest = whileFull.stream().mapToLong(r -> r.took().toMillis()).max().orElseThrow();

      Instant space = Instant.now();
      Files.delete(todaysEvents); // space again for the files
      Files.delete(memory.resolve("echo.json.tmp"));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  rig.source("loop-memory").map(SourceStatus::ok).orElse(false)
                      && Files.isRegularFile(todaysEvents)
                      && Files.size(todaysEvents) > 0);
      assertEquals(List.of(), rig.stackTraces, "no stack trace for an expected fault");
      figure(
          "disk full under the state directory",
          String.format(
              Locale.ROOT,
              "%d ticks while full, slowest %d ms; history, tick events and loop memory each"
                  + " reported once as STORAGE_FAILING / source down; files written again %.1f s"
                  + " after space came back",
              whileFull.size(),
              slowest,
              Duration.between(space, Instant.now()).toMillis() / 1000.0));
    }
  }
}
