package io.yogurt.history.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.yogurt.history.HistorySettings;
import io.yogurt.history.ResilientHistory;
import io.yogurt.history.embedded.EmbeddedHistory;
import io.yogurt.models.HistoryException;
import io.yogurt.models.Metrics;
import io.yogurt.models.Sample;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that answers too slowly or with errors: every call ends within the configured timeouts
 * as a {@link HistoryException} naming the URL, and the outbox keeps the samples.
 */
class ElasticsearchFaultsTest {

  static final Duration BOUND =
      Duration.ofSeconds(20); // far above the 300 ms timeout: no flakiness

  final CountDownLatch release = new CountDownLatch(1);
  HttpServer server;

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.stop(0);
    }
  }

  ElasticsearchSettings serve(int status, String body, boolean hang) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          if (hang) {
            try {
              release.await(); // holds the request until the test is over
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    return ElasticsearchSettings.DEFAULT
        .withUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
        .withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300));
  }

  static final List<Sample> SAMPLES =
      List.of(new Sample("api", Metrics.ARRIVALS, Instant.parse("2026-03-01T00:00:00Z"), 1));

  @Test
  void aServerThatDoesNotAnswerTimesOut() throws Exception {
    ElasticsearchSettings s = serve(200, "{}", true);
    try (ElasticsearchHistory h = ElasticsearchHistory.create(s)) {
      HistoryException e =
          assertTimeoutPreemptively(BOUND, () -> assertThrows(HistoryException.class, h::prepare));
      assertTrue(
          e.getMessage().contains(s.url().toString()) && e.getMessage().contains("imeout"),
          e.getMessage());
      assertTimeoutPreemptively(
          BOUND, () -> assertThrows(HistoryException.class, () -> h.append(SAMPLES)));
    }
  }

  @Test
  void aServerThatAnswersWithErrorsIsReportedWithItsReason() throws Exception {
    ElasticsearchSettings s =
        serve(
            503,
            """
        {"error":{"type":"cluster_block_exception","reason":"blocked by: [SERVICE_UNAVAILABLE/2/no master];"},"status":503}""",
            false);
    try (ElasticsearchHistory h = ElasticsearchHistory.create(s)) {
      HistoryException e = assertThrows(HistoryException.class, () -> h.append(SAMPLES));
      assertTrue(e.getMessage().contains("cluster_block_exception"), e.getMessage());
    }
  }

  @Test
  void theOutboxKeepsSamplesWhileTheServerHangs(@TempDir Path dir) throws Exception {
    ElasticsearchSettings s = serve(200, "{}", true);
    ElasticsearchHistory remote = ElasticsearchHistory.create(s);
    try (ResilientHistory h =
        new ResilientHistory(
            EmbeddedHistory.open(dir, HistorySettings.DEFAULT),
            remote,
            remote::prepare,
            "test",
            InstantSource.system(),
            Duration.ofMinutes(1),
            100)) {
      assertTimeoutPreemptively(
          BOUND,
          () -> {
            h.start();
            h.append(SAMPLES);
          });
      assertFalse(h.status().healthy());
      assertEquals(1, h.status().waiting());
    }
  }
}
