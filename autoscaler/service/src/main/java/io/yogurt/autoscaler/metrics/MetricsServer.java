package io.yogurt.autoscaler.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.yogurt.autoscaler.admin.ServiceRole;
import io.yogurt.autoscaler.http.Replies;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} in Prometheus' text format, on its own listener, so it can face a Prometheus
 * elsewhere while the admin API stays on loopback; and {@code GET /healthz} as the admin API
 * answers it, here where no burst of admin calls can queue a monitor's check.
 */
public final class MetricsServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final PrometheusMeterRegistry registry;
  private final Supplier<ServiceRole.Health> health;

  private MetricsServer(
      HttpServer server, PrometheusMeterRegistry registry, Supplier<ServiceRole.Health> health) {
    this.server = server;
    this.registry = registry;
    this.health = health;
  }

  public static MetricsServer start(
      MetricsSettings settings,
      PrometheusMeterRegistry registry,
      Supplier<ServiceRole.Health> health)
      throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(settings.bind(), settings.port()), 16);
    } catch (IOException e) {
      throw new IOException(
          "metrics: cannot listen on "
              + settings.bind()
              + ":"
              + settings.port()
              + " ("
              + e.getMessage()
              + "); set metrics.port to a free port, or 0 for any",
          e);
    }
    MetricsServer metrics = new MetricsServer(server, registry, health);
    server.createContext("/", metrics::handle);
    server.setExecutor(Executors.newSingleThreadExecutor(r -> new Thread(r, "yogurt-metrics")));
    server.start();
    log.info("Prometheus metrics on {}/metrics", metrics.url());
    return metrics;
  }

  public String url() {
    InetSocketAddress a = server.getAddress();
    return "http://" + a.getHostString() + ":" + a.getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      boolean get = ex.getRequestMethod().equals("GET");
      if (get && path.equals("/metrics")) {
        Replies.send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
      } else if (get && path.equals("/healthz")) {
        ServiceRole.Health h = health.get();
        Replies.send(ex, h.status(), "application/json", JSON.writeValueAsString(h.body()));
      } else {
        Replies.send(ex, 404, "text/plain", "only GET /metrics and GET /healthz are served here\n");
      }
    } catch (RuntimeException e) {
      log.error("metrics: {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
    }
  }
}
