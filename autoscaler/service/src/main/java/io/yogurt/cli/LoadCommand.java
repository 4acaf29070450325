package io.yogurt.cli;

import io.yogurt.autoscaler.Settings;
import io.yogurt.broker.client.ClientSettings;
import io.yogurt.broker.client.MdpClient;
import io.yogurt.config.InvalidInputException;
import io.yogurt.config.trace.Trace;
import io.yogurt.rabbitmq.AmqpEndpoint;
import io.yogurt.rabbitmq.RabbitPoolSettings;
import io.yogurt.rabbitmq.client.LoadTally;
import io.yogurt.rabbitmq.client.RpcClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code yogurt load}: real requests to the broker, paced by a recorded trace; with {@code --amqp},
 * RPC requests to a RabbitMQ queue.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Send real requests to a broker following a recorded trace, --speedup times faster.",
      "Each interval's count is sent, evenly spread, in interval/speedup."
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
      names = "--amqp",
      arity = "0..1",
      fallbackValue = "",
      paramLabel = "URL",
      description = {
        "Publish to RabbitMQ as RPC requests (direct reply-to) instead: amqp://user@host:5672 or",
        "amqps://, the password from the URL or $YOGURT_AMQP_PASSWORD; without a URL, the first",
        "pool with broker: rabbitmq in the config."
      })
  String amqp;

  @Option(
      names = "--queue",
      paramLabel = "NAME",
      description = "With --amqp: the queue (default: the pool's queue, else --service).")
  String queue;

  @Option(
      names = "--vhost",
      paramLabel = "VHOST",
      description = "With --amqp URL: the virtual host (default: the URL's path, else /).")
  String vhost;

  @Option(
      names = "--amqp-ca",
      paramLabel = "FILE",
      description = "With an amqps:// URL: a CA certificate (PEM) to trust besides the JVM's.")
  Path amqpCa;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description =
          "How long a request may wait for its reply before it counts as failed (timed out);"
              + " with --amqp it also leaves the queue (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--max-in-flight",
      paramLabel = "N",
      defaultValue = "256",
      description =
          "Majordomo requests out at once, one connection each (default: ${DEFAULT-VALUE}); the"
              + " rest wait here. Fewer spares a CURVE broker the handshakes.")
  int maxInFlight;

  @Option(
      names = "--curve-server",
      paramLabel = "FILE",
      description = "The broker's public certificate (broker.key): enables CURVE.")
  Path curveServer;

  @Option(
      names = "--curve-keys",
      paramLabel = "FILE",
      description = "This client's secret certificate (NAME.key_secret), with --curve-server.")
  Path curveKeys;

  @Override
  public Integer call() throws Exception {
    if (!(speedup > 0)) {
      throw new InvalidInputException("--speedup: got " + speedup + ", expected a number > 0");
    }
    if (maxInFlight < 1) {
      throw new InvalidInputException(
          "--max-in-flight: got " + maxInFlight + ", expected a number >= 1");
    }
    if (!(rateScale >= 0)) {
      throw new InvalidInputException(
          "--rate-scale: got " + rateScale + ", expected a number >= 0");
    }
    Settings settings = Settings.load(common.configFile());
    Trace t = trace.read();
    int n = rows == null ? t.points().size() : Math.min(rows, t.points().size());
    long intervalNanos = (long) (t.interval().toNanos() / speedup);
    if (amqp != null) {
      return amqp(settings, t, n, intervalNanos);
    }
    String target = endpoint != null ? endpoint : settings.broker().bind();
    String svc = service != null ? service : settings.pools().get(0).spec().service();
    System.err.printf(
        Locale.ROOT,
        "yogurt load: %d rows of %s to service '%s' at %s, one row every %.2f s%n",
        n,
        t.interval(),
        svc,
        target,
        intervalNanos / 1e9);

    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    byte[] body = "ping".getBytes(StandardCharsets.UTF_8);
    Duration replyTimeout = WorkerCommand.duration("--timeout", timeout);
    ClientSettings clientSettings =
        ClientSettings.of(target)
            .withTimeout(replyTimeout, ClientSettings.DEFAULT_RETRIES)
            .withMaxInFlight(maxInFlight)
            .withCurve(WorkerCommand.curve(curveServer, curveKeys));
    try (MdpClient client = new MdpClient(clientSettings, clock)) {
      long sent =
          play(
              t,
              n,
              intervalNanos,
              () ->
                  client
                      .request(svc, body)
                      .whenComplete(
                          (reply, error) -> (error == null ? ok : failed).incrementAndGet()),
              () -> "ok " + ok.get() + ", failed " + failed.get());
      System.err.printf(
          "yogurt load: done: sent %d, ok %d, failed %d (waiting for the last replies)%n",
          sent, ok.get(), failed.get());
      // Every request either has its reply or has failed within the timeout (and its retries).
      long waitNanos = (ClientSettings.DEFAULT_RETRIES + 1L) * replyTimeout.toNanos();
      long until = System.nanoTime() + waitNanos;
      while (ok.get() + failed.get() < sent && System.nanoTime() < until) {
        LockSupport.parkNanos(50_000_000L);
      }
      long unanswered = sent - ok.get() - failed.get();
      System.err.printf(
          Locale.ROOT,
          "yogurt load: finished: sent %d, ok %d, failed %d, unanswered %d%n",
          sent,
          ok.get(),
          failed.get(),
          unanswered);
      if (sent > 0 && ok.get() == 0) {
        System.err.println("yogurt load: nothing answered at " + target + " service '" + svc + "'");
      }
      return failed.get() == 0 && unanswered == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }
  }

  /** Publishes the trace to a RabbitMQ queue as RPC requests and waits for every outcome. */
  private int amqp(Settings settings, Trace t, int n, long intervalNanos) throws Exception {
    Duration wait = WorkerCommand.duration("--timeout", timeout);
    AmqpEndpoint target;
    String q;
    if (amqp.isEmpty()) {
      RabbitPoolSettings pool =
          settings.rabbitmq().values().stream()
              .findFirst()
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "--amqp without a URL: the config has no pool with broker: rabbitmq"
                              + " (give --amqp URL, or --config FILE)"));
      target = pool.endpoint();
      q = queue != null ? queue : pool.queue();
    } else {
      target = WorkerCommand.amqpEndpoint(amqp, vhost, amqpCa);
      q = queue != null ? queue : service != null ? service : "echo";
    }
    System.err.printf(
        Locale.ROOT,
        "yogurt load: %d rows of %s to queue '%s' at %s, one row every %.2f s%n",
        n,
        t.interval(),
        q,
        target.label(),
        intervalNanos / 1e9);
    LoadTally tally = new LoadTally();
    byte[] body = "ping".getBytes(StandardCharsets.UTF_8);
    RpcClient client;
    try {
      client = new RpcClient(target, q, wait, clock);
    } catch (IOException e) {
      System.err.println("yogurt load: " + target.label() + ": " + e.getMessage());
      return ExitCodes.FAILURE;
    }
    try (client) {
      play(
          t,
          n,
          intervalNanos,
          () -> tally.track(client.call(body)),
          () ->
              "replies "
                  + tally.replies()
                  + ", timeouts "
                  + tally.timeouts()
                  + ", failed "
                  + tally.failed());
      System.err.println("yogurt load: sent " + tally.sent() + "; waiting for the last replies");
      long deadline = System.nanoTime() + wait.toNanos() + 5_000_000_000L;
      while (tally.open() > 0 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(50_000_000L);
      }
    }
    System.err.println("yogurt load: done: " + tally.summary());
    if (tally.sent() > 0 && tally.replies() == 0) {
      System.err.println(
          "yogurt load: nothing answered at " + target.label() + " queue '" + q + "'");
    }
    return tally.replies() == tally.sent() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /**
   * Sends each row's count evenly spread over its interval, printing a line per row; returns how
   * many were sent.
   */
  private long play(Trace t, int n, long intervalNanos, Runnable sendOne, Supplier<String> status) {
    long sent = 0;
    long start = System.nanoTime();
    for (int row = 0; row < n; row++) {
      long count = Math.round(t.points().get(row).count() * rateScale);
      long rowStart = start + row * intervalNanos;
      for (long k = 0; k < count; k++) {
        LockSupport.parkNanos(rowStart + k * intervalNanos / count - System.nanoTime());
        sendOne.run();
        sent++;
      }
      LockSupport.parkNanos(rowStart + intervalNanos - System.nanoTime());
      System.err.printf(
          Locale.ROOT,
          "%s  row %d/%d: %d requests (%.1f/s); total sent %d, %s%n",
          ROW_TIME.format(t.points().get(row).at()),
          row + 1,
          n,
          count,
          count * 1e9 / intervalNanos,
          sent,
          status.get());
    }
    return sent;
  }
}
