package io.yogurt.simulations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The clairvoyant schedule: it knows every future arrival and the longest boot delay. Workers
 * needed per window are the work arriving in it (and in the service time before it, still in
 * progress) over the window's length. Demand is cut into layers (layer k is busy whenever k or more
 * workers are needed); each layer is one droplet's life, launched exactly one boot before its work
 * starts, and kept idle across a gap only when the gap is shorter than a boot (relaunching would
 * cost more). Droplets being interchangeable, no schedule that keeps the SLA is cheaper.
 */
public final class OraclePlan {

  /** One droplet's life, in seconds from the start: launch, live from, destroy. */
  public record Life(long launchAt, long liveFrom, long destroyAt) {}

  private final List<Life> lives;
  private final int prewarm;
  private final int peak;

  private OraclePlan(List<Life> lives, int prewarm, int peak) {
    this.lives = List.copyOf(lives);
    this.prewarm = prewarm;
    this.peak = peak;
  }

  /**
   * @param window demand is sized per window of this length: the queue may hold a window's work
   *     (keep it well under the SLA wait)
   * @param bootLead the longest time from launch to a live worker
   */
  public static OraclePlan of(
      ArrivalSchedule arrivals, double capacityPerWorker, Duration window, Duration bootLead) {
    return of(arrivals, capacityPerWorker, window, bootLead, Integer.MAX_VALUE);
  }

  /**
   * The same schedule with never more than {@code ceiling} workers: a pool's {@code max}. What it
   * cannot serve queues, and the minutes it loses no policy within that ceiling could keep.
   */
  public static OraclePlan of(
      ArrivalSchedule arrivals,
      double capacityPerWorker,
      Duration window,
      Duration bootLead,
      int ceiling) {
    int w = (int) Math.max(1, (window.toMillis() + 999) / 1000);
    long lead = bootLead.toSeconds() + (bootLead.toMillisPart() > 0 ? 1 : 0);
    int windows = (arrivals.seconds() + w - 1) / w;
    int[] need = new int[windows + 1];
    // A request occupies a worker for a service time: with slow workers, those that arrived just
    // before the window still hold workers in it. Sub-second services spill over negligibly.
    double service = 1 / capacityPerWorker;
    int spill = service >= 1 ? (int) Math.ceil(service) : 0;
    int peak = 0;
    double carried = 0; // work a window held to the ceiling left queued for the next
    for (int i = 0; i < windows; i++) {
      long count = arrivals.sum(i * w - spill, (i + 1) * w);
      int wanted = (int) Math.ceil(count / (capacityPerWorker * w) - 1e-9);
      peak = Math.max(peak, wanted);
      double work = count + carried;
      need[i] = (int) Math.ceil(work / (capacityPerWorker * w) - 1e-9);
      carried = 0;
      if (need[i] > ceiling) {
        carried = work - ceiling * capacityPerWorker * w;
        need[i] = ceiling;
      }
    }
    int maxNeed = Arrays.stream(need).max().orElse(0);
    long[] openFrom = new long[maxNeed + 1];
    long[] openUntil = new long[maxNeed + 1];
    boolean[] pending = new boolean[maxNeed + 1];
    List<Life> lives = new ArrayList<>();
    int level = 0;
    for (int i = 0; i <= windows; i++) {
      long t = (long) i * w;
      int n = need[i];
      for (int k = level + 1; k <= n; k++) {
        if (pending[k] && t - openUntil[k] <= lead) {
          continue; // the droplet stayed idle over the gap: cheaper than a new boot
        }
        if (pending[k]) {
          lives.add(life(openFrom[k], openUntil[k], lead));
        }
        pending[k] = true;
        openFrom[k] = t;
      }
      for (int k = n + 1; k <= level; k++) {
        openUntil[k] = t;
      }
      level = n;
    }
    for (int k = 1; k <= maxNeed; k++) {
      if (pending[k]) {
        lives.add(life(openFrom[k], Math.min(openUntil[k], arrivals.seconds()), lead));
      }
    }
    lives.sort(Comparator.comparingLong(Life::launchAt));
    int prewarm = (int) lives.stream().filter(l -> l.launchAt() < 0).count();
    return new OraclePlan(lives, prewarm, peak);
  }

  private static Life life(long from, long until, long lead) {
    return new Life(from - lead, from, until);
  }

  public List<Life> lives() {
    return lives;
  }

  /** Droplets that must already run at the start (their launch would fall before it). */
  public int prewarm() {
    return prewarm;
  }

  /** Most workers the arrivals needed at once, ceiling or not. */
  public int peak() {
    return peak;
  }

  /** Workers needed at the start, a starting size for every controller. */
  public int liveAtStart() {
    return (int) lives.stream().filter(l -> l.liveFrom() <= 0 && l.destroyAt() > 0).count();
  }
}
