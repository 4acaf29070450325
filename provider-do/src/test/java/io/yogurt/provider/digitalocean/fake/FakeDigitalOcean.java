package io.yogurt.provider.digitalocean.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local HTTPS server that behaves like the DigitalOcean API for the calls Yogurt makes, with its
 * own state: droplets boot from {@code new} to {@code active} after a delay, carry tags and are
 * listed by tag, page by page; a list shows a new droplet only some seconds after its create (as
 * the real one lags); every response carries rate-limit headers and a request over the limit gets
 * 429. Faults can be injected: 429, 500, a timeout (the request is done, the answer never comes)
 * and a lost response (done, then the connection drops).
 *
 * <p>Time is the injected clock's, so tests drive boots and rate windows without waiting. Counters
 * ({@link #stats()}) show what a test must prove: creates per name, the busiest minute.
 */
public final class FakeDigitalOcean implements AutoCloseable {

  /** An injected failure. */
  public enum Fault {
    RATE_LIMITED,
    SERVER_ERROR,
    TIMEOUT,
    LOST_RESPONSE
  }

  /** A droplet in the fake's world. */
  public record FakeDroplet(
      long id,
      String name,
      List<String> tags,
      Instant createdAt,
      String region,
      String size,
      String userData,
      String vpcUuid) {}

  /**
   * What happened, for assertions and printed figures.
   *
   * @param maxRequestsInAnyMinute the most requests in any 60 s window (by the fake's clock)
   * @param duplicateNames names created more than once, alive or not
   */
  public record Stats(
      long requests,
      int maxRequestsInAnyMinute,
      long faults,
      Map<Fault, Integer> faultsByKind,
      long creates,
      long deletes,
      int alive,
      Map<String, Integer> duplicateNames) {}

  /**
   * Told when a droplet is created and when it is deleted (a droplet emulator boots and stops it).
   */
  public interface DropletListener {
    void created(FakeDroplet d);

    void deleted(FakeDroplet d);
  }

  private final InstantSource clock;
  private final String token;
  private volatile DropletListener listener;
  private volatile Duration answerDelay = Duration.ZERO;
  private final HttpsServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Map<Long, FakeDroplet> droplets = new LinkedHashMap<>();
  private final Map<String, Integer> createsByName = new HashMap<>();
  private final RequestLog requests = new RequestLog();
  private final FaultPlan faultPlan = new FaultPlan();
  private final AtomicLong nextId = new AtomicLong(3_000_000);
  private long creates;
  private long deletes;
  private Duration bootDelay = Duration.ofSeconds(45);
  private Duration listLag = Duration.ofSeconds(5);
  private Duration timeoutHold = Duration.ofSeconds(3);
  private int limitPerMinute = 250;
  private int limitPerHour = 5000;
  private int dropletLimit = 100;
  private Set<String> regions = Set.of("nyc1", "nyc3", "ams3", "fra1");
  private Set<String> sizes = Set.of("s-1vcpu-1gb", "s-1vcpu-2gb", "s-2vcpu-4gb");
  private Set<String> images = Set.of("ubuntu-24-04-x64", "debian-12-x64");
  private Set<String> exhaustedSizes = Set.of();
  private Set<String> exhaustedRegions = Set.of();

  public FakeDigitalOcean(InstantSource clock, String token, SelfSignedTls tls) throws IOException {
    this.clock = clock;
    this.token = token;
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
    server.createContext("/v2/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** {@code https://127.0.0.1:<port>}, for {@code digitalocean.api-url}. */
  public String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Boots and stops droplets as they are created and deleted. */
  public FakeDigitalOcean listener(DropletListener l) {
    listener = l;
    return this;
  }

  /** Every answer comes this much later (real time): a slow API, for the tick benchmark. */
  public FakeDigitalOcean answerDelay(Duration d) {
    answerDelay = d;
    return this;
  }

  public synchronized FakeDigitalOcean bootDelay(Duration d) {
    bootDelay = d;
    return this;
  }

  public synchronized FakeDigitalOcean listLag(Duration d) {
    listLag = d;
    return this;
  }

  /** How long a "timed out" request is held before the connection is dropped (real time). */
  public synchronized FakeDigitalOcean timeoutHold(Duration d) {
    timeoutHold = d;
    return this;
  }

  public synchronized FakeDigitalOcean limits(int perMinute, int perHour) {
    limitPerMinute = perMinute;
    limitPerHour = perHour;
    return this;
  }

  /**
   * Fails this fraction of requests, exactly: one request at a random place in every block of
   * 1/rate requests, of a kind picked among {@code kinds}, all from a seeded random.
   */
  public synchronized FakeDigitalOcean faults(double rate, long seed, Set<Fault> kinds) {
    faultPlan.random(rate, seed, kinds);
    return this;
  }

  /** The next requests fail with these faults, in order, before any random ones. */
  public synchronized FakeDigitalOcean script(Fault... next) {
    faultPlan.script(List.of(next));
    return this;
  }

  /** Regions where every size gets 422 (out of capacity) on create. */
  public synchronized FakeDigitalOcean exhaustedRegions(Set<String> regionSlugs) {
    exhaustedRegions = Set.copyOf(regionSlugs);
    return this;
  }

  /** Sizes that get 422 (out of capacity) on create. */
  public synchronized FakeDigitalOcean exhausted(Set<String> sizeSlugs) {
    exhaustedSizes = Set.copyOf(sizeSlugs);
    return this;
  }

  /** Adds a droplet as if someone (or a crashed Yogurt) had created it. */
  public synchronized FakeDroplet put(String name, List<String> tags, Instant createdAt) {
    FakeDroplet d =
        new FakeDroplet(
            nextId.incrementAndGet(),
            name,
            List.copyOf(tags),
            createdAt,
            "nyc3",
            "s-1vcpu-1gb",
            "",
            "");
    droplets.put(d.id(), d);
    createsByName.merge(name, 1, Integer::sum);
    return d;
  }

  /** Droplets alive now, in creation order. */
  public synchronized List<FakeDroplet> droplets() {
    return List.copyOf(droplets.values());
  }

  public synchronized Stats stats() {
    Map<String, Integer> dups = new LinkedHashMap<>();
    createsByName.forEach(
        (n, c) -> {
          if (c > 1) {
            dups.put(n, c);
          }
        });
    Map<Fault, Integer> injected = faultPlan.injected();
    return new Stats(
        requests.size(),
        requests.maxInAnyMinute(),
        injected.values().stream().mapToLong(Integer::longValue).sum(),
        injected,
        creates,
        deletes,
        droplets.size(),
        dups);
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------------------------------

  private void handle(HttpExchange ex) throws IOException {
    try {
      if (!answerDelay.isZero()) {
        closing.await(answerDelay.toMillis(), TimeUnit.MILLISECONDS);
      }
      Fault fault;
      Reply reply;
      synchronized (this) {
        Instant now = clock.instant();
        requests.add(now);
        if (!("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
          reply = Reply.error(401, "unauthorized", "Unable to authenticate you");
          fault = null;
        } else if (requests.overLimit(now, limitPerMinute, limitPerHour)) {
          reply = Reply.error(429, "too_many_requests", "API Rate limit exceeded.");
          reply.headers.put("Retry-After", "1");
          fault = null;
        } else {
          fault = faultPlan.next();
          if (fault == Fault.RATE_LIMITED) {
            reply = Reply.error(429, "too_many_requests", "API Rate limit exceeded.");
            reply.headers.put("Retry-After", "2");
          } else if (fault == Fault.SERVER_ERROR) {
            reply = Reply.error(500, "server_error", "Unexpected server-side error");
          } else {
            // Timeouts and lost responses happen after the work is done: that is the hard case.
            reply = route(ex, now);
          }
        }
        rateHeaders(reply, now);
      }
      if (fault == Fault.TIMEOUT) {
        closing.await(timeoutHold.toMillis(), TimeUnit.MILLISECONDS);
        ex.close();
        return;
      }
      if (fault == Fault.LOST_RESPONSE) {
        ex.close(); // no status line: the connection just drops
        return;
      }
      Reply.send(ex, reply);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ex.close();
    } catch (RuntimeException e) {
      Reply.send(ex, Reply.error(500, "server_error", "fake failed: " + e));
    }
  }

  private Reply route(HttpExchange ex, Instant now) throws IOException {
    String method = ex.getRequestMethod();
    URI uri = ex.getRequestURI();
    String path = uri.getPath();
    Map<String, String> q = query(uri);
    if (method.equals("GET") && path.equals("/v2/account")) {
      JsonObject a = new JsonObject();
      a.addProperty("droplet_limit", dropletLimit);
      a.addProperty("email", "ops@example.com");
      a.addProperty("uuid", "b6fr89dbf6d9156cace5f3c78dc9851d957381ef");
      a.addProperty("status", "active");
      a.addProperty("email_verified", true);
      return Reply.ok(200, "account", a);
    }
    if (method.equals("GET") && path.equals("/v2/droplets")) {
      return listDroplets(q, now);
    }
    if (method.equals("POST") && path.equals("/v2/droplets")) {
      return createDroplets(
          new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), now);
    }
    if (method.equals("DELETE") && path.startsWith("/v2/droplets/")) {
      long id = Long.parseLong(path.substring("/v2/droplets/".length()));
      FakeDroplet gone = droplets.remove(id);
      if (gone == null) {
        return Reply.error(404, "not_found", "The resource you were accessing could not be found.");
      }
      deletes++;
      if (listener != null) {
        listener.deleted(gone);
      }
      return new Reply(204, null);
    }
    if (method.equals("GET") && path.equals("/v2/regions")) {
      return Reply.page(url(), "regions", slugs(regions), q);
    }
    if (method.equals("GET") && path.equals("/v2/sizes")) {
      return Reply.page(url(), "sizes", slugs(sizes), q);
    }
    if (method.equals("GET") && path.startsWith("/v2/images/")) {
      String slug = path.substring("/v2/images/".length());
      if (!images.contains(slug)) {
        return Reply.error(404, "not_found", "The resource you were accessing could not be found.");
      }
      JsonObject img = Reply.slugObject(slug, true);
      img.addProperty("id", 1000 + images.stream().sorted().toList().indexOf(slug));
      img.addProperty("distribution", "Ubuntu");
      return Reply.ok(200, "image", img);
    }
    return Reply.error(404, "not_found", "no such endpoint in the fake: " + method + " " + path);
  }

  private Reply listDroplets(Map<String, String> q, Instant now) {
    String tag = q.get("tag_name");
    List<JsonElement> shown = new ArrayList<>();
    for (FakeDroplet d : droplets.values()) {
      boolean visible = !now.isBefore(d.createdAt().plus(listLag));
      if (visible && (tag == null || d.tags().contains(tag))) {
        shown.add(json(d, now));
      }
    }
    return Reply.page(url(), "droplets", shown, q);
  }

  private Reply createDroplets(String body, Instant now) {
    JsonObject req = JsonParser.parseString(body).getAsJsonObject();
    List<String> names = new ArrayList<>();
    if (req.has("names")) {
      req.getAsJsonArray("names").forEach(n -> names.add(n.getAsString()));
    } else if (req.has("name")) {
      names.add(req.get("name").getAsString());
    }
    if (names.isEmpty() || names.size() > 10) {
      return Reply.error(422, "unprocessable_entity", "names must hold 1 to 10 names");
    }
    String size = str(req, "size");
    if (!regions.contains(str(req, "region"))
        || !sizes.contains(size)
        || !images.contains(str(req, "image"))) {
      return Reply.error(422, "unprocessable_entity", "region, size or image is not available");
    }
    if (exhaustedSizes.contains(size) || exhaustedRegions.contains(str(req, "region"))) {
      return Reply.error(
          422, "unprocessable_entity", "Size is not available in this region (out of capacity).");
    }
    String userData = str(req, "user_data");
    if (userData.getBytes(StandardCharsets.UTF_8).length > 64 * 1024) {
      return Reply.error(422, "unprocessable_entity", "user_data is limited to 64 KiB");
    }
    if (droplets.size() + names.size() > dropletLimit) {
      return Reply.error(
          422, "unprocessable_entity", "creating this droplet will exceed your droplet limit");
    }
    List<String> tags = new ArrayList<>();
    if (req.has("tags")) {
      req.getAsJsonArray("tags").forEach(t -> tags.add(t.getAsString()));
    }
    JsonArray out = new JsonArray();
    for (String name : names) {
      FakeDroplet d =
          new FakeDroplet(
              nextId.incrementAndGet(),
              name,
              List.copyOf(tags),
              now,
              str(req, "region"),
              size,
              userData,
              str(req, "vpc_uuid"));
      droplets.put(d.id(), d);
      createsByName.merge(name, 1, Integer::sum);
      creates++;
      out.add(json(d, now));
      if (listener != null) {
        listener.created(d);
      }
    }
    JsonObject root = new JsonObject();
    root.add("droplets", out);
    return new Reply(202, root);
  }

  private JsonObject json(FakeDroplet d, Instant now) {
    JsonObject o = new JsonObject();
    o.addProperty("id", d.id());
    o.addProperty("name", d.name());
    o.addProperty("vpc_uuid", d.vpcUuid());
    o.addProperty("memory", 1024);
    o.addProperty("vcpus", 1);
    o.addProperty("disk", 25);
    o.addProperty("locked", false);
    o.addProperty("status", now.isBefore(d.createdAt().plus(bootDelay)) ? "new" : "active");
    o.addProperty("created_at", d.createdAt().truncatedTo(ChronoUnit.SECONDS).toString());
    o.addProperty("size_slug", d.size());
    JsonArray tags = new JsonArray();
    d.tags().forEach(tags::add);
    o.add("tags", tags);
    o.add("region", Reply.slugObject("nyc3", true));
    o.add("image", Reply.slugObject("ubuntu-24-04-x64", true));
    return o;
  }

  private void rateHeaders(Reply r, Instant now) {
    r.headers.put("RateLimit-Limit", Integer.toString(limitPerHour));
    r.headers.put("RateLimit-Remaining", Integer.toString(requests.remaining(now, limitPerHour)));
    r.headers.put("RateLimit-Reset", Long.toString(requests.reset(now).getEpochSecond()));
  }

  private static List<JsonObject> slugs(Set<String> available) {
    return available.stream().sorted().map(s -> Reply.slugObject(s, true)).toList();
  }

  private static String str(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() ? "" : e.getAsString();
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> q = new HashMap<>();
    if (uri.getRawQuery() != null) {
      for (String kv : uri.getRawQuery().split("&")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          q.put(
              URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return q;
  }
}
