package io.yogurt.autoscaler.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.yogurt.autoscaler.admin.AdminAccess;
import io.yogurt.autoscaler.ha.TestDatabase;
import io.yogurt.autoscaler.local.CommandLines;
import io.yogurt.cli.Yogurt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code yogurt run} processes sharing one Quartz schedule in a real PostgreSQL (from {@code
 * YOGURT_TEST_PG_URL}; scripts/test starts one): no tick period is ticked twice, none is left to
 * nobody twice in a row (a starved machine may skip one: misfires are skipped, never bunched), and
 * when the one acting is killed with {@code kill -9}, the other takes over within check-in interval
 * + Quartz's 7.5 s grace + misfire threshold + a tick.
 */
@Tag("postgres")
class HighAvailabilityTest {

  /**
   * Longer than the misfire threshold: a tick starts at most that late (later, it is skipped), so
   * every tick that runs lies within the period it fired for.
   */
  private static final Duration TICK = QuartzTicker.MISFIRE_THRESHOLD.multipliedBy(2);

  private static final Duration CHECK_IN = Duration.ofSeconds(1);
  private static final int WINDOW_PERIODS = 15;

  /**
   * Check-in, Quartz's fixed 7.5 s grace, the misfire threshold, a tick, and 3 s for a busy CI
   * machine.
   */
  private static final Duration FAILOVER_BOUND =
      CHECK_IN.plusMillis(7500).plus(QuartzTicker.MISFIRE_THRESHOLD).plus(TICK).plusSeconds(3);

  @TempDir Path dir;

  private final List<Instance> instances = new ArrayList<>();
  private TestDatabase database;

  /**
   * A database of this test's own: a fresh schedule, and Quartz's tables created by the instances.
   */
  @BeforeEach
  void createDatabase() throws SQLException {
    database = TestDatabase.create("yogurt_ha");
  }

  @Test
  void exactlyOneInstanceTicksEachPeriodAndTheOtherTakesOverWhenItIsKilled() throws Exception {
    String url = database.url();
    Instance a = start("a", url);
    Instance b = start("b", url);
    await()
        .alias("both instances checked in; logs in " + dir)
        .atMost(Duration.ofSeconds(60))
        .until(() -> checkedIn(url) == 2 && !ticks().isEmpty());
    // Compaction (and training, for predictive pools) work on each instance's own state: they stay
    // off the shared schedule, which would run them on only one instance.
    assertEquals(List.of("control-loop"), sharedJobs(url));

    Instant windowStart = Instant.now();
    await()
        .alias(WINDOW_PERIODS + " ticks")
        .atMost(TICK.multipliedBy(WINDOW_PERIODS * 3L))
        .until(() -> ticksAfter(windowStart).size() >= WINDOW_PERIODS);
    List<Tick> window = ticksAfter(windowStart).subList(0, WINDOW_PERIODS);
    // Each tick belongs to the period its trigger fired for: a tick starts late, never early, and
    // past the misfire threshold (at most one period) it is skipped rather than run.
    long phase = triggerStartMillis(url);
    int lateOrSkipped = 0;
    for (int i = 1; i < window.size(); i++) {
      long periods = period(window.get(i), phase) - period(window.get(i - 1), phase);
      assertTrue(
          periods > 0,
          "one period ticked twice: "
              + window.get(i - 1)
              + " then "
              + window.get(i)
              + " (periods start at "
              + Instant.ofEpochMilli(phase)
              + " + k * "
              + TICK.toMillis()
              + " ms)");
      // A starved machine may skip a period (by design: never bunched); two periods in a row
      // without a tick is a schedule nobody runs.
      assertTrue(
          periods <= 2,
          "two periods ticked by nobody: " + window.get(i - 1) + " then " + window.get(i));
      lateOrSkipped +=
          periods == 2 || lateness(window.get(i), phase).compareTo(TICK.dividedBy(2)) > 0 ? 1 : 0;
    }
    Instance acting = window.get(window.size() - 1).by();
    Instance survivor = acting == a ? b : a;
    // The one not ticking is a healthy standby, not a stalled service a supervisor would restart.
    String standbyHealth = health(survivor);
    assertTrue(standbyHealth.startsWith("200 "), standbyHealth);
    if (standbyHealth.contains("\"role\":\"standby\"")) {
      String status = statusText(survivor);
      assertTrue(status.contains("standby: another instance runs the loop"), status);
    }
    String actingHealth = health(acting);
    assertTrue(
        actingHealth.startsWith("200 ") && actingHealth.contains("\"role\":\"acting\""),
        actingHealth);
    Instant killed = Instant.now();
    acting.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    await()
        .alias(survivor.name() + " ticks after " + acting.name() + " was killed")
        .atMost(FAILOVER_BOUND)
        .until(() -> ticksAfter(killed).stream().filter(t -> t.by() == survivor).count() >= 3);
    List<Tick> after = ticksAfter(killed);
    assertTrue(health(survivor).contains("\"role\":\"acting\""), health(survivor));
    assertTrue(
        after.stream().allMatch(t -> t.by() == survivor), "the killed instance ticked: " + after);
    Duration failover = Duration.between(killed, after.get(0).at());
    System.out.println("HA: /healthz of the instance not acting before the kill: " + standbyHealth);
    System.out.printf(
        "HA: %d ticks of %d ms, none twice in a period, %d late or skipped (%d by a, %d by b);"
            + " failover after kill -9 of %s: %d ms (bound %d ms)%n",
        window.size(),
        TICK.toMillis(),
        lateOrSkipped,
        window.stream().filter(t -> t.by() == a).count(),
        window.stream().filter(t -> t.by() == b).count(),
        acting.name(),
        failover.toMillis(),
        FAILOVER_BOUND.toMillis());
  }

  record Instance(String name, Path state, int brokerPort, Process process) {}

  record Tick(Instant at, Instance by) {
    @Override
    public String toString() {
      return by.name() + "@" + at;
    }
  }

  private Instance start(String name, String url) throws IOException {
    int brokerPort = RunProcess.freePort();
    Path state = dir.resolve(name);
    Path config =
        Files.writeString(
            dir.resolve(name + ".yaml"),
            """
        loop:
          tick: %dms
        broker:
          bind: tcp://127.0.0.1:%d
        admin:
          port: 0
        metrics:
          port: 0
        pools:
          echo:
            min: 1
            max: 1
        ha:
          enabled: true
          jdbc-url: "%s"
          instance-id: %s
          check-in-interval: %dms
        """
                .formatted(TICK.toMillis(), brokerPort, url, name, CHECK_IN.toMillis()));
    List<String> cmd =
        List.of(
            ProcessHandle.current().info().command().orElse("java"),
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            "io.yogurt.cli.Yogurt",
            "run",
            "--config",
            config.toString(),
            "--state-dir",
            state.toString());
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()))
            .start();
    Instance instance = new Instance(name, state, brokerPort, p);
    instances.add(instance);
    return instance;
  }

  /** Every tick of every instance, from their tick event files, oldest first. */
  private List<Tick> ticks() throws IOException {
    List<Tick> all = new ArrayList<>();
    for (Instance i : instances) {
      for (JsonNode tick : TickFiles.read(i.state())) {
        all.add(new Tick(Instant.parse(tick.path("@timestamp").asText()), i));
      }
    }
    all.sort(Comparator.comparing(Tick::at));
    return all;
  }

  /** The index of the period the tick ran for. */
  private static long period(Tick t, long phase) {
    return Math.floorDiv(t.at().toEpochMilli() - phase, TICK.toMillis());
  }

  /** How long after the start of its period the tick ran. */
  private static Duration lateness(Tick t, long phase) {
    return Duration.ofMillis(Math.floorMod(t.at().toEpochMilli() - phase, TICK.toMillis()));
  }

  /** When the shared control-loop trigger first fired: its periods start there, a tick apart. */
  private static long triggerStartMillis(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        var r =
            s.executeQuery(
                "SELECT start_time FROM qrtz_triggers WHERE trigger_name = 'control-loop'")) {
      assertTrue(r.next(), "no control-loop trigger in the shared schedule");
      return r.getLong(1);
    }
  }

  private List<Tick> ticksAfter(Instant t) throws IOException {
    return ticks().stream().filter(k -> k.at().isAfter(t)).toList();
  }

  /** What {@code yogurt status} prints for the instance. */
  private static String statusText(Instance i) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int code = Yogurt.commandLine().execute("status", "--state-dir", i.state().toString());
      return code + " " + out.toString(StandardCharsets.UTF_8);
    } finally {
      System.setOut(saved);
    }
  }

  /** The instance's {@code /healthz}: status code, a space, the body without white space. */
  private static String health(Instance i) throws Exception {
    AdminAccess access = AdminAccess.read(i.state());
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(access.url() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body().replaceAll("\\s", "");
  }

  private int checkedIn(String url) {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        var r = s.executeQuery("SELECT count(*) FROM qrtz_scheduler_state")) {
      r.next();
      return r.getInt(1);
    } catch (SQLException notYet) {
      return 0; // the tables are not created yet
    }
  }

  private static List<String> sharedJobs(String url) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        var r = s.executeQuery("SELECT job_name FROM qrtz_job_details ORDER BY job_name")) {
      while (r.next()) {
        names.add(r.getString(1));
      }
    }
    return names;
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (Instance i : instances) {
      RunProcess.stop(i.process());
    }
    for (Instance i : instances) {
      String endpoint = " --endpoint tcp://127.0.0.1:" + i.brokerPort() + " ";
      ProcessHandle.allProcesses()
          .filter(ProcessHandle::isAlive)
          .filter(
              p ->
                  CommandLines.of(p)
                      .map(c -> c.contains(endpoint) && c.contains(" worker "))
                      .orElse(false))
          .forEach(ProcessHandle::destroyForcibly);
    }
    if (database != null) {
      database.close();
    }
  }
}
