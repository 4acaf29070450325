package io.yogurt.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.broker.client.MdpSyncClient;
import io.yogurt.broker.probe.MdpProbe;
import io.yogurt.broker.probe.ProbeSettings;
import io.yogurt.broker.probe.ProbeTarget;
import io.yogurt.broker.worker.Handlers;
import io.yogurt.models.BrokerReading;
import io.yogurt.models.Observation;
import io.yogurt.models.ServiceLoad;
import io.yogurt.models.WorkerStatus;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeTest {

  private static final byte[] X = "x".getBytes(StandardCharsets.UTF_8);

  @Test
  void observesQueueWorkersAndCountsSinceThePreviousLook() throws Exception {
    try (Fixture f = new Fixture()) {
      f.worker("echo", "echo-1", Handlers.echo());
      f.worker("echo", "echo-2", Handlers.echo());
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
                      .service("echo")
                      .map(s -> s.workers().size() == 2)
                      .orElse(false));
      MdpSyncClient client = f.add(new MdpSyncClient(f.client(), Fixture.CLOCK));
      for (int i = 0; i < 7; i++) {
        client.request("echo", X);
      }
      Observation o = probe.observe(Fixture.CLOCK.instant());
      ServiceLoad echo = o.service("echo").orElseThrow();
      assertEquals(7, echo.arrivals());
      assertEquals(7, echo.completions());
      assertEquals(0, echo.queued());
      assertEquals(
          List.of("echo-1", "echo-2"),
          echo.workers().stream().map(WorkerStatus::identity).sorted().toList());
      assertTrue(echo.workers().stream().allMatch(w -> w.heartbeatAge().toMillis() < 5000));
      client.request("echo", X);
      assertEquals(
          1, probe.observe(Fixture.CLOCK.instant()).service("echo").orElseThrow().arrivals());
    }
  }

  @Test
  void anUnreachableBrokerIsAReadingNotAnException() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nobody listens there
    }
    try (Fixture f = new Fixture()) {
      String dead = "tcp://127.0.0.1:" + port;
      MdpProbe probe =
          f.add(
              new MdpProbe(
                  new ProbeSettings(
                      List.of(
                          ProbeTarget.of(dead, Duration.ofMillis(200)),
                          ProbeTarget.of(f.endpoint(), Duration.ofSeconds(2)))),
                  Fixture.CLOCK));
      Observation o = probe.observe(Fixture.CLOCK.instant());
      BrokerReading down = o.brokers().get(0);
      assertFalse(down.reachable());
      assertEquals("no answer within 200 ms (2 attempts)", down.error());
      assertTrue(o.brokers().get(1).reachable());
      assertTrue(o.partial());
      assertFalse(probe.drain("nobody"));
    }
  }

  @Test
  void drainsThroughEveryBroker() throws Exception {
    try (Fixture f = new Fixture()) {
      var w = f.worker("echo", "echo-9", Handlers.echo());
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
                      .service("echo")
                      .map(s -> s.workers().size() == 1)
                      .orElse(false));
      assertTrue(probe.drain("echo-9"));
      assertTrue(w.awaitTermination(Duration.ofSeconds(5)));
    }
  }
}
