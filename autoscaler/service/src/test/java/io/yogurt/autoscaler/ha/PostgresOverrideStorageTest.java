package io.yogurt.autoscaler.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.autoscaler.admin.OverrideStore;
import io.yogurt.config.Secret;
import io.yogurt.models.ManualOverride;
import io.yogurt.models.PoolMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Two instances' override stores over one real PostgreSQL: what one sets, the other applies. */
@Tag("postgres")
class PostgresOverrideStorageTest {

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-29T10:00:00Z"));
  private final InstantSource clock = () -> now.get();
  private final List<PostgresOverrideStorage> opened =
      Collections.synchronizedList(new ArrayList<>());
  private TestDatabase database;

  @BeforeEach
  void createDatabase() throws Exception {
    database = TestDatabase.create("yogurt_overrides");
  }

  @AfterEach
  void dropDatabase() throws Exception {
    opened.forEach(PostgresOverrideStorage::close);
    database.close();
  }

  @Test
  void anOverrideSetThroughOneInstanceHoldsOnTheOther() throws Exception {
    OverrideStore a = store("a");
    OverrideStore b = store("b");
    ManualOverride launchDay =
        new ManualOverride(
            "echo",
            ManualOverride.Kind.SCALE,
            4,
            now.get().plus(Duration.ofHours(2)),
            "launch day",
            "alice");
    a.set(launchDay);
    assertEquals(Optional.of(launchDay), b.active("echo", now.get()));

    ManualOverride pause =
        new ManualOverride(
            "echo",
            ManualOverride.Kind.PAUSE,
            0,
            now.get().plus(Duration.ofMinutes(30)),
            "",
            "bob");
    b.set(pause);
    assertEquals(List.of(pause), a.all(), "the newer override replaced the older one");

    assertTrue(a.clear("echo", "carol"));
    assertFalse(b.clear("echo", "carol"), "already cleared through the other instance");
    assertEquals(Optional.empty(), b.active("echo", now.get()));
    assertEquals(List.of(), store("restarted").all());

    assertEquals(Optional.empty(), b.mode("echo"), "the configured mode");
    a.setMode("echo", PoolMode.DRY_RUN, "erin");
    assertEquals(Optional.of(PoolMode.DRY_RUN), b.mode("echo"));
  }

  @Test
  void anExpiryNoticedByBothInstancesIsAuditedOnce() throws Exception {
    OverrideStore a = store("a");
    OverrideStore b = store("b");
    a.set(
        new ManualOverride(
            "echo",
            ManualOverride.Kind.SCALE,
            2,
            now.get().plus(Duration.ofMinutes(1)),
            "",
            "dave"));
    now.set(now.get().plus(Duration.ofMinutes(2)));
    assertEquals(Optional.empty(), a.active("echo", now.get()));
    assertEquals(Optional.empty(), b.active("echo", now.get()));

    List<String> audit = audit();
    assertEquals(2, audit.size(), String.join("\n", audit));
    assertTrue(
        audit.get(0).contains("\"override set\"") && audit.get(0).contains("dave"), audit.get(0));
    assertTrue(
        audit.get(1).contains("\"override expired\"") && audit.get(1).contains("scale to 2"),
        audit.get(1));
  }

  @Test
  void instancesStartingTogetherCreateTheTablesOnce() throws Exception {
    int instances = 8;
    ExecutorService pool = Executors.newFixedThreadPool(instances);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<OverrideStore>> opening = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        String name = "i" + i;
        opening.add(
            pool.submit(
                () -> {
                  go.await();
                  return store(name);
                }));
      }
      go.countDown();
      for (var f : opening) {
        assertEquals(List.of(), f.get(60, TimeUnit.SECONDS).all());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private OverrideStore store(String instance) throws Exception {
    HaSettings ha =
        new HaSettings(
            true, database.url(), "", new Secret(""), instance, HaSettings.DEFAULT_CHECK_IN);
    PostgresOverrideStorage storage = PostgresOverrideStorage.open(ha);
    opened.add(storage);
    return new OverrideStore(storage, clock);
  }

  private List<String> audit() throws Exception {
    List<String> entries = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(database.url());
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT entry FROM yogurt_override_audit ORDER BY id")) {
      while (r.next()) {
        entries.add(r.getString(1));
      }
    }
    return entries;
  }
}
