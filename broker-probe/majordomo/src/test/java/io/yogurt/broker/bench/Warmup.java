package io.yogurt.broker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs a workload until the JIT compiler threads are nearly idle. With 2 cores, a C2 compiler
 * thread still busy during a measurement takes much of a core from the threads being measured
 * (profiles showed it at 20-60% of a core seconds into a measurement after a fixed warm-up). The
 * compilers' CPU time is read from /proc (Linux): the JVM's own compilation time counts a
 * compilation only once it has finished, and one C2 compilation can run for a second.
 */
final class Warmup {

  private static final Duration STEP = Duration.ofMillis(500);
  private static final Path TASKS = Path.of("/proc/self/task");

  /**
   * Compiler CPU time per step, in clock ticks (10 ms), below which the JIT counts as quiet (10%).
   */
  private static final long QUIET_TICKS = 5;

  private Warmup() {}

  /** Runs {@code work} in steps for at least {@code min}, until the JIT is quiet or {@code max}. */
  static void run(Duration min, Duration max, Consumer<Duration> work) {
    long start = System.nanoTime();
    long jit = jitTicks();
    while (true) {
      work.accept(STEP);
      long elapsed = System.nanoTime() - start;
      long now = jitTicks();
      boolean quiet = now - jit < QUIET_TICKS;
      if ((quiet && elapsed >= min.toNanos()) || elapsed >= max.toNanos()) {
        return;
      }
      jit = now;
    }
  }

  /** CPU time of the JIT compiler threads so far, in milliseconds (0 when /proc is missing). */
  static long jitMillis() {
    return jitTicks() * 10;
  }

  private static long jitTicks() {
    if (!Files.isDirectory(TASKS)) {
      return 0;
    }
    try (Stream<Path> tasks = Files.list(TASKS)) {
      return tasks.mapToLong(Warmup::compilerTicks).sum();
    } catch (IOException e) {
      return 0;
    }
  }

  /** User plus system ticks of a compiler thread; 0 for any other thread (or one that ended). */
  private static long compilerTicks(Path task) {
    try {
      String stat = Files.readString(task.resolve("stat"));
      int close = stat.lastIndexOf(')');
      String name = stat.substring(stat.indexOf('(') + 1, close);
      if (!name.startsWith("C1 Compiler") && !name.startsWith("C2 Compiler")) {
        return 0;
      }
      // After the name: state is field 3; utime and stime are fields 14 and 15.
      String[] f = stat.substring(close + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
