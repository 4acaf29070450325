package io.yogurt.cli;

import io.yogurt.autoscaler.Settings;
import io.yogurt.broker.client.ClientSettings;
import io.yogurt.broker.client.MdpClient;
import io.yogurt.config.InvalidInputException;
import io.yogurt.config.trace.Trace;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code yogurt load}: real requests to the broker, paced by a recorded trace. */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Send real requests to a broker following a recorded trace, faster than",
      "real time by --speedup: each interval's count is sent, evenly spread, in interval/speedup."
    })
public final class LoadCommand implements Callable<Integer> {

  private final InstantSource clock;

  LoadCommand(InstantSource clock) {
    this.clock = clock;
  }

  private static final DateTimeFormatter ROW_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  @Mixin CommonOptions common;
  @Mixin TraceOptions trace;

  @Option(
      names = "--speedup",
      defaultValue = "60",
      paramLabel = "N",
      description = "How much faster than the trace (default: ${DEFAULT-VALUE}).")
  double speedup;

  @Option(
      names = "--rate-scale",
      defaultValue = "1",
      paramLabel = "X",
      description = "Multiply every count by X (default: ${DEFAULT-VALUE}).")
  double rateScale;

  @Option(
      names = "--service",
      paramLabel = "NAME",
      description = "Service to call (default: the first pool's).")
  String service;

  @Option(
      names = "--endpoint",
      paramLabel = "ENDPOINT",
      description = "Broker (default: broker.bind from the config).")
  String endpoint;

  @Option(names = "--rows", paramLabel = "N", description = "Play only the first N rows.")
  Integer rows;

  @Option(
      names = "--timeout",
      defaultValue = "10s",
      paramLabel = "DURATION",
      description =
          "How long each attempt waits for its reply; a request unanswered after its attempts"
              + " counts as failed (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Override
  public Integer call() throws Exception {
    if (!(speedup > 0)) {
      throw new InvalidInputException("--speedup: got " + speedup + ", expected a number > 0");
    }
    if (!(rateScale >= 0)) {
      throw new InvalidInputException(
          "--rate-scale: got " + rateScale + ", expected a number >= 0");
    }
    Duration attempt = WorkerCommand.duration("--timeout", timeout);
    Settings settings = Settings.load(common.configFile());
    Trace t = trace.read();
    String target = endpoint != null ? endpoint : settings.broker().bind();
    String svc = service != null ? service : settings.pools().get(0).spec().service();
    int n = rows == null ? t.points().size() : Math.min(rows, t.points().size());
    long intervalNanos = (long) (t.interval().toNanos() / speedup);
    System.err.printf(
        Locale.ROOT,
        "yogurt load: %d rows of %s to service '%s' at %s, one row every %.2f s%n",
        n,
        t.interval(),
        svc,
        target,
        intervalNanos / 1e9);

    Tally tally = new Tally();
    byte[] body = "ping".getBytes(StandardCharsets.UTF_8);
    ClientSettings clientSettings =
        ClientSettings.of(target).withTimeout(attempt, ClientSettings.DEFAULT_RETRIES);
    long sent = 0;
    try (MdpClient client = new MdpClient(clientSettings, clock)) {
      long start = System.nanoTime();
      for (int row = 0; row < n; row++) {
        long count = Math.round(t.points().get(row).count() * rateScale);
        long rowStart = start + row * intervalNanos;
        for (long k = 0; k < count; k++) {
          LockSupport.parkNanos(rowStart + k * intervalNanos / count - System.nanoTime());
          client.request(svc, body).whenComplete((reply, error) -> tally.done(error == null));
          sent++;
        }
        LockSupport.parkNanos(rowStart + intervalNanos - System.nanoTime());
        System.err.printf(
            Locale.ROOT,
            "%s  row %d/%d: %d requests (%.1f/s); total sent %d, ok %d, failed %d%n",
            ROW_TIME.format(t.points().get(row).at()),
            row + 1,
            n,
            count,
            count * 1e9 / intervalNanos,
            sent,
            tally.ok(),
            tally.failed());
      }
      // Every request gets a reply or its timeout (each attempt's): wait that long, no longer.
      Duration patience =
          clientSettings.timeout().multipliedBy(clientSettings.retries() + 1L).plusSeconds(1);
      System.err.printf(
          "yogurt load: sent %d, ok %d, failed %d; waiting up to %d s for the last replies%n",
          sent, tally.ok(), tally.failed(), patience.toSeconds());
      tally.awaitAll(sent, patience);
    }
    long timedOut = tally.close(sent);
    System.err.printf(
        "yogurt load: done: sent %d, ok %d, failed %d (%d of them never answered: timed out)%n",
        sent, tally.ok(), tally.failed() + timedOut, timedOut);
    if (sent > 0 && tally.ok() == 0) {
      System.err.println(
          "yogurt load: no request was answered by "
              + target
              + " (service '"
              + svc
              + "'): is a broker listening there, with a worker for the service?");
      return ExitCodes.FAILURE;
    }
    return tally.failed() + timedOut == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /** Replies and failures as they come; what has not come when the wait ends timed out. */
  private static final class Tally {
    private long ok;
    private long failed;
    private boolean closed;

    synchronized void done(boolean success) {
      if (closed) {
        return; // counted as timed out already
      }
      if (success) {
        ok++;
      } else {
        failed++;
      }
      notifyAll();
    }

    synchronized long ok() {
      return ok;
    }

    synchronized long failed() {
      return failed;
    }

    synchronized void awaitAll(long sent, Duration patience) throws InterruptedException {
      long deadline = System.nanoTime() + patience.toNanos();
      for (long left = patience.toMillis();
          ok + failed < sent && left > 0;
          left = (deadline - System.nanoTime()) / 1_000_000) {
        wait(left);
      }
    }

    /** Stops counting; returns how many requests never got an answer. */
    synchronized long close(long sent) {
      closed = true;
      return sent - ok - failed;
    }
  }
}
