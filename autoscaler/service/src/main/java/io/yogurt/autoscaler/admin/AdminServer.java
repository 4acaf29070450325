package io.yogurt.autoscaler.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.yogurt.autoscaler.http.Replies;
import io.yogurt.autoscaler.loop.ControlLoop;
import io.yogurt.autoscaler.loop.PoolSettings;
import io.yogurt.models.ManualOverride;
import io.yogurt.models.PoolMode;
import io.yogurt.provider.supervisor.HostReport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API on loopback: {@code /healthz} for monitors ({@code /metrics} has its own listener,
 * {@code MetricsServer}), and behind a bearer token (written to {@code admin.json}, owner-only)
 * {@code /status}, {@code /overrides} and {@code /pools/NAME/mode} for the CLI. Every answer is
 * JSON except Prometheus' text.
 */
public final class AdminServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Path stateDir;
  private final String token;
  private final Deps deps;
  private final int maxBodyBytes;
  private final ExecutorService work;
  private final ServiceRole role;

  /**
   * What the server reads and changes.
   *
   * @param clusterLastTick when the loop last ran on any instance sharing the schedule (HA); empty
   *     when the schedule is this process's alone, or not known
   * @param hosts the supervisor provider's hosts as last seen; none with other providers
   */
  public record Deps(
      ControlLoop loop,
      List<PoolSettings> pools,
      OverrideStore overrides,
      RecentTicks recent,
      InstantSource clock,
      Duration tick,
      Supplier<Optional<Instant>> clusterLastTick,
      Supplier<List<HostReport>> hosts) {}

  private AdminServer(
      HttpServer server, Path stateDir, String token, Deps deps, int maxBodyBytes, int threads) {
    this.server = server;
    this.stateDir = stateDir;
    this.token = token;
    this.deps = deps;
    this.maxBodyBytes = maxBodyBytes;
    this.work = executor("yogurt-admin-work-", threads);
    this.role = new ServiceRole(deps.recent(), deps.clock(), deps.tick(), deps.clusterLastTick());
  }

  public static AdminServer start(AdminSettings settings, Path stateDir, Deps deps)
      throws IOException {
    limitRequestTime(settings.requestTimeout());
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(settings.bind(), settings.port()), 16);
    } catch (IOException e) {
      throw new IOException(
          "admin API: cannot listen on "
              + settings.bind()
              + ":"
              + settings.port()
              + " ("
              + e.getMessage()
              + "); set admin.port to a free port, or 0 for any",
          e);
    }
    AdminServer admin =
        new AdminServer(
            server,
            stateDir,
            AdminAccess.newToken(),
            deps,
            settings.maxBodyBytes(),
            settings.threads());
    server.createContext("/", admin::handle);
    server.setExecutor(executor("yogurt-admin-", settings.threads()));
    server.start();
    new AdminAccess(admin.url(), admin.token).write(stateDir);
    log.info("admin API on {}", admin.url());
    return admin;
  }

  /**
   * Bounded: {@code threads} serve, a queue of 16 per thread waits, and beyond that a request is
   * refused (the JDK's server closes a connection its executor refuses; the work queue answers
   * 503). The server's threads read requests and answer {@code /healthz} themselves; everything
   * else is handed to the work threads, so monitors are never queued behind status calls or a
   * client slow to send its body.
   */
  private static ExecutorService executor(String prefix, int threads) {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(
        threads,
        threads,
        60,
        TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(threads * 16),
        r -> {
          Thread t = new Thread(r, prefix + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        },
        new ThreadPoolExecutor.AbortPolicy());
  }

  /**
   * The JDK's HTTP server drops a connection whose request (headers and body) takes longer than
   * {@code sun.net.httpserver.maxReqTime}, or whose response takes longer than {@code maxRspTime}
   * (seconds; read once, when its first server starts): a client that never sends its body then
   * holds a thread for at most that long. Values already set (by a person, with -D) are kept.
   * Called before any HTTP server of this process starts (the metrics listener too).
   */
  public static void limitRequestTime(Duration timeout) {
    String seconds = Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000));
    if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
      System.setProperty("sun.net.httpserver.maxReqTime", seconds);
    }
    if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
      System.setProperty("sun.net.httpserver.maxRspTime", seconds);
    }
  }

  public String url() {
    InetSocketAddress a = server.getAddress();
    return "http://" + a.getHostString() + ":" + a.getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
    work.shutdownNow();
    try {
      AdminAccess.remove(stateDir);
    } catch (IOException e) {
      log.warn("cannot remove {}: {}", AdminAccess.FILE, e.toString());
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    if (ex.getRequestURI().getPath().equals("/healthz")) {
      try (ex) {
        route(ex);
      }
      return;
    }
    try {
      work.execute(
          () -> {
            try (ex) {
              route(ex);
            } catch (IOException e) {
              // The client went away or was too slow (admin.request-timeout): nothing to answer.
              log.debug(
                  "admin API: {} {}: {}", ex.getRequestMethod(), ex.getRequestURI(), e.toString());
            }
          });
    } catch (RejectedExecutionException busy) {
      try (ex) {
        json(ex, 503, Map.of("error", "busy: too many requests at once, try again"));
      }
    }
  }

  private void route(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (path.equals("/healthz") && method.equals("GET")) {
        health(ex);
      } else if (path.equals("/metrics")) {
        json(ex, 404, Map.of("error", "/metrics is served on its own listener (metrics.port)"));
      } else if (!authorized(ex)) {
        json(
            ex,
            401,
            Map.of(
                "error", "missing or wrong bearer token (see admin.json in the state directory)"));
      } else if (path.equals("/status") && method.equals("GET")) {
        Map<String, Object> status = new LinkedHashMap<>(role.now().asMap());
        status.putAll(
            StatusView.of(deps.pools(), deps.loop(), deps.recent().all(), deps.overrides().all()));
        status.put("hosts", deps.hosts().get().stream().map(StatusView::host).toList());
        json(ex, 200, status);
      } else if (path.equals("/overrides") && method.equals("GET")) {
        json(ex, 200, deps.overrides().all().stream().map(StatusView::override).toList());
      } else if (path.equals("/overrides") && method.equals("POST")) {
        setOverride(ex);
      } else if (path.startsWith("/overrides/") && method.equals("DELETE")) {
        clearOverride(ex, path.substring("/overrides/".length()));
      } else if (path.startsWith("/hosts/")
          && path.endsWith("/rotation")
          && method.equals("POST")) {
        setRotation(ex, path.substring("/hosts/".length(), path.length() - "/rotation".length()));
      } else if (path.startsWith("/pools/") && path.endsWith("/mode") && method.equals("POST")) {
        setMode(ex, path.substring("/pools/".length(), path.length() - "/mode".length()));
      } else {
        json(ex, 404, Map.of("error", method + " " + path + ": no such endpoint"));
      }
    } catch (TooLarge e) {
      json(ex, 413, Map.of("error", e.getMessage()));
    } catch (BadRequest e) {
      json(ex, 400, Map.of("error", e.getMessage()));
    } catch (RuntimeException e) {
      log.error("admin API: {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
      json(ex, 500, Map.of("error", e.toString()));
    }
  }

  private void health(HttpExchange ex) throws IOException {
    ServiceRole.Health h = role.health();
    json(ex, h.status(), h.body());
  }

  private void setOverride(HttpExchange ex) throws IOException, BadRequest {
    JsonNode body = body(ex, maxBodyBytes);
    PoolSettings pool = pool(text(body, "pool"));
    String kind = text(body, "kind");
    Duration lasting = Duration.ofSeconds(body.path("seconds").asLong(0));
    if (lasting.isZero() || lasting.isNegative()) {
      throw new BadRequest("seconds: expected a positive duration, got " + body.path("seconds"));
    }
    int count = 0;
    if (kind.equals("scale")) {
      count = body.path("count").asInt(-1);
      boolean force = body.path("force").asBoolean(false);
      if (count < 0 || !force && (count < pool.spec().min() || count > pool.spec().max())) {
        throw new BadRequest(
            "count: got "
                + body.path("count")
                + ", expected "
                + pool.spec().min()
                + ".."
                + pool.spec().max()
                + " (pool "
                + pool.spec().name()
                + "'s min..max; --force allows more)");
      }
    } else if (!kind.equals("pause")) {
      throw new BadRequest("kind: got '" + kind + "', expected scale or pause");
    }
    ManualOverride o =
        new ManualOverride(
            pool.spec().name(),
            kind.equals("scale") ? ManualOverride.Kind.SCALE : ManualOverride.Kind.PAUSE,
            count,
            deps.clock().instant().plus(lasting),
            body.path("reason").asText(""),
            body.path("by").asText(""));
    deps.overrides().set(o);
    json(ex, 200, StatusView.override(o));
  }

  private void clearOverride(HttpExchange ex, String poolName) throws IOException, BadRequest {
    pool(poolName);
    boolean removed = deps.overrides().clear(poolName, by(ex));
    json(ex, 200, Map.of("pool", poolName, "cleared", removed));
  }

  private void setMode(HttpExchange ex, String poolName) throws IOException, BadRequest {
    pool(poolName);
    String mode = text(body(ex, maxBodyBytes), "mode");
    if (!PoolMode.names().contains(mode)) {
      throw new BadRequest("mode: got '" + mode + "', expected one of " + PoolMode.names());
    }
    deps.overrides().setMode(poolName, PoolMode.of(mode), by(ex));
    log.info("pool {} switched to mode {} by {}", poolName, mode, by(ex));
    json(ex, 200, Map.of("pool", poolName, "mode", mode));
  }

  private void setRotation(HttpExchange ex, String host) throws IOException, BadRequest {
    List<String> names = deps.hosts().get().stream().map(HostReport::name).toList();
    if (!names.contains(host)) {
      throw new BadRequest(
          "host: no supervisor host named '"
              + host
              + "'; "
              + (names.isEmpty() ? "the provider is not supervisor" : "hosts are " + names));
    }
    JsonNode body = body(ex, maxBodyBytes);
    JsonNode in = body == null ? null : body.get("in");
    if (in == null || !in.isBoolean()) {
      throw new BadRequest("in: expected true or false");
    }
    deps.overrides().setHostRotation(host, in.asBoolean(), by(ex), body.path("reason").asText(""));
    log.info("host {} {} rotation by {}", host, in.asBoolean() ? "back in" : "out of", by(ex));
    json(ex, 200, Map.of("host", host, "in_rotation", in.asBoolean()));
  }

  private PoolSettings pool(String name) throws BadRequest {
    Optional<PoolSettings> p =
        deps.pools().stream().filter(s -> s.spec().name().equals(name)).findFirst();
    return p.orElseThrow(
        () ->
            new BadRequest(
                "pool: no pool named '"
                    + name
                    + "'; pools are "
                    + deps.pools().stream().map(s -> s.spec().name()).toList()));
  }

  private static String by(HttpExchange ex) {
    String by = ex.getRequestHeaders().getFirst("X-Yogurt-User");
    return by == null ? "" : by;
  }

  /** The request's JSON body, read up to {@code max} bytes; a larger one is refused unread. */
  private static JsonNode body(HttpExchange ex, int max) throws IOException, BadRequest {
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > max) {
      throw new TooLarge(max);
    }
    byte[] bytes = ex.getRequestBody().readNBytes(max + 1);
    if (bytes.length > max) {
      throw new TooLarge(max);
    }
    try {
      return JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new BadRequest("request body: expected JSON (" + e.getOriginalMessage() + ")");
    }
  }

  private static String text(JsonNode body, String key) throws BadRequest {
    JsonNode v = body == null ? null : body.get(key);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new BadRequest(key + ": expected a non-empty string");
    }
    return v.asText();
  }

  private boolean authorized(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    byte[] given = (header == null ? "" : header).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, ("Bearer " + token).getBytes(StandardCharsets.UTF_8));
  }

  private static void json(HttpExchange ex, int status, Object body) throws IOException {
    Replies.send(
        ex,
        status,
        "application/json",
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body));
  }

  /** A request the CLI (or a person with curl) got wrong; answered 400 with the message. */
  private static class BadRequest extends Exception {
    BadRequest(String message) {
      super(message);
    }
  }

  /** A body over admin.max-body-bytes; answered 413. */
  private static final class TooLarge extends BadRequest {
    TooLarge(int max) {
      super("request body: larger than " + max + " bytes (admin.max-body-bytes)");
    }
  }
}
