package io.yogurt.broker.bench;

import io.yogurt.broker.Broker;
import io.yogurt.broker.BrokerSettings;
import io.yogurt.broker.client.ClientSettings;
import io.yogurt.broker.client.MdpClient;
import io.yogurt.broker.client.MdpSyncClient;
import io.yogurt.broker.worker.Handlers;
import io.yogurt.broker.worker.WorkerAgent;
import io.yogurt.broker.worker.WorkerSettings;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Prints requests/s and latency through the broker (one synchronous client with one echo worker; an
 * asynchronous client with a window of requests over N echo workers) next to two floors measured in
 * the same run: a raw ROUTER/DEALER round trip, and a bare relay (the broker's hops without its
 * Majordomo logic). Not a test: run it (see docs/broker.md)
 *
 * <pre>
 *   mvn -q -B -o -pl broker-probe -am install -DskipTests
 *   mvn -q -B -pl broker-probe test-compile exec:java -Dexec.classpathScope=test \
 *       -Dexec.mainClass=io.yogurt.broker.bench.BrokerBenchmark \
 *       -Dexec.args="--seconds 4 --workers 4 [--window 64] [--only raw,relay,sync,async]"
 * </pre>
 */
public final class BrokerBenchmark {

  private static final InstantSource CLOCK = InstantSource.system();
  private static final byte[] BODY = new byte[32];
  private static final Duration MAX_WARMUP = Duration.ofSeconds(10);

  /** The command line. */
  private record Options(Duration run, int window, int workers, Set<String> only) {

    static Options parse(String[] args) {
      int seconds = 5;
      int window = 64;
      int workers = 4;
      Set<String> only = Set.of("raw", "relay", "sync", "async");
      for (int i = 0; i < args.length - 1; i++) {
        switch (args[i]) {
          case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
          case "--window" -> window = Integer.parseInt(args[i + 1]);
          case "--workers" -> workers = Integer.parseInt(args[i + 1]);
          case "--only" -> only = Set.of(args[i + 1].split(","));
          default -> {}
        }
      }
      return new Options(Duration.ofSeconds(seconds), window, workers, only);
    }
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    printMachine(o.run());
    if (o.only().contains("raw")) {
      System.out.println(raw(o.run()));
    }
    if (o.only().contains("relay")) {
      System.out.println(relay(o.run()));
    }
    if (o.only().contains("sync") || o.only().contains("async")) {
      try (Broker broker = Broker.start(BrokerSettings.defaults("tcp://127.0.0.1:0"), CLOCK)) {
        if (o.only().contains("sync")) {
          System.out.println(sync(broker.endpoint(), o.run()));
        }
        if (o.only().contains("async")) {
          System.out.println(async(broker.endpoint(), o.run(), o.window(), o.workers()));
        }
      }
    }
  }

  /**
   * The load average says whether other work shared the cores: figures are only comparable between
   * runs on a similarly loaded machine.
   */
  private static void printMachine(Duration run) {
    System.out.printf(
        "machine: %d cores, Java %s, %s %s, load average %.2f; %d s per measurement"
            + " after at least %d s warm-up (until the JIT is quiet, at most %d s)%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        run.toSeconds(),
        run.toSeconds() / 2,
        MAX_WARMUP.toSeconds());
  }

  /** A ROUTER that echoes, and a DEALER doing round trips: the floor under any broker. */
  private static String raw(Duration run) {
    try (ZContext ctx = new ZContext(1)) {
      ZMQ.Socket router = ctx.createSocket(SocketType.ROUTER);
      router.bind("tcp://127.0.0.1:*");
      Thread echo =
          new Thread(
              () -> {
                try {
                  while (true) {
                    byte[] id = router.recv(0);
                    byte[] body = router.recv(0);
                    router.send(id, ZMQ.SNDMORE);
                    router.send(body, 0);
                  }
                } catch (RuntimeException e) {
                  // context closed: done
                }
              },
              "raw-echo");
      echo.setDaemon(true);
      echo.start();
      return roundTrips(
          "raw ROUTER/DEALER round trip (1 client)", ctx, router.getLastEndpoint(), run);
    }
  }

  /** Client, relay, echo worker and back, with no Majordomo logic: the floor for a broker. */
  private static String relay(Duration run) {
    try (BareRelay relay = new BareRelay();
        ZContext ctx = new ZContext(1)) {
      return roundTrips("bare relay, no MDP (1 client, 1 echo worker)", ctx, relay.endpoint(), run);
    }
  }

  /** One DEALER on a context of its own, doing one round trip at a time. */
  private static String roundTrips(String name, ZContext ctx, String endpoint, Duration run) {
    ZMQ.Socket dealer = ctx.createSocket(SocketType.DEALER);
    dealer.connect(endpoint);
    return measure(
        name,
        run,
        () -> {
          dealer.send(BODY, 0);
          dealer.recv(0);
        });
  }

  private static String sync(String endpoint, Duration run) {
    try (WorkerAgent worker =
            new WorkerAgent(
                    WorkerSettings.of(endpoint, "echo", "bench-sync"), Handlers.echo(), CLOCK)
                .start();
        MdpSyncClient client = new MdpSyncClient(ClientSettings.of(endpoint), CLOCK)) {
      return measure("MDP sync (1 client, 1 echo worker)", run, () -> client.request("echo", BODY));
    }
  }

  private static String measure(String name, Duration run, Runnable once) {
    Warmup.run(run.dividedBy(2), MAX_WARMUP, step -> loop(once, step, null));
    long jit = Warmup.jitMillis();
    Latencies r = new Latencies();
    long elapsed = loop(once, run, r);
    return r.report(name, elapsed) + jitNote(jit);
  }

  /** Runs {@code once} back to back for {@code run}; records each when {@code r} is not null. */
  private static long loop(Runnable once, Duration run, Latencies r) {
    long start = System.nanoTime();
    long end = start + run.toNanos();
    long now = start;
    while (now < end) {
      once.run();
      long done = System.nanoTime();
      if (r != null) {
        r.add(done - now);
      }
      now = done;
    }
    return now - start;
  }

  /** How long the JIT compiled during a measurement: more than a few ms skews it on 2 cores. */
  private static String jitNote(long jitBefore) {
    return String.format("; JIT %d ms", Warmup.jitMillis() - jitBefore);
  }

  /** Keeps {@code window} requests outstanding from one async client over the workers. */
  private static String async(String endpoint, Duration run, int window, int workerCount) {
    List<WorkerAgent> workers = new ArrayList<>();
    for (int i = 0; i < workerCount; i++) {
      workers.add(
          new WorkerAgent(
                  WorkerSettings.of(endpoint, "echo-async", "bench-async-" + i),
                  Handlers.echo(),
                  CLOCK)
              .start());
    }
    try (MdpClient client =
        new MdpClient(ClientSettings.of(endpoint).withMaxInFlight(window), CLOCK)) {
      Warmup.run(run.dividedBy(2), MAX_WARMUP, step -> pump(client, window, step, null));
      long jit = Warmup.jitMillis();
      Latencies r = new Latencies();
      long elapsed = pump(client, window, run, r);
      return r.report(
              "MDP async (window " + window + ", " + workerCount + " echo workers)", elapsed)
          + jitNote(jit);
    } finally {
      workers.forEach(w -> w.stop(Duration.ofSeconds(5)));
    }
  }

  private static long pump(MdpClient client, int window, Duration run, Latencies r) {
    Semaphore permits = new Semaphore(window);
    AtomicInteger failures = new AtomicInteger();
    long start = System.nanoTime();
    long end = start + run.toNanos();
    while (System.nanoTime() < end) {
      permits.acquireUninterruptibly();
      long sent = System.nanoTime();
      client
          .request("echo-async", BODY)
          .whenComplete(
              (reply, error) -> {
                if (error != null) {
                  failures.incrementAndGet();
                } else if (r != null) {
                  r.add(System.nanoTime() - sent);
                }
                permits.release();
              });
    }
    permits.acquireUninterruptibly(window);
    if (failures.get() > 0) {
      System.out.println("  (" + failures.get() + " async requests failed)");
    }
    return System.nanoTime() - start;
  }
}
