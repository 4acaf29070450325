package io.yogurt.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.broker.client.MdpClient;
import io.yogurt.broker.probe.MdpProbe;
import io.yogurt.broker.probe.ProbeSettings;
import io.yogurt.broker.probe.ProbeTarget;
import io.yogurt.broker.worker.Handlers;
import io.yogurt.broker.worker.WorkerAgent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Draining workers, and stopping them with SIGTERM-style stops, under continuous load loses
 * nothing.
 */
class DrainRaceTest {

  @Test
  void drainUnderContinuousLoadLosesNoRequest() throws Exception {
    try (Fixture f = new Fixture()) {
      List<WorkerAgent> workers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        workers.add(f.worker("work", "w-" + i, Handlers.sleep(Duration.ofMillis(1))));
      }
      MdpProbe probe =
          f.add(
              new MdpProbe(
                  new ProbeSettings(List.of(ProbeTarget.of(f.endpoint(), Duration.ofSeconds(2)))),
                  Fixture.CLOCK));
      Fixture.eventually()
          .until(
              () ->
                  probe
                      .observe(Fixture.CLOCK.instant())
                      .service("work")
                      .map(s -> s.workers().size() == 6)
                      .orElse(false));
      MdpClient client = f.add(new MdpClient(f.client().withMaxInFlight(32), Fixture.CLOCK));
      List<CompletableFuture<byte[]>> replies = new ArrayList<>();
      int sent = 0;
      for (int round = 0; round < 5; round++) {
        for (int i = 0; i < 400; i++) {
          replies.add(client.request("work", ("r" + sent++).getBytes(StandardCharsets.UTF_8)));
        }
        // Drain one worker through the broker, stop another the way SIGTERM does: both mid-load.
        if (round < 2) {
          assertTrue(probe.drain("w-" + round));
          workers.get(round + 3).stop();
        }
      }
      CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      for (int i = 0; i < sent; i++) {
        assertEquals("r" + i, new String(replies.get(i).get(), StandardCharsets.UTF_8));
      }
      for (int i : new int[] {0, 1, 3, 4}) {
        assertTrue(workers.get(i).awaitTermination(Duration.ofSeconds(5)), "w-" + i + " stopped");
      }
      Fixture.eventually()
          .until(
              () ->
                  probe
                          .observe(Fixture.CLOCK.instant())
                          .service("work")
                          .orElseThrow()
                          .workers()
                          .size()
                      == 2);
    }
  }
}
