package io.yogurt.autoscaler.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.config.files.Rotation;
import io.yogurt.models.ManualOverride;
import io.yogurt.models.OverrideSource;
import io.yogurt.models.PoolMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverrideStoreTest {

  @TempDir Path dir;

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-28T10:00:00Z"));
  private final InstantSource clock = () -> now.get();

  @Test
  void anOverrideSurvivesARestartAndExpiresOnTime() throws Exception {
    ManualOverride hold =
        new ManualOverride(
            "echo",
            ManualOverride.Kind.SCALE,
            3,
            now.get().plus(Duration.ofMinutes(30)),
            "launch day",
            "alice");
    new OverrideStore(dir, clock).set(hold);

    OverrideStore restarted = new OverrideStore(dir, clock);
    assertEquals(Optional.of(hold), restarted.active("echo", now.get()));
    assertEquals(Optional.empty(), restarted.active("other", now.get()));

    now.set(now.get().plus(Duration.ofMinutes(30)));
    assertEquals(Optional.empty(), restarted.active("echo", now.get()));
    assertEquals(List.of(), new OverrideStore(dir, clock).all(), "the expiry was saved too");
  }

  @Test
  void everyChangeIsAudited() throws Exception {
    OverrideStore store = new OverrideStore(dir, clock);
    store.set(
        new ManualOverride(
            "echo",
            ManualOverride.Kind.PAUSE,
            0,
            now.get().plus(Duration.ofMinutes(5)),
            "",
            "bob"));
    assertTrue(store.clear("echo", "carol"));
    assertFalse(store.clear("echo", "carol"), "nothing left to clear");
    store.set(
        new ManualOverride(
            "echo",
            ManualOverride.Kind.SCALE,
            2,
            now.get().plus(Duration.ofMinutes(1)),
            "",
            "dave"));
    now.set(now.get().plus(Duration.ofMinutes(2)));
    store.all();

    List<String> audit = Files.readAllLines(dir.resolve("audit.log"));
    assertEquals(5, audit.size(), String.join("\n", audit));
    assertTrue(
        audit.get(0).contains("\"override set\"") && audit.get(0).contains("bob"), audit.get(0));
    assertTrue(
        audit.get(1).contains("\"override cleared\"") && audit.get(1).contains("carol"),
        audit.get(1));
    assertTrue(
        audit.get(2).contains("\"resumed\"") && audit.get(2).contains("carol"), audit.get(2));
    assertTrue(
        audit.get(4).contains("\"override expired\"") && audit.get(4).contains("scale to 2"),
        audit.get(4));
  }

  /** The loop's snapshot answers as the store does, from one read of the storage for every pool. */
  @Test
  void aSnapshotReadsTheStorageOnceForEveryPool() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    FileOverrideStorage files = new FileOverrideStorage(dir, Rotation.DEFAULT, clock);
    OverrideStorage counting =
        new OverrideStorage() {
          @Override
          public List<ManualOverride> all() throws IOException {
            reads.incrementAndGet();
            return files.all();
          }

          @Override
          public Map<String, String> modes() throws IOException {
            reads.incrementAndGet();
            return files.modes();
          }

          @Override
          public void put(ManualOverride o) throws IOException {
            files.put(o);
          }

          @Override
          public boolean remove(ManualOverride o) throws IOException {
            return files.remove(o);
          }

          @Override
          public void putMode(String pool, String mode) throws IOException {
            files.putMode(pool, mode);
          }

          @Override
          public Map<String, Instant> resumes() throws IOException {
            reads.incrementAndGet();
            return files.resumes();
          }

          @Override
          public void putResume(String pool, Instant at) throws IOException {
            files.putResume(pool, at);
          }

          @Override
          public void audit(String entry) throws IOException {
            files.audit(entry);
          }
        };
    OverrideStore store = new OverrideStore(counting, clock);
    ManualOverride pause =
        new ManualOverride(
            "a", ManualOverride.Kind.PAUSE, 0, now.get().plus(Duration.ofMinutes(5)), "", "bob");
    store.set(pause);
    store.setMode("b", PoolMode.DRY_RUN, "carol");

    reads.set(0);
    OverrideSource snapshot = store.snapshot(now.get());
    for (String pool : List.of("a", "b", "c", "d", "e")) {
      assertEquals(store.active(pool, now.get()), snapshot.active(pool, now.get()), pool);
      assertEquals(store.mode(pool), snapshot.mode(pool), pool);
    }
    assertEquals(Optional.of(pause), snapshot.active("a", now.get()));
    assertEquals(Optional.of(PoolMode.DRY_RUN), snapshot.mode("b"));
    reads.set(0);
    snapshot = store.snapshot(now.get());
    for (String pool : List.of("a", "b", "c", "d", "e")) {
      snapshot.active(pool, now.get());
      snapshot.mode(pool);
    }
    assertEquals(3, reads.get(), "one read each of the overrides, the modes and the resumes");
  }
}
