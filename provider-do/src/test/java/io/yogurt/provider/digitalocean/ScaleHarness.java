package io.yogurt.provider.digitalocean;

import io.yogurt.models.Instance;
import io.yogurt.models.ProviderException;
import io.yogurt.provider.digitalocean.fake.FakeDigitalOcean;
import io.yogurt.provider.digitalocean.fake.FakeDigitalOceanRig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scales a pool from 0 to N droplets and back to 0 against the fake API with a share of the
 * requests failing (429, 500, timeouts, lost responses), the way the control loop drives the
 * provider: every tick lists, then launches with a key kept until the launch succeeds, or destroys.
 * Prints the figures: requests, the busiest minute against the budget, duplicates, orphans.
 *
 * <p>Run (after {@code mvn -B -q -pl provider-do -am install -DskipTests}): {@code mvn -B -q -pl
 * provider-do exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.yogurt.provider.digitalocean.ScaleHarness -Dexec.args="37 0.10 60"}
 * (droplets, fault share, requests per minute, optional seed).
 */
public final class ScaleHarness {

  /** The figures of one run. */
  public record Result(
      int target,
      double faultRate,
      int budgetPerMinute,
      int peakAlive,
      long requests,
      long faults,
      String faultMix,
      long retries,
      int maxRequestsInAnyMinute,
      long creates,
      long deletes,
      int duplicates,
      int orphans,
      int ticks,
      Duration simulated,
      Duration real) {

    public String report() {
      return String.format(
          Locale.ROOT,
          "scale 0 -> %d -> 0, %.0f%% of requests failing, budget %d req/min%n"
              + "  peak droplets alive     %d%n"
              + "  requests                %d (faults injected %d: %s; retries %d)%n"
              + "  busiest minute          %d requests (budget %d, API limit %d)%n"
              + "  creates / deletes       %d / %d%n"
              + "  duplicates              %d%n"
              + "  orphans left            %d%n"
              + "  ticks                   %d (simulated %s, real %.1f s)%n",
          target,
          faultRate * 100,
          budgetPerMinute,
          peakAlive,
          requests,
          faults,
          faultMix,
          retries,
          maxRequestsInAnyMinute,
          budgetPerMinute,
          DigitalOceanSettings.API_LIMIT_PER_MINUTE,
          creates,
          deletes,
          duplicates,
          orphans,
          ticks,
          simulated,
          real.toMillis() / 1000.0);
    }
  }

  private ScaleHarness() {}

  public static void main(String[] args) throws Exception {
    int target = args.length > 0 ? Integer.parseInt(args[0]) : 37;
    double faults = args.length > 1 ? Double.parseDouble(args[1]) : 0.10;
    int budget = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 7;
    Path dir = Files.createTempDirectory("yogurt-do-harness");
    // Figures only: the provider's own INFO lines would bury them.
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    System.out.print(run(dir, target, faults, budget, seed).report());
  }

  public static Result run(Path dir, int target, double faultRate, int budget, long seed)
      throws Exception {
    long realStart = System.nanoTime();
    try (FakeDigitalOceanRig rig = new FakeDigitalOceanRig(dir)) {
      rig.api
          .bootDelay(Duration.ofSeconds(45))
          .listLag(Duration.ofSeconds(5))
          .timeoutHold(Duration.ofSeconds(2))
          .faults(faultRate, seed, Set.of(FakeDigitalOcean.Fault.values()));
      DigitalOceanSettings s =
          rig.settings(
              "rate:\n  requests-per-minute: "
                  + budget
                  + "\n"
                  + "retry:\n  max-attempts: 6\n  backoff-base: 1s\n  backoff-max: 30s\n"
                  + "create-settle: 15s\n");
      Instant start = rig.clock.instant();
      int ticks = 0;
      int peak = 0;
      try (DigitalOceanProvider provider = rig.provider(s)) {
        String pool = "web";
        String key = null;
        int count = 0;
        // Up: launch until N droplets are listed and active.
        while (true) {
          ticks++;
          List<Instance> now = listOrNull(provider, pool);
          if (now != null) {
            peak = Math.max(peak, rig.api.droplets().size());
            boolean allActive = now.stream().allMatch(i -> i.status() == Instance.Status.ACTIVE);
            if (now.size() >= target && allActive) {
              break;
            }
            if (key == null && now.size() < target) {
              key = pool + "-" + Long.toString(rig.clock.instant().getEpochSecond(), 36);
              count = target - now.size();
            }
            if (key != null) {
              try {
                provider.launch(pool, count, key);
                key = null; // done: the intent is cleared only on success
              } catch (ProviderException e) {
                // kept: the next tick retries the same key
              }
            }
          }
          tick(rig, ticks);
        }
        // Down: destroy everything, retrying on the next tick what failed.
        while (true) {
          ticks++;
          List<Instance> now = listOrNull(provider, pool);
          if (now != null) {
            List<Instance> live =
                now.stream().filter(i -> i.status() != Instance.Status.STOPPING).toList();
            if (now.isEmpty()) {
              break;
            }
            for (Instance i : live) {
              try {
                provider.destroy(i);
              } catch (ProviderException e) {
                // next tick
              }
            }
          }
          tick(rig, ticks);
        }
        FakeDigitalOcean.Stats st = rig.api.stats();
        long retries = ((GuardedDropletApi) provider.api()).retries();
        String mix =
            new TreeMap<>(st.faultsByKind())
                .toString()
                .replaceAll("[{}]", "")
                .toLowerCase(Locale.ROOT);
        return new Result(
            target,
            faultRate,
            budget,
            peak,
            st.requests(),
            st.faults(),
            mix,
            retries,
            st.maxRequestsInAnyMinute(),
            st.creates(),
            st.deletes(),
            st.duplicateNames().size(),
            st.alive(),
            ticks,
            Duration.between(start, rig.clock.instant()),
            Duration.ofNanos(System.nanoTime() - realStart));
      }
    }
  }

  private static List<Instance> listOrNull(DigitalOceanProvider p, String pool) {
    try {
      return p.list(pool);
    } catch (ProviderException e) {
      return null;
    }
  }

  private static void tick(FakeDigitalOceanRig rig, int ticks) {
    if (ticks > 500) {
      throw new IllegalStateException("no convergence after 500 ticks: " + rig.api.stats());
    }
    rig.clock.advance(Duration.ofSeconds(15));
  }
}
