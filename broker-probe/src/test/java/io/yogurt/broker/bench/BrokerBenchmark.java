package io.yogurt.broker.bench;

import io.yogurt.broker.Broker;
import io.yogurt.broker.BrokerSettings;
import io.yogurt.broker.client.ClientSettings;
import io.yogurt.broker.client.MdpClient;
import io.yogurt.broker.client.MdpSyncClient;
import io.yogurt.broker.worker.Handlers;
import io.yogurt.broker.worker.WorkerAgent;
import io.yogurt.broker.worker.WorkerSettings;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Prints requests/s and p50/p99 latency through the broker (one synchronous client with one echo
 * worker; an asynchronous client with a window of requests over 4 echo workers) next to a raw
 * ROUTER/DEALER round trip measured in the same run. Not a test: run it (see docs/broker.md)
 *
 * <pre>
 *   mvn -q -o -pl broker-probe -am test-compile exec:java -Dexec.classpathScope=test \
 *       -Dexec.mainClass=io.yogurt.broker.bench.BrokerBenchmark -Dexec.args="--seconds 5"
 * </pre>
 */
public final class BrokerBenchmark {

  private static final InstantSource CLOCK = InstantSource.system();
  private static final byte[] BODY = new byte[32];

  public static void main(String[] args) throws Exception {
    int seconds = 5;
    int window = 64;
    int workers = 4;
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--seconds")) {
        seconds = Integer.parseInt(args[i + 1]);
      } else if (args[i].equals("--window")) {
        window = Integer.parseInt(args[i + 1]);
      } else if (args[i].equals("--workers")) {
        workers = Integer.parseInt(args[i + 1]);
      }
    }
    Duration run = Duration.ofSeconds(seconds);
    // The load average says whether other work shared the cores: figures are only comparable
    // between runs on a similarly loaded machine.
    System.out.printf("machine: %d cores, Java %s, %s %s, load average %.2f; %d s per measurement"
            + " after %d s warm-up%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        System.getProperty("os.name"), System.getProperty("os.arch"),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        seconds, Math.max(1, seconds / 2));
    System.out.println(raw(run));
    try (Broker broker = Broker.start(BrokerSettings.defaults("tcp://127.0.0.1:0"), CLOCK)) {
      System.out.println(sync(broker.endpoint(), run));
      System.out.println(async(broker.endpoint(), run, window, workers));
    }
  }

  /** A ROUTER that echoes, and a DEALER doing round trips: the floor under any broker. */
  private static String raw(Duration run) throws Exception {
    try (ZContext ctx = new ZContext(1)) {
      ZMQ.Socket router = ctx.createSocket(SocketType.ROUTER);
      router.bind("tcp://127.0.0.1:*");
      String endpoint = router.getLastEndpoint();
      Thread echo = new Thread(() -> {
        try {
          while (!Thread.currentThread().isInterrupted()) {
            byte[] id = router.recv(0);
            byte[] body = router.recv(0);
            router.send(id, ZMQ.SNDMORE);
            router.send(body, 0);
          }
        } catch (RuntimeException e) {
          // context closed: done
        }
      });
      echo.setDaemon(true);
      echo.start();
      ZMQ.Socket dealer = ctx.createSocket(SocketType.DEALER);
      dealer.connect(endpoint);
      Runnable once = () -> {
        dealer.send(BODY, 0);
        dealer.recv(0);
      };
      return measure("raw ROUTER/DEALER round trip (1 client)", run, once);
    }
  }

  private static String sync(String endpoint, Duration run) throws Exception {
    try (WorkerAgent worker = new WorkerAgent(WorkerSettings.of(endpoint, "echo", "bench-sync"),
        Handlers.echo(), CLOCK).start();
        MdpSyncClient client = new MdpSyncClient(ClientSettings.of(endpoint), CLOCK)) {
      return measure("MDP sync (1 client, 1 echo worker)", run, () -> client.request("echo", BODY));
    }
  }

  private static String measure(String name, Duration run, Runnable once) {
    long warmUntil = System.nanoTime() + run.toNanos() / 2;
    while (System.nanoTime() < warmUntil) {
      once.run();
    }
    Latencies r = new Latencies();
    long start = System.nanoTime();
    long end = start + run.toNanos();
    long now = start;
    while (now < end) {
      once.run();
      long done = System.nanoTime();
      r.add(done - now);
      now = done;
    }
    return r.report(name, now - start);
  }

  /** Keeps {@code window} requests outstanding from one async client over 4 workers. */
  private static String async(String endpoint, Duration run, int window, int workerCount)
      throws Exception {
    List<WorkerAgent> workers = new ArrayList<>();
    for (int i = 0; i < workerCount; i++) {
      workers.add(new WorkerAgent(WorkerSettings.of(endpoint, "echo-async", "bench-async-" + i),
          Handlers.echo(), CLOCK).start());
    }
    try (MdpClient client = new MdpClient(ClientSettings.of(endpoint).withMaxInFlight(window), CLOCK)) {
      // Warm up, then measure.
      pump(client, window, run.dividedBy(2), null);
      Latencies r = new Latencies();
      long elapsed = pump(client, window, run, r);
      return r.report("MDP async (window " + window + ", " + workerCount + " echo workers)", elapsed);
    } finally {
      workers.forEach(w -> w.stop(Duration.ofSeconds(5)));
    }
  }

  private static long pump(MdpClient client, int window, Duration run, Latencies r)
      throws InterruptedException {
    Semaphore permits = new Semaphore(window);
    AtomicInteger failures = new AtomicInteger();
    long start = System.nanoTime();
    long end = start + run.toNanos();
    while (System.nanoTime() < end) {
      permits.acquire();
      long sent = System.nanoTime();
      client.request("echo-async", BODY).whenComplete((reply, error) -> {
        if (error != null) {
          failures.incrementAndGet();
        } else if (r != null) {
          r.add(System.nanoTime() - sent);
        }
        permits.release();
      });
    }
    permits.acquire(window);
    if (failures.get() > 0) {
      System.out.println("  (" + failures.get() + " async requests failed)");
    }
    return System.nanoTime() - start;
  }
}
