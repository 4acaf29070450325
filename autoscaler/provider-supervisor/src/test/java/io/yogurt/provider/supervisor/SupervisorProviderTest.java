package io.yogurt.provider.supervisor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.config.Secret;
import io.yogurt.models.Instance;
import io.yogurt.models.ManualClock;
import io.yogurt.models.ProviderException;
import io.yogurt.models.WorkerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider against two real supervisord servers standing for hosts {@code a} and {@code b},
 * each with a program of 4 slots for pool {@code echo} whose "worker" is a shell script that sleeps
 * (or exits 3 while a crash marker exists).
 */
@Tag("supervisord")
class SupervisorProviderTest {

  @TempDir Path tmp;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));
  private final Set<String> resting = new HashSet<>();
  private final AtomicInteger callsToB = new AtomicInteger();
  private Supervisord a;
  private Supervisord b;

  @BeforeEach
  void startHosts() throws IOException {
    Path worker = tmp.resolve("fake-worker");
    Files.writeString(
        worker, "#!/bin/sh\n[ -e " + tmp.resolve("crash") + " ] && exit 3\nexec sleep 600\n");
    Files.setPosixFilePermissions(worker, PosixFilePermissions.fromString("rwxr-xr-x"));
    a = Supervisord.start(tmp.resolve("a"), program("a", worker));
    b = Supervisord.start(tmp.resolve("b"), program("b", worker));
  }

  private String program(String host, Path worker) {
    return new SupervisorProgram(
            "yogurt-echo",
            "echo",
            "echo",
            host,
            4,
            worker.toString(),
            "tcp://127.0.0.1:5555",
            "echo",
            "",
            "",
            "",
            tmp.toString())
        .render()
        .replace("startsecs=2", "startsecs=1");
  }

  @AfterEach
  void stopHosts() throws InterruptedException {
    a.stop();
    b.stop();
  }

  private SupervisorSettings settings(HostSettings... hosts) {
    return new SupervisorSettings(
        List.of(hosts),
        "yogurt-{pool}",
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        Duration.ofMinutes(1),
        null);
  }

  private SupervisorProvider provider(HostSettings hostA, HostSettings hostB) throws IOException {
    SupervisorSettings s = settings(hostA, hostB);
    Map<String, SupervisorApi> apis = new LinkedHashMap<>();
    apis.put("a", new XmlRpcSupervisor(hostA, Duration.ofSeconds(2), Duration.ofSeconds(10)));
    apis.put(
        "b", counting(new XmlRpcSupervisor(hostB, Duration.ofSeconds(2), Duration.ofSeconds(10))));
    return new SupervisorProvider(
        s, apis, Set.of("echo"), tmp.resolve("state"), clock, () -> Set.copyOf(resting));
  }

  private SupervisorProvider provider() throws IOException {
    return provider(a.host("a", 3), b.host("b", 3));
  }

  private SupervisorApi counting(SupervisorApi api) {
    return new SupervisorApi() {
      @Override
      public CompletableFuture<List<ProcessInfo>> processes() {
        callsToB.incrementAndGet();
        return api.processes();
      }

      @Override
      public void start(String fullName) throws SupervisorException {
        callsToB.incrementAndGet();
        api.start(fullName);
      }

      @Override
      public void stop(String fullName) throws SupervisorException {
        callsToB.incrementAndGet();
        api.stop(fullName);
      }
    };
  }

  private static List<String> names(List<Instance> instances) {
    return instances.stream().map(Instance::name).sorted().toList();
  }

  @Test
  void launchesSpreadByFreeSlotsWithinMaxWorkersAndSurviveARestartOfYogurt() throws Exception {
    SupervisorProvider p = provider();
    List<Instance> first = p.launch("echo", 4, "echo-k1");
    assertEquals(List.of("echo-a-00", "echo-a-01", "echo-b-00", "echo-b-01"), names(first));
    assertEquals(List.of(), p.launch("echo", 4, "echo-k1"), "a retried launch adopts the first");

    SupervisorProvider restarted = provider(); // a new Yogurt process on the same state directory
    List<Instance> listed = restarted.list("echo");
    assertEquals(names(first), names(listed));
    assertTrue(listed.stream().allMatch(i -> i.launchKey().equals("echo-k1")), listed.toString());
    assertTrue(listed.stream().allMatch(i -> i.process().state() == WorkerProcess.State.RUNNING));

    assertEquals(2, restarted.launch("echo", 2, "echo-k2").size());
    ProviderException full =
        assertThrows(ProviderException.class, () -> restarted.launch("echo", 1, "echo-k3"));
    assertTrue(
        full.getMessage().contains("a full: 3 of max-workers 3 in use")
            && full.getMessage().contains("b full: 3 of max-workers 3 in use"),
        full.getMessage());

    Instance victim = listed.get(0);
    restarted.destroy(victim);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !names(restarted.list("echo")).contains(victim.name()));
    assertEquals(5, restarted.list("echo").size());
    restarted.destroy(victim); // destroying the gone is not an error
  }

  @Test
  void aCrashingWorkerIsReportedRestartedThenFailed() throws Exception {
    SupervisorProvider p = provider();
    Instance i = p.launch("echo", 1, "echo-k1").get(0);
    ProcessInfo running =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> processOf(a, i.name()),
                info -> info.state() == ProcessState.RUNNING && info.uptimeSeconds() >= 1);
    p.list("echo");
    new ProcessBuilder("kill", "-9", String.valueOf(running.pid())).start().waitFor();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> only(p.list("echo")).process().restarts() == 1);

    Files.createFile(tmp.resolve("crash")); // from now on every start exits 3 at once
    new ProcessBuilder("kill", "-9", String.valueOf(processOf(a, i.name()).pid()))
        .start()
        .waitFor();
    Instance failed =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> only(p.list("echo")), x -> x.process().failed());
    assertTrue(failed.process().detail().startsWith("FATAL"), failed.process().detail());
    assertTrue(failed.process().detail().contains("Exited too quickly"), failed.process().detail());
    HostReport reportA = p.hosts().get(0);
    assertEquals(1, reportA.failed().size(), reportA.toString());

    p.destroy(failed); // stopping a FATAL process frees its slot
    assertEquals(List.of(), p.list("echo"));
  }

  private static Instance only(List<Instance> instances) {
    assertEquals(1, instances.size(), instances.toString());
    return instances.get(0);
  }

  private static ProcessInfo processOf(Supervisord host, String name) throws Exception {
    return host.api().processes().get().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aHostThatStopsAnsweringKeepsItsInstancesMarkedUnreachable() throws Exception {
    SupervisorProvider p = provider();
    p.launch("echo", 4, "echo-k1");
    b.stop();
    List<Instance> listed = p.list("echo");
    assertEquals(4, listed.size(), "b's instances are still there, unknown rather than gone");
    List<Instance> onB = listed.stream().filter(i -> i.name().startsWith("echo-b-")).toList();
    assertEquals(2, onB.size());
    for (Instance i : onB) {
      assertTrue(i.process().unreachable(), i.toString());
      assertTrue(i.process().detail().startsWith("b (" + b.url() + "): does not answer"));
    }
    assertEquals("unreachable", p.hosts().get(1).state());
    assertEquals(List.of("echo-a-02"), names(p.launch("echo", 1, "echo-k2")), "only a takes more");

    b.startAgain(); // back, but its workers died with it (autostart=false keeps them stopped)
    assertEquals(List.of("echo-a-00", "echo-a-01", "echo-a-02"), names(p.list("echo")));
    assertEquals("ok", p.hosts().get(1).state());
  }

  @Test
  void aHostOutOfRotationTakesNoNewWorkers() throws Exception {
    SupervisorProvider p = provider();
    resting.add("a");
    assertEquals(List.of("echo-b-00", "echo-b-01"), names(p.launch("echo", 2, "echo-k1")));
    resting.add("b");
    ProviderException e =
        assertThrows(ProviderException.class, () -> p.launch("echo", 1, "echo-k2"));
    assertTrue(e.getMessage().contains("a out of rotation; b out of rotation"), e.getMessage());
    assertEquals("out of rotation", p.hosts().get(0).state());
  }

  @Test
  void wrongCredentialsAreOneMessageNamingTheHostAndAreNotRetriedEveryTick() throws Exception {
    HostSettings wrong =
        new HostSettings(
            "b", b.host("b", 3).url(), Supervisord.USER, new Secret("not-the-password"), 3, "");
    SupervisorProvider p = provider(a.host("a", 3), wrong);
    p.list("echo");
    assertEquals(1, callsToB.get());
    HostReport reportB = p.hosts().get(1);
    assertEquals("refused", reportB.state());
    assertTrue(
        reportB.detail().startsWith("b (" + b.url() + "): supervisord refused the credentials"),
        reportB.detail());
    assertFalse(reportB.detail().contains("not-the-password"));

    for (int tick = 0; tick < 5; tick++) {
      clock.advance(Duration.ofSeconds(10));
      p.list("echo");
    }
    assertEquals(1, callsToB.get(), "asked again only after recheck-after");
    clock.advance(Duration.ofMinutes(1));
    p.list("echo");
    assertEquals(2, callsToB.get());
  }

  @Test
  void aPoolWithoutAProgramOnAnyHostSaysWhatIsExpected() throws Exception {
    SupervisorProvider p = provider();
    ProviderException e = assertThrows(ProviderException.class, () -> p.launch("web", 1, "web-k1"));
    assertTrue(
        e.getMessage()
            .startsWith(
                "pool web: no free slot on any host (a has no program yogurt-web (expected a"
                    + " [program:yogurt-web] with numprocs slots; see yogurt hosts install)"),
        e.getMessage());
  }
}
