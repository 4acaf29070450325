package io.yogurt.rabbitmq.bench;

import io.yogurt.models.ManualClock;
import io.yogurt.models.Observation;
import io.yogurt.rabbitmq.RabbitPoolSettings;
import io.yogurt.rabbitmq.TestServer;
import io.yogurt.rabbitmq.client.RpcClient;
import io.yogurt.rabbitmq.probe.RabbitProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How long one look of the probe takes over 50 queues (one pool each) on one vhost, each with a few
 * waiting messages. Prints figures, asserts nothing. Target: 200 ms.
 *
 * <pre>
 * (environment as for RpcBenchmark)
 * mvn -B -q -pl broker-probe/rabbitmq exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.yogurt.rabbitmq.bench.ProbeBenchmark -Dexec.args="--queues 50 --looks 100"
 * </pre>
 */
public final class ProbeBenchmark {

  private ProbeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int queues = intArg(args, "--queues", 50);
    int looks = intArg(args, "--looks", 100);
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    List<String> names = new ArrayList<>();
    List<RabbitPoolSettings> pools = new ArrayList<>();
    try {
      for (int i = 0; i < queues; i++) {
        String q = TestServer.freshName("pb" + i);
        TestServer.declare(q);
        names.add(q);
        pools.add(
            new RabbitPoolSettings(
                "pool" + i,
                "svc" + i,
                TestServer.endpoint(),
                q,
                TestServer.managementUrl(),
                Duration.ofSeconds(2),
                1,
                false));
        try (RpcClient c = new RpcClient(TestServer.endpoint(), q, Duration.ofMinutes(5), clock)) {
          for (int k = 0; k < 3; k++) {
            c.call("x".getBytes(StandardCharsets.UTF_8));
          }
          c.awaitConfirms(Duration.ofSeconds(10));
        }
      }
      try (RabbitProbe probe = new RabbitProbe(pools, RabbitProbe.Roster.NONE)) {
        for (int i = 0; i < 10; i++) {
          probe.observe(clock.instant()); // warm-up: connections, JIT
        }
        double[] millis = new double[looks];
        int unreachable = 0;
        for (int i = 0; i < looks; i++) {
          long t = System.nanoTime();
          Observation o = probe.observe(clock.instant());
          millis[i] = (System.nanoTime() - t) / 1e6;
          unreachable += (int) o.brokers().stream().filter(b -> !b.reachable()).count();
        }
        Arrays.sort(millis);
        System.out.printf(
            Locale.ROOT,
            "probe of %d queues, %d looks: p50 %.1f ms, p95 %.1f ms, max %.1f ms (target <= 200"
                + " ms); unreachable readings %d%n",
            queues,
            looks,
            millis[looks / 2],
            millis[(int) Math.ceil(looks * 0.95) - 1],
            millis[looks - 1],
            unreachable);
      }
    } finally {
      TestServer.delete(names.toArray(String[]::new));
    }
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
