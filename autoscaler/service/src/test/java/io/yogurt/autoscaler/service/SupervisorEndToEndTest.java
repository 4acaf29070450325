package io.yogurt.autoscaler.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yogurt.autoscaler.Settings;
import io.yogurt.autoscaler.admin.AdminAccess;
import io.yogurt.cli.Yogurt;
import io.yogurt.config.ConfigFile;
import io.yogurt.models.Action;
import io.yogurt.models.ActionResult;
import io.yogurt.models.ReasonCode;
import io.yogurt.models.TickReport;
import io.yogurt.provider.supervisor.ProcessInfo;
import io.yogurt.provider.supervisor.ProcessState;
import io.yogurt.provider.supervisor.SupervisorProgram;
import io.yogurt.provider.supervisor.Supervisord;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service with {@code provider: supervisor} over two real supervisord servers standing for
 * hosts {@code a} and {@code b}, real worker JVMs in their process slots, the real broker, and
 * {@code yogurt load}: it scales 0 -> 6 -> 1 across both hosts with no request lost; a killed
 * worker is restarted by supervisord and kept, one killed three times is replaced as crash-looping,
 * one supervisord gave up on (FATAL) is replaced at once, and while one supervisord is down its
 * instances are left alone and {@code status} says so.
 */
@Tag("supervisord")
class SupervisorEndToEndTest {

  private static final Duration LONG = Duration.ofSeconds(120);

  @TempDir Path tmp;

  private Supervisord a;
  private Supervisord b;
  private final Recorder recorder = new Recorder();

  @AfterEach
  void stopHosts() throws InterruptedException {
    if (a != null) {
      a.stop();
    }
    if (b != null) {
      b.stop();
    }
  }

  @Test
  void scalesAcrossTwoHostsHealsThroughSupervisorAndHoldsWhenAHostIsGone() throws Exception {
    int brokerPort = RunProcess.freePort();
    String broker = "tcp://127.0.0.1:" + brokerPort;
    a = Supervisord.start(tmp.resolve("a"), program("a", broker));
    b = Supervisord.start(tmp.resolve("b"), program("b", broker));
    Path config = tmp.resolve("yogurt.yaml");
    Files.writeString(config, config(brokerPort));
    Map<String, String> env = Map.of("PASSWORD_A", a.password(), "PASSWORD_B", b.password());
    Settings settings =
        Settings.load(
            ConfigFile.parse("yogurt.yaml", new StringReader(Files.readString(config)), env::get));
    Path stateDir = Files.createDirectories(tmp.resolve("state"));

    try (StateDir state = StateDir.lock(stateDir);
        YogurtService service =
            YogurtService.start(settings, state, InstantSource.system(), List.of(recorder))) {
      await().atMost(LONG).until(() -> recorder.instances() == 0);

      // 0 -> 6 -> 1 under `yogurt load` (a 1-minute row a second): 1 req/s starts one worker
      // (the first requests wait for its boot: the client gives up after 2 x 10 s), 12 req/s need
      // 6 at 2 req/s each, 1 req/s one. Low rates and the echo handler: the first worker must
      // carry the load alone while the others boot.
      Path trace = tmp.resolve("trace.csv");
      Path loadConfig = tmp.resolve("load.yaml");
      Files.writeString(loadConfig, "pools:\n  echo: {}\n");
      Files.writeString(trace, trace(List.of(20, 45, 40), List.of(1, 12, 1)));
      CompletableFuture<Integer> load =
          CompletableFuture.supplyAsync(
              () ->
                  Yogurt.execute(
                      "load",
                      "--config",
                      loadConfig.toString(),
                      "--trace",
                      trace.toString(),
                      "--speedup",
                      "60",
                      "--endpoint",
                      broker));
      await().atMost(LONG).until(() -> live() == 6);
      List<String> six = names(recorder.last());
      assertEquals(3, six.stream().filter(n -> n.startsWith("echo-a-")).count(), six.toString());
      assertEquals(3, six.stream().filter(n -> n.startsWith("echo-b-")).count(), six.toString());
      await().atMost(LONG).until(() -> recorder.instances() == 1 && live() == 1);
      assertTrue(
          destroys(r -> true).stream().allMatch(d -> d.why().code() == ReasonCode.DRAINED),
          "scale-in drained each worker before stopping it");
      // Hold the pool at 3 for the healing checks, before the load ends and the policy wants 0.
      assertEquals(
          0,
          Yogurt.execute(
              "scale", "echo", "--to", "3", "--for", "1h", "--state-dir", stateDir.toString()));
      assertEquals(0, load.get(), "yogurt load: every request answered, none failed");
      await().atMost(LONG).until(() -> live() == 3);

      // A killed worker: supervisord restarts it under the same name; one loss is no crash loop.
      String victim = names(recorder.last()).get(0);
      Supervisord host = victim.startsWith("echo-a-") ? a : b;
      int destroysBefore = destroys(r -> true).size();
      killWhenUp(host, victim);
      await().atMost(LONG).until(() -> restartedAndUp(host, victim));
      await().atMost(LONG).until(() -> live() == 3 && names(recorder.last()).contains(victim));
      assertEquals(destroysBefore, destroys(r -> true).size(), "nothing replaced for one restart");

      // Killed twice more within the window: replaced as crash-looping.
      int victimDestroyedBefore = destroys(d -> d.instance().name().equals(victim)).size();
      killWhenUp(host, victim);
      killWhenUp(host, victim);
      await()
          .atMost(LONG)
          .until(
              () ->
                  destroys(d -> d.instance().name().equals(victim)).size() > victimDestroyedBefore);
      assertEquals(
          ReasonCode.CRASH_LOOP,
          destroys(d -> d.instance().name().equals(victim))
              .get(victimDestroyedBefore)
              .why()
              .code());
      await().atMost(LONG).until(() -> live() == 3);

      // Host b out of rotation, and its workers can no longer start: supervisord gives up (FATAL)
      // on a killed one, which is replaced at once, on a.
      assertEquals(0, Yogurt.execute("hosts", "out", "b", "--state-dir", stateDir.toString()));
      String onB =
          names(recorder.last()).stream()
              .filter(n -> n.startsWith("echo-b-"))
              .findFirst()
              .orElseThrow();
      // Slot names come back, so an earlier instance may have had this name: count from here.
      int destroyedBefore = destroys(d -> d.instance().name().equals(onB)).size();
      Files.createFile(tmp.resolve("b").resolve("broken"));
      killWhenUp(b, onB);
      await()
          .atMost(LONG)
          .until(() -> destroys(d -> d.instance().name().equals(onB)).size() > destroyedBefore);
      Action.Destroy gaveUp = destroys(d -> d.instance().name().equals(onB)).get(destroyedBefore);
      assertEquals(ReasonCode.CRASH_LOOP, gaveUp.why().code());
      assertTrue(gaveUp.why().message().contains("FATAL"), gaveUp.why().message());
      assertTrue(
          recorder.reports().stream()
              .flatMap(r -> r.pools().get(0).instanceStates().stream())
              .anyMatch(s -> s.name().equals(onB) && s.health().equals("failed")));
      // The broker may still count the FATAL worker live for a heartbeat or two after its destroy,
      // so wait for the pool as a whole: three live, at most one of them left on b.
      await()
          .atMost(LONG)
          .until(
              () ->
                  live() == 3
                      && names(recorder.last()).stream()
                              .filter(n -> n.startsWith("echo-b-"))
                              .count()
                          <= 1);
      assertFalse(names(recorder.last()).contains(onB), names(recorder.last()).toString());
      Files.delete(tmp.resolve("b").resolve("broken"));
      assertEquals(0, Yogurt.execute("hosts", "in", "b", "--state-dir", stateDir.toString()));

      // Host a's supervisord stops (its workers with it): its instances are left alone, not
      // replaced, not a mass loss; status says a is unreachable.
      long onA = names(recorder.last()).stream().filter(n -> n.startsWith("echo-a-")).count();
      assertTrue(onA >= 2, names(recorder.last()).toString());
      a.stop();
      int reportsBefore = recorder.reports().size();
      await().atMost(LONG).until(() -> unreachable() == onA);
      await().atMost(LONG).until(() -> recorder.reports().size() >= reportsBefore + 15);
      List<TickReport> whileDown =
          recorder.reports().subList(reportsBefore, recorder.reports().size());
      for (TickReport r : whileDown) {
        assertTrue(r.pools().get(0).actions().isEmpty(), "nothing done while a is down: " + r);
        assertFalse(r.pools().get(0).raised(ReasonCode.MASS_LOSS), r.toString());
      }
      JsonNode hosts = status(stateDir).path("hosts");
      assertEquals("unreachable", hosts.get(0).path("state").asText());
      assertTrue(hosts.get(0).path("detail").asText().contains("does not answer"));
      assertFalse(hosts.toString().contains(a.password()), "no password in the status");

      // Back, without its workers: they are relaunched.
      a.startAgain();
      await().atMost(LONG).until(() -> live() == 3 && unreachable() == 0);
    }
  }

  private int live() {
    return recorder.reports().isEmpty() ? -1 : recorder.last().pools().get(0).workersLive();
  }

  private long unreachable() {
    return recorder.last().pools().get(0).instanceStates().stream()
        .filter(s -> s.health().equals("unreachable"))
        .count();
  }

  private static List<String> names(TickReport r) {
    return r.pools().get(0).instanceStates().stream().map(TickReport.InstanceState::name).toList();
  }

  private List<Action.Destroy> destroys(Predicate<Action.Destroy> which) {
    return recorder.reports().stream()
        .flatMap(r -> r.pools().get(0).actions().stream())
        .filter(a -> !a.failed())
        .map(ActionResult::action)
        .filter(a -> a instanceof Action.Destroy)
        .map(a -> (Action.Destroy) a)
        .filter(which)
        .toList();
  }

  /** Kills a slot's worker once it has run a second (so that its restart shows a new start). */
  private static void killWhenUp(Supervisord host, String name) throws Exception {
    ProcessInfo p =
        await()
            .atMost(LONG)
            .until(
                () -> process(host, name),
                i -> i.state() == ProcessState.RUNNING && i.uptimeSeconds() >= 2);
    new ProcessBuilder("kill", "-9", String.valueOf(p.pid())).start().waitFor();
    await().atMost(LONG).until(() -> process(host, name).pid() != p.pid());
  }

  private static boolean restartedAndUp(Supervisord host, String name) throws Exception {
    return process(host, name).state() == ProcessState.RUNNING;
  }

  private static ProcessInfo process(Supervisord host, String name) throws Exception {
    return host.api().processes().get().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static JsonNode status(Path stateDir) throws Exception {
    AdminAccess access = AdminAccess.read(stateDir);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(access.url() + "/status"))
                    .header("Authorization", "Bearer " + access.token())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(r.body());
  }

  /** The pool's program on a host; its worker is this build's `yogurt worker`. */
  private String program(String host, String broker) throws Exception {
    Path launcher = tmp.resolve(host).resolve("bin").resolve("yogurt");
    Files.createDirectories(launcher.getParent());
    String java = ProcessHandle.current().info().command().orElse("java");
    Files.writeString(
        launcher,
        "#!/bin/sh\n"
            + "[ -e "
            + tmp.resolve(host).resolve("broken")
            + " ] && exit 3\n"
            + "exec "
            + java
            + " -Xmx48m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '"
            + System.getProperty("java.class.path")
            + "' io.yogurt.cli.Yogurt \"$@\"\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new SupervisorProgram(
            "yogurt-echo",
            "echo",
            "echo",
            host,
            4 * SupervisorProgram.SLOTS_PER_WORKER,
            launcher.toString(),
            broker,
            "echo",
            "",
            "",
            "",
            tmp.resolve(host).toString())
        .render()
        // A worker that cannot start is given up at once (FATAL) rather than after 3 tries.
        .replace("startretries=3", "startretries=0");
  }

  private String config(int brokerPort) {
    return """
        loop:
          tick: 1s
          dead-after: 10s
          crash-loop-losses: 3
          crash-loop-window: 5m
        broker:
          bind: tcp://127.0.0.1:%d
        admin:
          port: 0
        metrics:
          port: 0
        provider: supervisor
        supervisor:
          hosts:
            - {name: a, url: "%s", password: "${PASSWORD_A}", max-workers: 4}
            - {name: b, url: "%s", password: "${PASSWORD_B}", max-workers: 4}
        pools:
          echo:
            min: 0
            max: 6
            capacity-per-worker: 4
            target-utilization: 0.5
            scale-in-stabilization: 2s
            max-step-down: 6
            boot-grace: 60s
            drain-deadline: 10s
        """
        .formatted(brokerPort, a.url(), b.url());
  }

  /** A trace of 1-minute rows: {@code rows.get(i)} rows of {@code counts.get(i)} each. */
  private static String trace(List<Integer> rows, List<Integer> counts) {
    StringBuilder csv = new StringBuilder("timestamp,count\n");
    int row = 0;
    for (int phase = 0; phase < rows.size(); phase++) {
      for (int n = 0; n < rows.get(phase); n++, row++) {
        csv.append(
            String.format("2026-01-01 %02d:%02d:00,%d%n", row / 60, row % 60, counts.get(phase)));
      }
    }
    return csv.toString();
  }
}
