package io.yogurt.autoscaler.droplets;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.yogurt.autoscaler.ha.TestDatabase;
import io.yogurt.autoscaler.service.RunProcess;
import io.yogurt.autoscaler.service.TickFiles;
import io.yogurt.cli.Yogurt;
import io.yogurt.provider.digitalocean.fake.FakeDigitalOcean;
import io.yogurt.provider.digitalocean.fake.FakeDigitalOceanRig;
import io.yogurt.provider.digitalocean.fake.PackageServer;
import io.yogurt.provider.digitalocean.fake.SelfSignedTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code yogurt run} processes in HA (one PostgreSQL) drive one fake DigitalOcean API whose
 * list lags a create by 30 s, longer than a takeover takes. Both start alike, with a crash point
 * that halts the first process to reach it (as {@code kill -9}: no shutdown hook); the acting one
 * reaches it in the middle of a launch or of a drain, and the other, taking over, must carry on
 * from what the dead one wrote to the shared database: count the droplets it asked for (the shared
 * pending-creates journal), finish its drains (the shared loop memory), and neither launch a
 * duplicate nor drain anything again.
 */
@Tag("postgres")
class DropletTakeoverTest {

  private static final Duration TICK = Duration.ofSeconds(1);
  private static final Duration LIST_LAG = Duration.ofSeconds(30);

  @TempDir Path dir;

  private FakeDigitalOcean api;
  private PackageServer packages;
  private Path caFile;
  private TestDatabase database;
  private final List<Instance> instances = new ArrayList<>();

  record Instance(String name, Path state, Process process) {}

  record Tick(Instant at, Instance by, JsonNode pool) {}

  @BeforeEach
  void world() throws Exception {
    SelfSignedTls tls = SelfSignedTls.shared();
    api =
        new FakeDigitalOcean(InstantSource.system(), FakeDigitalOceanRig.TOKEN, tls)
            .bootDelay(Duration.ofSeconds(1))
            .listLag(LIST_LAG);
    caFile = tls.writeCertificate(dir.resolve("ca.pem"));
    packages =
        new PackageServer(Files.writeString(dir.resolve("yogurt-x.tar.gz"), "stand-in"), tls);
    database = TestDatabase.create("yogurt_takeover");
  }

  @Test
  void theInstanceTakingOverCountsTheLaunchTheKilledOneWasMaking() throws Exception {
    startBoth("droplet-created");
    scaleTo(3);
    Instance dead = awaitCrash();
    Instant crashed = Instant.now();
    Instance survivor = other(dead);
    Duration takeover = awaitTicksBy(survivor, crashed, 3);
    // The droplets the dead one created are not listed yet: without its journal the survivor would
    // see an empty pool and launch three more.
    Instant firstCreate = api.droplets().get(0).createdAt();
    assertTrue(
        crashed.plus(takeover).isBefore(firstCreate.plus(LIST_LAG)),
        "the takeover ("
            + takeover.toMillis()
            + " ms) came after the list showed the droplets: this run proves nothing");
    await()
        .alias("the created droplets listed; logs in " + dir)
        .atMost(LIST_LAG.plusSeconds(30))
        .until(() -> lastTickBy(survivor, "instances") == 3 && listed() == 3);
    awaitTicksBy(survivor, Instant.now(), 3);
    assertEquals(3, api.droplets().size(), api.droplets().toString());
    assertEquals(3, api.stats().creates(), "nothing created twice: " + api.stats());
    assertTrue(api.stats().duplicateNames().isEmpty(), api.stats().toString());
    assertEquals(List.of(), actionsBy(survivor, crashed, "launched"), "the survivor launched");
    System.out.printf(
        "FAULT MATRIX | kill -9 during a launch | %s took over %d ms after, launched nothing,"
            + " 3 droplets%n",
        survivor.name(), takeover.toMillis());
  }

  @Test
  void theInstanceTakingOverFinishesTheDrainsTheKilledOneStarted() throws Exception {
    startBoth("drained");
    scaleTo(3);
    await()
        .alias("settled at 3; logs in " + dir)
        .atMost(Duration.ofMinutes(2))
        .until(() -> lastTick("instances") == 3 && api.droplets().size() == 3);
    scaleTo(1);
    Instance dead = awaitCrash();
    Instant crashed = Instant.now();
    Instance survivor = other(dead);
    Duration takeover = awaitTicksBy(survivor, crashed, 1);
    await()
        .alias("the drained droplets destroyed; logs in " + dir)
        .atMost(Duration.ofMinutes(2))
        .until(() -> api.droplets().size() == 1 && lastTickBy(survivor, "instances") == 1);
    awaitTicksBy(survivor, Instant.now(), 3);
    assertEquals(1, api.droplets().size(), api.droplets().toString());
    assertEquals(3, api.stats().creates(), "nothing created again: " + api.stats());
    assertEquals(
        List.of(),
        actionsBy(survivor, crashed, "draining"),
        "the survivor drained again what the killed instance was draining");
    List<String> destroys = actionsBy(survivor, crashed, "destroyed");
    assertEquals(2, destroys.size(), "the survivor destroys the two drained: " + destroys);
    System.out.printf(
        "FAULT MATRIX | kill -9 during a drain | %s took over %d ms after, drained nothing again,"
            + " destroyed the 2 drained, created nothing%n",
        survivor.name(), takeover.toMillis());
  }

  private void startBoth(String crashPoint) throws Exception {
    List<String> jvm =
        List.of(
            "-Dyogurt.crash-at=" + crashPoint,
            "-Dyogurt.crash-once=" + dir.resolve("crashed"),
            "-Xmx256m");
    for (String name : List.of("a", "b")) {
      Path state = dir.resolve(name);
      Process p = RunProcess.start(config(name), state, jvm, dir.resolve(name + ".log"));
      instances.add(new Instance(name, state, p));
    }
    await()
        .alias("both instances checked in and ticking; logs in " + dir)
        .atMost(Duration.ofSeconds(90))
        .until(() -> checkedIn() == 2 && !ticks().isEmpty());
  }

  /** {@code yogurt scale echo --to n}, through one instance: the override is shared. */
  private void scaleTo(int n) {
    Instance alive =
        instances.stream().filter(i -> i.process().isAlive()).findFirst().orElseThrow();
    int code =
        Yogurt.commandLine()
            .execute(
                "scale",
                "echo",
                "--to",
                Integer.toString(n),
                "--for",
                "1h",
                "--state-dir",
                alive.state().toString());
    assertEquals(0, code, "yogurt scale echo --to " + n);
  }

  private Instance awaitCrash() {
    await()
        .alias("one instance halted at its crash point; logs in " + dir)
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> instances.stream().anyMatch(i -> !i.process().isAlive()));
    Instance dead =
        instances.stream().filter(i -> !i.process().isAlive()).findFirst().orElseThrow();
    assertEquals(137, dead.process().exitValue(), () -> RunProcess.log(logOf(dead)));
    assertTrue(Files.exists(dir.resolve("crashed")));
    return dead;
  }

  private Instance other(Instance dead) {
    return instances.stream().filter(i -> i != dead).findFirst().orElseThrow();
  }

  /** Waits for {@code n} ticks by {@code i} after {@code since}; how long after the first came. */
  private Duration awaitTicksBy(Instance i, Instant since, int n) {
    await()
        .alias(n + " ticks by " + i.name() + " after " + since + "; logs in " + dir)
        .atMost(Duration.ofSeconds(60))
        .until(() -> ticksBy(i, since).size() >= n);
    try {
      return Duration.between(since, ticksBy(i, since).get(0).at());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<Tick> ticksBy(Instance i, Instant since) throws IOException {
    return ticks().stream().filter(t -> t.by() == i && t.at().isAfter(since)).toList();
  }

  /** What {@code i} did after {@code since} (tick event lines such as "draining echo-x1-0"). */
  private List<String> actionsBy(Instance i, Instant since, String verb) throws IOException {
    List<String> out = new ArrayList<>();
    for (Tick t : ticksBy(i, since)) {
      for (JsonNode a : t.pool().path("actions")) {
        if (a.asText().startsWith(verb + " ")) {
          out.add(a.asText());
        }
      }
    }
    return out;
  }

  private int lastTick(String field) throws IOException {
    List<Tick> all = ticks();
    return all.isEmpty() ? -1 : all.get(all.size() - 1).pool().path(field).asInt(-1);
  }

  private int lastTickBy(Instance i, String field) throws IOException {
    List<Tick> mine = ticksBy(i, Instant.EPOCH);
    return mine.isEmpty() ? -1 : mine.get(mine.size() - 1).pool().path(field).asInt(-1);
  }

  /** How many droplets the API's list shows now (the lag passed). */
  private long listed() {
    Instant now = Instant.now();
    return api.droplets().stream().filter(d -> !now.isBefore(d.createdAt().plus(LIST_LAG))).count();
  }

  /** Every tick of both instances, from their tick event files, oldest first. */
  private List<Tick> ticks() throws IOException {
    List<Tick> all = new ArrayList<>();
    for (Instance i : instances) {
      for (JsonNode tick : TickFiles.read(i.state())) {
        all.add(
            new Tick(
                Instant.parse(tick.path("@timestamp").asText()), i, tick.path("pools").path(0)));
      }
    }
    all.sort(Comparator.comparing(Tick::at));
    return all;
  }

  private int checkedIn() {
    try (Connection c = DriverManager.getConnection(database.url());
        Statement s = c.createStatement();
        var r = s.executeQuery("SELECT count(*) FROM qrtz_scheduler_state")) {
      r.next();
      return r.getInt(1);
    } catch (SQLException notYet) {
      return 0; // the tables are not created yet
    }
  }

  private Path config(String name) throws IOException {
    return Files.writeString(
        dir.resolve(name + ".yaml"),
        """
        provider: digitalocean
        loop:
          tick: %dms
          dead-after: 1h             # these droplets never run a worker: no healing
        broker:
          bind: tcp://127.0.0.1:%d
        admin:
          port: 0
        metrics:
          port: 0
        pools:
          echo:
            min: 0
            max: 3
            scale-in-stabilization: 1s
            max-step-down: 3
            drain-deadline: 20s      # longer than a takeover: the drains are in flight
            boot-grace: 1s
        ha:
          enabled: true
          jdbc-url: "%s"
          instance-id: %s
          check-in-interval: 1000ms
        digitalocean:
          token: %s
          api-url: %s
          ca-certificate: %s
          create-settle: 60s
          worker:
            package-url: %s
            package-sha256: %s
            broker-endpoint: tcp://10.116.0.2:5555
        """
            .formatted(
                TICK.toMillis(),
                RunProcess.freePort(),
                database.url(),
                name,
                FakeDigitalOceanRig.TOKEN,
                api.url(),
                caFile,
                packages.url(),
                packages.sha256()));
  }

  private Path logOf(Instance i) {
    return dir.resolve(i.name() + ".log");
  }

  @AfterEach
  void stop() throws Exception {
    for (Instance i : instances) {
      RunProcess.stop(i.process());
    }
    packages.close();
    api.close();
    if (database != null) {
      database.close();
    }
  }
}
