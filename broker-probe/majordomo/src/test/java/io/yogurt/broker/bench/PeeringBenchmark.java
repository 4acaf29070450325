package io.yogurt.broker.bench;

import io.yogurt.broker.Broker;
import io.yogurt.broker.BrokerSettings;
import io.yogurt.broker.PeerAddress;
import io.yogurt.broker.PeeringSettings;
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
import java.util.concurrent.Semaphore;

/**
 * Prints requests/s and latency through a peer hop next to a direct request, in the same run: a
 * broker without peering (direct), broker A with peering on and the workers on A (direct, peering
 * on), and the client on A with the workers on peer B (through the hop). Each sync (one request at
 * a time) and async (a window of requests). Not a test: run it (see docs/federation.md)
 *
 * <pre>
 *   mvn -q -B -o -pl broker-probe/majordomo -am install -DskipTests
 *   mvn -q -B -o -pl broker-probe/majordomo test-compile exec:java -Dexec.classpathScope=test \
 *       -Dexec.mainClass=io.yogurt.broker.bench.PeeringBenchmark \
 *       -Dexec.args="--seconds 4 --workers 4 [--window 64]"
 * </pre>
 */
public final class PeeringBenchmark {

  private static final InstantSource CLOCK = InstantSource.system();
  private static final byte[] BODY = new byte[32];
  private static final Duration MAX_WARMUP = Duration.ofSeconds(10);

  public static void main(String[] args) throws Exception {
    int seconds = 4;
    int workers = 4;
    int window = 64;
    for (int i = 0; i < args.length - 1; i++) {
      switch (args[i]) {
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--workers" -> workers = Integer.parseInt(args[i + 1]);
        case "--window" -> window = Integer.parseInt(args[i + 1]);
        default -> {}
      }
    }
    Duration run = Duration.ofSeconds(seconds);
    System.out.printf(
        "machine: %d cores, Java %s, load average %.2f; %d s per measurement after a warm-up%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        seconds);
    BrokerSettings peered =
        BrokerSettings.defaults("tcp://127.0.0.1:0").withPeering(PeeringSettings.on("bench"));
    try (Broker plain = Broker.start(BrokerSettings.defaults("tcp://127.0.0.1:0"), CLOCK);
        Broker a = Broker.start(peered, CLOCK);
        Broker b = Broker.start(peered, CLOCK)) {
      List<PeerAddress> both =
          List.of(
              new PeerAddress(a.advertisedEndpoint(), a.stateEndpoint(), ""),
              new PeerAddress(b.advertisedEndpoint(), b.stateEndpoint(), ""));
      a.setPeers(both);
      b.setPeers(both);
      List<WorkerAgent> started = new ArrayList<>();
      try {
        for (int i = 0; i < workers; i++) {
          started.add(worker(plain, "direct", "plain-" + i));
          started.add(worker(a, "local", "a-" + i));
          started.add(worker(b, "hop", "b-" + i));
        }
        awaitPeerCapacity(a, b);
        System.out.println(sync("sync, direct (broker without peering)", plain, "direct", run));
        System.out.println(sync("sync, direct (peering on, workers on A)", a, "local", run));
        System.out.println(
            sync("sync, through the hop (client on A, workers on B)", a, "hop", run));
        System.out.println(
            async("async, direct (broker without peering)", plain, "direct", run, window));
        System.out.println(
            async("async, direct (peering on, workers on A)", a, "local", run, window));
        System.out.println(
            async("async, through the hop (client on A, workers on B)", a, "hop", run, window));
      } finally {
        started.forEach(WorkerAgent::stop);
        started.forEach(w -> w.awaitTermination(Duration.ofSeconds(5)));
      }
    }
  }

  private static WorkerAgent worker(Broker b, String service, String name) {
    return new WorkerAgent(WorkerSettings.of(b.endpoint(), service, name), Handlers.echo(), CLOCK)
        .start();
  }

  /** Until A has served one request through B (the state flow has told A about B's workers). */
  private static void awaitPeerCapacity(Broker a, Broker b) {
    try (MdpSyncClient c =
        new MdpSyncClient(
            ClientSettings.of(a.endpoint()).withTimeout(Duration.ofSeconds(30), 0), CLOCK)) {
      c.request("hop", BODY);
    }
  }

  private static String sync(String name, Broker at, String service, Duration run) {
    try (MdpSyncClient client = new MdpSyncClient(ClientSettings.of(at.endpoint()), CLOCK)) {
      Runnable once = () -> client.request(service, BODY);
      Warmup.run(run.dividedBy(2), MAX_WARMUP, step -> loop(once, step, null));
      Latencies r = new Latencies();
      long elapsed = loop(once, run, r);
      return r.report(name, elapsed);
    }
  }

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

  private static String async(String name, Broker at, String service, Duration run, int window) {
    try (MdpClient client =
        new MdpClient(ClientSettings.of(at.endpoint()).withMaxInFlight(window), CLOCK)) {
      Warmup.run(run.dividedBy(2), MAX_WARMUP, step -> pump(client, service, window, step, null));
      Latencies r = new Latencies();
      long elapsed = pump(client, service, window, run, r);
      return r.report(name + ", window " + window, elapsed);
    }
  }

  private static long pump(
      MdpClient client, String service, int window, Duration run, Latencies r) {
    Semaphore permits = new Semaphore(window);
    long start = System.nanoTime();
    long end = start + run.toNanos();
    while (System.nanoTime() < end) {
      permits.acquireUninterruptibly();
      long sent = System.nanoTime();
      client
          .request(service, BODY)
          .whenComplete(
              (reply, error) -> {
                if (error == null && r != null) {
                  r.add(System.nanoTime() - sent);
                }
                permits.release();
              });
    }
    permits.acquireUninterruptibly(window);
    return System.nanoTime() - start;
  }
}
