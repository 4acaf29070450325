package io.yogurt.rabbitmq.bench;

import io.yogurt.broker.worker.Handlers;
import io.yogurt.models.ManualClock;
import io.yogurt.rabbitmq.PikaPeer;
import io.yogurt.rabbitmq.TestServer;
import io.yogurt.rabbitmq.client.LoadTally;
import io.yogurt.rabbitmq.client.RpcClient;
import io.yogurt.rabbitmq.worker.RpcWorker;
import io.yogurt.rabbitmq.worker.RpcWorkerSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Semaphore;

/**
 * Messages per second through one RPC worker with the echo handler: ours, then pika's RPC worker
 * (src/test/python/pika_rpc.py), on the same server in the same run, driven by the same client
 * (direct reply-to, a window of requests in flight). Prints figures, asserts nothing.
 *
 * <pre>
 * export YOGURT_AMQP_PASSWORD=...                 # any password for the throw-away server
 * export YOGURT_TEST_AMQP_URL="$(scripts/rabbitmq start)"
 * export YOGURT_TEST_AMQP_MANAGEMENT_URL="$(scripts/rabbitmq management-url)"
 * mvn -B -q -DskipTests install -pl broker-probe/rabbitmq -am
 * mvn -B -q -pl broker-probe/rabbitmq exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.yogurt.rabbitmq.bench.RpcBenchmark -Dexec.args="--seconds 5 --prefetch 1"
 * </pre>
 */
public final class RpcBenchmark {

  private RpcBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = intArg(args, "--seconds", 5);
    int prefetch = intArg(args, "--prefetch", 1);
    int window = intArg(args, "--window", 64);
    String queue = TestServer.freshName("bench");
    TestServer.declare(queue);
    try {
      System.out.printf(
          Locale.ROOT,
          "one worker, echo handler, prefetch %d, %d requests in flight, %d s each%n",
          prefetch,
          window,
          seconds);
      RpcWorker ours =
          new RpcWorker(
                  RpcWorkerSettings.of(TestServer.endpoint(), queue, "bench-ours")
                      .withPrefetch(prefetch),
                  Handlers.echo())
              .start();
      while (!ours.consuming()) {
        Thread.onSpinWait();
      }
      report("yogurt RpcWorker (Java)", drive(queue, window, seconds));
      ours.stop(Duration.ofSeconds(10));
      try (PikaPeer pika =
          new PikaPeer(
              "worker", System.getenv("YOGURT_TEST_AMQP_URL"), queue, Integer.toString(prefetch))) {
        String ready = pika.nextLine(30);
        if (!ready.equals("ready")) {
          throw new IllegalStateException("pika worker: " + ready);
        }
        report("pika RPC worker (Python)", drive(queue, window, seconds));
        pika.stop(10);
      }
    } finally {
      TestServer.delete(queue);
    }
  }

  /** Keeps {@code window} requests in flight for a warm-up second, then for {@code seconds}. */
  private static double[] drive(String queue, int window, int seconds) throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    byte[] body = "ping".getBytes(StandardCharsets.UTF_8);
    try (RpcClient client =
        new RpcClient(TestServer.endpoint(), queue, Duration.ofSeconds(30), clock)) {
      Semaphore slots = new Semaphore(window);
      LoadTally warm = new LoadTally();
      run(client, body, slots, warm, 1);
      LoadTally tally = new LoadTally();
      long start = System.nanoTime();
      run(client, body, slots, tally, seconds);
      slots.acquire(window);
      double elapsed = (System.nanoTime() - start) / 1e9;
      slots.release(window);
      return new double[] {
        tally.replies() / elapsed,
        tally.latencyMillis(0.5),
        tally.latencyMillis(0.99),
        tally.timeouts() + tally.failed()
      };
    }
  }

  private static void run(
      RpcClient client, byte[] body, Semaphore slots, LoadTally tally, int seconds)
      throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      slots.acquire();
      var call = client.call(body);
      tally.track(call);
      call.whenComplete((r, e) -> slots.release());
    }
  }

  private static void report(String who, double[] r) {
    System.out.printf(
        Locale.ROOT,
        "%-26s %8.0f msg/s   p50 %6.2f ms   p99 %6.2f ms   lost %d%n",
        who,
        r[0],
        r[1],
        r[2],
        (long) r[3]);
  }

  private static int intArg(String[] args, String name, int def) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return def;
  }
}
