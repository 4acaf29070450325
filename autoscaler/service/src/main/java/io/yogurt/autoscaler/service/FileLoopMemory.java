package io.yogurt.autoscaler.service;

import io.yogurt.autoscaler.loop.LoopMemoryStore;
import io.yogurt.autoscaler.loop.PoolMemory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop's memory in the state directory, one file per pool ({@code loop-memory/<pool>.json}), so
 * that a restart carries on: drains in flight are finished, the stabilization window and the lead
 * times are kept. Written behind the tick by a thread of its own (the latest memory of each pool
 * wins, each file replaced atomically); a write that fails (a full disk) is reported by the next
 * save and retried with the next memory.
 */
public final class FileLoopMemory implements LoopMemoryStore, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FileLoopMemory.class);

  private final Path dir;
  private final Map<String, PoolMemory> pending = new ConcurrentHashMap<>();
  private final Semaphore work = new Semaphore(0);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread writer;
  private volatile boolean closed;
  private volatile String failure = "";

  public FileLoopMemory(Path stateDir) throws IOException {
    this.dir = Files.createDirectories(stateDir.resolve("loop-memory"));
    this.writer = new Thread(this::run, "yogurt-loop-memory");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  @Override
  public boolean shared() {
    return false;
  }

  @Override
  public Optional<PoolMemory> load(String pool) throws LoopMemoryException {
    Path f = file(pool);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LoopMemoryJson.read(Files.readString(f, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new LoopMemoryException(f + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void save(String pool, PoolMemory memory) throws LoopMemoryException {
    pending.put(pool, memory);
    work.release();
    String failed = failure;
    if (!failed.isEmpty()) {
      throw new LoopMemoryException(failed, null);
    }
  }

  private void run() {
    try {
      while (!(closed && pending.isEmpty())) {
        if (work.tryAcquire(100, TimeUnit.MILLISECONDS) || !pending.isEmpty()) {
          work.drainPermits();
          for (String pool : Map.copyOf(pending).keySet()) {
            write(pool, pending.remove(pool));
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.countDown();
    }
  }

  private void write(String pool, PoolMemory m) {
    if (m == null) {
      return;
    }
    Path target = file(pool);
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, LoopMemoryJson.write(m), StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      if (!failure.isEmpty()) {
        log.info("the loop's memory is written again to {}", dir);
        failure = "";
      }
    } catch (IOException e) {
      if (failure.isEmpty()) {
        log.warn("cannot write the loop's memory to {}: {}; will keep trying", dir, e.toString());
      }
      failure = "cannot write " + target + ": " + e.getMessage();
    }
  }

  private Path file(String pool) {
    return dir.resolve(pool.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
  }

  /** Writes what is pending, then stops. */
  @Override
  public void close() {
    closed = true;
    work.release();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
