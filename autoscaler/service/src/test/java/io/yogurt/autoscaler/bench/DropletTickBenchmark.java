package io.yogurt.autoscaler.bench;

import io.yogurt.autoscaler.Settings;
import io.yogurt.autoscaler.loop.ControlLoop;
import io.yogurt.autoscaler.loop.PoolSettings;
import io.yogurt.autoscaler.policy.Policies;
import io.yogurt.config.ConfigFile;
import io.yogurt.history.HistorySettings;
import io.yogurt.history.embedded.EmbeddedHistory;
import io.yogurt.models.Action;
import io.yogurt.models.BrokerReading;
import io.yogurt.models.ForecastSource;
import io.yogurt.models.Instance;
import io.yogurt.models.LoadProbe;
import io.yogurt.models.Observation;
import io.yogurt.models.OverrideSource;
import io.yogurt.models.PoolMode;
import io.yogurt.models.PoolSpec;
import io.yogurt.models.Provider;
import io.yogurt.models.ProviderException;
import io.yogurt.models.ServiceLoad;
import io.yogurt.models.TickReport;
import io.yogurt.models.WorkerControl;
import io.yogurt.models.WorkerStatus;
import io.yogurt.provider.digitalocean.DigitalOceanProvider;
import io.yogurt.provider.digitalocean.DigitalOceanSettings;
import io.yogurt.provider.digitalocean.OffTickProvider;
import io.yogurt.provider.digitalocean.Sleeper;
import io.yogurt.provider.digitalocean.fake.FakeDigitalOcean;
import io.yogurt.provider.digitalocean.fake.FakeDigitalOceanRig;
import io.yogurt.provider.digitalocean.fake.SelfSignedTls;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Tick latency of the production loop driving DigitalOcean droplets through the real provider and
 * client over TLS, against the fake API answering every request 2 s late: the tick must not wait on
 * the API (listings, creates, deletes and their retries run on the provider's own thread). The load
 * swings between 0 and 20 workers' worth every minute, so launches and drains keep happening. Real
 * time; prints figures, asserts nothing.
 *
 * <pre>
 * mvn -B -q -DskipTests install
 * java -cp "$(cat autoscaler/service/target/test-classpath.txt)" \
 *   io.yogurt.autoscaler.bench.DropletTickBenchmark [seconds] [tick-ms] [answer-delay-ms]
 * </pre>
 *
 * (write the class path once with {@code mvn -B -q -pl autoscaler/service
 * dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test}
 * and append {@code :autoscaler/service/target/test-classes:autoscaler/service/target/classes}).
 */
public final class DropletTickBenchmark {

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 120;
    Duration tick = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 250);
    Duration delay = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 2000);
    Path dir = Files.createTempDirectory("yogurt-droplet-bench");
    InstantSource clock = InstantSource.system();
    SelfSignedTls tls = SelfSignedTls.shared();
    Path ca = tls.writeCertificate(dir.resolve("ca.pem"));
    Settings defaults = Settings.load(ConfigFile.none());
    PoolSpec t = defaults.pools().get(0).spec();
    PoolSpec spec =
        new PoolSpec(
            "web",
            "web",
            0,
            20,
            10,
            0.5,
            Duration.ofSeconds(5),
            20,
            20,
            Duration.ofSeconds(60),
            Duration.ofSeconds(5),
            t.scaleInCooldown());
    List<PoolSettings> pools = List.of(new PoolSettings(spec, "reactive", PoolMode.LIVE, 0));
    try (FakeDigitalOcean api =
            new FakeDigitalOcean(clock, FakeDigitalOceanRig.TOKEN, tls)
                .answerDelay(delay)
                .bootDelay(Duration.ofSeconds(5))
                .listLag(Duration.ofSeconds(3));
        EmbeddedHistory history = EmbeddedHistory.open(dir, HistorySettings.DEFAULT)) {
      DigitalOceanSettings s = settings(api.url(), ca);
      DigitalOceanProvider droplets =
          DigitalOceanProvider.create(
              s, Map.of("web", "web"), clock, Sleeper.SYSTEM, dir.resolve("digitalocean"));
      try (OffTickProvider provider =
          new OffTickProvider(
              droplets,
              List.of("web"),
              clock,
              tick,
              Duration.ofMinutes(5),
              Duration.ofMinutes(10),
              Optional::empty)) {
        World world = new World(provider, tick);
        ControlLoop loop =
            new ControlLoop(
                defaults.loop(),
                pools,
                Map.of("web", Policies.byName("reactive", 0, defaults.loop().backlogTarget())),
                world,
                world,
                provider,
                history,
                ForecastSource.NONE,
                OverrideSource.NONE,
                List.of());
        List<Long> nanos = new ArrayList<>();
        int inFlight = 0;
        int launches = 0;
        int destroys = 0;
        int held = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
          long t0 = System.nanoTime();
          TickReport r = loop.tick(clock.instant());
          nanos.add(System.nanoTime() - t0);
          TickReport.PoolTick p = r.pools().get(0);
          boolean notListed = p.decision() == null;
          held += notListed ? 1 : 0;
          for (var a : p.actions()) {
            launches += a.action() instanceof Action.Launch ? 1 : 0;
            destroys += a.action() instanceof Action.Destroy ? 1 : 0;
          }
          inFlight += !notListed && pendingLaunch(provider) ? 1 : 0;
          Thread.sleep(Math.max(0, tick.toMillis() - (System.nanoTime() - t0) / 1_000_000));
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        long[] steady = Arrays.copyOfRange(sorted, Math.min(20, sorted.length / 10), sorted.length);
        Arrays.sort(steady);
        FakeDigitalOcean.Stats st = api.stats();
        System.out.printf(
            Locale.ROOT,
            "%d ticks of %d ms over %d s, API answering %d ms late%n",
            sorted.length,
            tick.toMillis(),
            seconds,
            delay.toMillis());
        System.out.printf(
            Locale.ROOT,
            "tick latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms (first %d ticks excluded)%n",
            pct(steady, 0.50),
            pct(steady, 0.99),
            steady[steady.length - 1] / 1e6,
            sorted.length - steady.length);
        System.out.printf(
            Locale.ROOT,
            "ticks with a launch in flight %d, launch actions %d, destroy actions %d, ticks held"
                + " (provider not listed yet) %d%n",
            inFlight,
            launches,
            destroys,
            held);
        System.out.printf(
            Locale.ROOT,
            "API: %d requests, %d creates, %d deletes, %d droplets alive at the end,"
                + " duplicates %s%n",
            st.requests(),
            st.creates(),
            st.deletes(),
            st.alive(),
            st.duplicateNames());
      }
    }
  }

  private static DigitalOceanSettings settings(String url, Path ca) throws Exception {
    String yaml =
        """
        digitalocean:
          token: %s
          api-url: %s
          ca-certificate: %s
          request-timeout: 10s
          create-settle: 5s
          worker:
            package-url: https://127.0.0.1/yogurt.tar.gz
            package-sha256: %s
            broker-endpoint: tcp://10.0.0.2:5555
        """
            .formatted(FakeDigitalOceanRig.TOKEN, url, ca, "0".repeat(64));
    ConfigFile f = ConfigFile.parse("bench.yaml", new StringReader(yaml), k -> null);
    DigitalOceanSettings s = DigitalOceanSettings.from(f.root().section("digitalocean"));
    f.finish();
    return s;
  }

  private static boolean pendingLaunch(Provider provider) {
    try {
      return provider.list("web").stream().anyMatch(i -> i.id().equals("0"));
    } catch (ProviderException e) {
      return false;
    }
  }

  private static double pct(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
  }

  /** Load that swings 0 -> 200 -> 0 req/s each minute; a droplet's worker is live 5 s after. */
  private static final class World implements LoadProbe, WorkerControl {
    private final Provider provider;
    private final Duration tick;

    World(Provider provider, Duration tick) {
      this.provider = provider;
      this.tick = tick;
    }

    @Override
    public Observation observe(Instant at) {
      double phase = (at.toEpochMilli() % 60_000) / 60_000.0 * 2 * Math.PI;
      long arrivals =
          Math.round(Math.max(0, 100 - 100 * Math.cos(phase)) * tick.toMillis() / 1000.0);
      List<WorkerStatus> workers = new ArrayList<>();
      try {
        for (Instance i : provider.list("web")) {
          if (!i.id().equals("0") && !i.createdAt().plusSeconds(5).isAfter(at)) {
            workers.add(
                new WorkerStatus(
                    i.name(), "web", WorkerStatus.State.IDLE, Duration.ofSeconds(1), 0));
          }
        }
      } catch (ProviderException e) {
        // not listed yet: no workers
      }
      return new Observation(
          at,
          List.of(
              BrokerReading.reachable(
                  "tcp://bench",
                  List.of(new ServiceLoad("web", 0, 0, arrivals, arrivals, workers)))));
    }

    @Override
    public boolean drain(String identity) {
      return true;
    }
  }
}
