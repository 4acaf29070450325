package io.yogurt.autoscaler.faults;

import static io.yogurt.autoscaler.faults.ServiceRig.figure;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.yogurt.autoscaler.service.RunProcess;
import io.yogurt.broker.Broker;
import io.yogurt.broker.BrokerSettings;
import io.yogurt.broker.client.ClientSettings;
import io.yogurt.broker.client.MdpClient;
import io.yogurt.models.Action;
import io.yogurt.models.ReasonCode;
import io.yogurt.models.TickReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault matrix: a pool spanning two brokers, one stopped under load. The workers connected to it
 * and the load it carried are a blind spot: nothing is replaced and nothing scaled in because of
 * it, the pool is still sized up from the load the other broker shows, and the status names the
 * blind broker.
 */
class BlindBrokerFaultTest {

  @TempDir Path dir;

  @Test
  void aBlindBrokerCausesNoReplacementAndNoScaleInWhileTheKnownLoadStillSizesThePool()
      throws Exception {
    String a = "tcp://127.0.0.1:" + RunProcess.freePort();
    String b = "tcp://127.0.0.1:" + RunProcess.freePort();
    Broker brokerA = Broker.start(BrokerSettings.defaults(a), InstantSource.system());
    Broker brokerB = Broker.start(BrokerSettings.defaults(b), InstantSource.system());
    AtomicInteger rateA = new AtomicInteger(20);
    ScheduledExecutorService pacer = Executors.newScheduledThreadPool(2);
    String yaml =
        """
        loop:
          tick: 500ms
          dead-after: 3s
        broker:
          bind: tcp://127.0.0.1:0
        admin:
          port: 0
        probe:
          brokers: ["%s", "%s"]
          timeout: 300ms
        pools:
          echo:
            min: 2
            max: 8
            capacity-per-worker: 20
            target-utilization: 0.5
            scale-in-stabilization: 2s
            max-step-down: 8
            boot-grace: 30s
        local:
          handler: echo
          brokers: ["%s", "%s"]
        """
            .formatted(a, b, a, b);
    try (ServiceRig rig = ServiceRig.start(dir, yaml);
        MdpClient clientA = new MdpClient(ClientSettings.of(a), InstantSource.system());
        MdpClient clientB =
            new MdpClient(
                ClientSettings.of(b).withTimeout(Duration.ofSeconds(1), 0),
                InstantSource.system())) {
      byte[] body = "x".getBytes(StandardCharsets.UTF_8);
      pace(pacer, clientA, body, rateA);
      pace(pacer, clientB, body, new AtomicInteger(20));
      // 40 req/s at 10 planned per worker: 4 workers, two at each broker.
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  rig.last() != null
                      && rig.last().workersLive() >= 4
                      && rig.last().workersLive() == rig.last().instances());

      int before = rig.last().instances();
      Set<String> servedBefore =
          rig.last().instanceStates().stream()
              .map(TickReport.InstanceState::name)
              .collect(Collectors.toSet());
      Instant blind = Instant.now();
      brokerB.close();
      // Past dead-after and the stabilization window: a blind spot taken for dead workers or for
      // a drop in load would have acted by now.
      await()
          .during(Duration.ofSeconds(6))
          .atMost(Duration.ofSeconds(20))
          .until(() -> rig.last().instances() >= before);
      List<TickReport> whileBlind = after(rig, blind);
      assertTrue(
          whileBlind.stream()
              .flatMap(r -> r.pools().get(0).actions().stream())
              .noneMatch(
                  x -> x.action() instanceof Action.Destroy || x.action() instanceof Action.Drain),
          "nothing replaced or drained on the blind spot");
      assertTrue(rig.last().raised(ReasonCode.PARTIAL_VIEW), rig.last().events().toString());
      JsonNode status = rig.status();
      JsonNode lastDecision = status.path("pools").path(0).path("recent");
      String events = lastDecision.get(lastDecision.size() - 1).path("events").toString();
      assertTrue(events.contains("PARTIAL_VIEW: " + b + " did not answer"), events);
      boolean namedAsSource = false;
      for (JsonNode s : status.path("sources")) {
        if (s.path("name").asText().equals("broker " + b)) {
          namedAsSource = !s.path("ok").asBoolean();
        }
      }
      assertTrue(namedAsSource, status.path("sources").toString());

      rateA.set(60); // 60 req/s seen at a: 6 workers at least, known without b
      Instant raised = Instant.now();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> rig.last().instances() >= 6);
      Duration sizedUp = Duration.between(raised, Instant.now());
      int sizedTo = rig.last().instances();

      brokerB = Broker.start(BrokerSettings.defaults(b), InstantSource.system());
      Instant back = Instant.now();
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> rig.last().workersLive() == rig.last().instances());
      // An instance launched while b was down whose worker is still in its reconnect back-off
      // (up to 32 s) when b returns has never served; replacing it then is the rule. The ones
      // that served before the outage must never be replaced.
      assertFalse(
          after(rig, blind).stream()
              .flatMap(r -> r.pools().get(0).actions().stream())
              .anyMatch(
                  x ->
                      x.action() instanceof Action.Destroy d
                          && servedBefore.contains(d.instance().name())),
          "nothing that served before the outage replaced at any time");
      assertEquals(List.of(), rig.stackTraces, "no stack trace for an expected fault");
      figure(
          "one of two brokers stopped under load",
          String.format(
              Locale.ROOT,
              "blind %.1f s: 0 replaced, 0 drained; scaled up to %d on the known load %.1f s after"
                  + " it rose; every worker live again %.1f s after the broker came back",
              Duration.between(blind, back).toMillis() / 1000.0,
              sizedTo,
              sizedUp.toMillis() / 1000.0,
              Duration.between(back, Instant.now()).toMillis() / 1000.0));
    } finally {
      pacer.shutdownNow();
      brokerA.close();
      brokerB.close();
    }
  }

  private static List<TickReport> after(ServiceRig rig, Instant t) {
    return rig.ticks.stream().filter(r -> r.at().isAfter(t)).toList();
  }

  /** Sends {@code rate} requests a second through the client, whatever becomes of them. */
  private static void pace(
      ScheduledExecutorService pacer, MdpClient client, byte[] body, AtomicInteger rate) {
    pacer.scheduleAtFixedRate(
        () -> {
          for (int i = 0; i < rate.get() / 10; i++) {
            client.request("echo", body);
          }
        },
        0,
        100,
        TimeUnit.MILLISECONDS);
  }
}
