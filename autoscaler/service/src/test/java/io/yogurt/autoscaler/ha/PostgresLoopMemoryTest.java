package io.yogurt.autoscaler.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.autoscaler.loop.LaunchBudget;
import io.yogurt.autoscaler.loop.PoolMemory;
import io.yogurt.config.Secret;
import io.yogurt.models.PolicyMemory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The loop's memory in a real PostgreSQL (YOGURT_TEST_PG_URL), as two HA instances share it: what
 * one saved before it died is what the other reads before its next tick, every field of it.
 */
@Tag("postgres")
class PostgresLoopMemoryTest {

  private TestDatabase database;

  @BeforeEach
  void createDatabase() throws Exception {
    database = TestDatabase.create("yogurt_memory");
  }

  @AfterEach
  void dropDatabase() throws Exception {
    database.close();
  }

  private PostgresLoopMemory open(String instance) throws Exception {
    return PostgresLoopMemory.open(
        new HaSettings(
            true, database.url(), "", new Secret(""), instance, HaSettings.DEFAULT_CHECK_IN));
  }

  @Test
  void whatTheActingInstanceSavedIsWhatTheNextOneReads() throws Exception {
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    PoolMemory saved =
        new PoolMemory(
            t,
            PolicyMemory.EMPTY
                .remember(t.minusSeconds(20), 5, Duration.ofMinutes(5))
                .remember(t, 3, Duration.ofMinutes(5))
                .scaledDown(t),
            Map.of("echo-a-0", t.minusSeconds(4)),
            Map.of("echo-a-1", t.minusSeconds(12)),
            Map.of("echo-a-2", List.of(t.minusSeconds(40), t.minusSeconds(9))),
            Map.of("echo-a-2", 3),
            Set.of("echo-a-0", "echo-a-1", "echo-a-2"),
            Set.of("echo-b-0"),
            List.of(31_000L, 29_500L),
            new LaunchBudget.State(
                List.of(t.minusSeconds(100)),
                Set.of("echo-x-0"),
                "echo-x-0 never served",
                null,
                null,
                0),
            t.minusSeconds(60));
    try (PostgresLoopMemory acting = open("a");
        PostgresLoopMemory standby = open("b")) {
      assertTrue(standby.load("echo").isEmpty(), "nothing saved yet");
      acting.save("echo", saved);
      assertEquals(saved, standby.load("echo").orElseThrow());
      PoolMemory later =
          new PoolMemory(
              t.plusSeconds(10),
              saved.policy(),
              Map.of(),
              Map.of(),
              Map.of(),
              Map.of(),
              Set.of(),
              Set.of(),
              List.of(),
              LaunchBudget.State.NONE,
              null);
      standby.save("echo", later);
      assertEquals(later, acting.load("echo").orElseThrow(), "one row per pool, the last wins");
      assertTrue(acting.shared());
    }
  }
}
