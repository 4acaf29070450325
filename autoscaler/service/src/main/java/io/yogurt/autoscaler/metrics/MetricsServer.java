package io.yogurt.autoscaler.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} in Prometheus' text format, on its own listener: nothing else is served
 * there, so it can face a Prometheus elsewhere while the admin API stays on loopback.
 */
public final class MetricsServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

  private final HttpServer server;
  private final PrometheusMeterRegistry registry;

  private MetricsServer(HttpServer server, PrometheusMeterRegistry registry) {
    this.server = server;
    this.registry = registry;
  }

  public static MetricsServer start(MetricsSettings settings, PrometheusMeterRegistry registry)
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
    MetricsServer metrics = new MetricsServer(server, registry);
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
      boolean scrape =
          ex.getRequestURI().getPath().equals("/metrics") && ex.getRequestMethod().equals("GET");
      byte[] body =
          (scrape ? registry.scrape() : "only GET /metrics is served here\n")
              .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders()
          .set("Content-Type", scrape ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain");
      ex.sendResponseHeaders(scrape ? 200 : 404, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    } catch (RuntimeException e) {
      log.error("metrics: {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
    }
  }
}
