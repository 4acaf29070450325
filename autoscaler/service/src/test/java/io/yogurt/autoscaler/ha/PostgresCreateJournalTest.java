package io.yogurt.autoscaler.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.yogurt.config.Secret;
import io.yogurt.provider.digitalocean.CreateJournal.Pending;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pending-creates journal in a real PostgreSQL (YOGURT_TEST_PG_URL), as two HA instances share
 * it: what one asked for is what the other counts, until the list shows it or its time is up.
 */
@Tag("postgres")
class PostgresCreateJournalTest {

  private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

  private TestDatabase database;

  @BeforeEach
  void createDatabase() throws Exception {
    database = TestDatabase.create("yogurt_creates");
  }

  @AfterEach
  void dropDatabase() throws Exception {
    database.close();
  }

  private PostgresCreateJournal open(String instance) throws Exception {
    return PostgresCreateJournal.open(
        new HaSettings(
            true, database.url(), "", new Secret(""), instance, HaSettings.DEFAULT_CHECK_IN));
  }

  @Test
  void whatOneInstanceAskedForTheOtherCountsUntilListedOrExpired() throws Exception {
    try (PostgresCreateJournal a = open("a");
        PostgresCreateJournal b = open("b")) {
      Instant until = T.plusSeconds(60);
      a.asked("web", List.of("web-k1-0", "web-k1-1", "web-k1-2"), T, until);
      a.asked("api", List.of("api-k2-0"), T, until);
      a.created(List.of(new Pending("web-k1-0", "web", 41, T.plusSeconds(2), until)));
      assertEquals(
          List.of(
              new Pending("web-k1-0", "web", 41, T.plusSeconds(2), until),
              new Pending("web-k1-1", "web", 0, T, until),
              new Pending("web-k1-2", "web", 0, T, until)),
          b.of("web"),
          "the other instance counts all three, with the id the create answered");

      b.settle(List.of("web-k1-0"), T.plusSeconds(30)); // listed now: the list counts it
      b.forget("web-k1-1"); // destroyed before the list showed it
      a.refused(List.of("api-k2-0")); // certainly not created
      assertEquals(List.of(new Pending("web-k1-2", "web", 0, T, until)), a.of("web"));
      assertEquals(List.of(), a.of("api"));

      a.settle(List.of(), until.plusSeconds(1)); // never listed: stop counting it
      assertEquals(List.of(), b.of("web"));
    }
  }
}
