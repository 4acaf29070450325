package io.yogurt.autoscaler.faults;

import static io.yogurt.autoscaler.faults.ServiceRig.figure;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.autoscaler.admin.AdminAccess;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault matrix: the admin API under 100 concurrent {@code status} calls while one client sent the
 * headers of a request and never its body. {@code /healthz} still answers at once (the figure is
 * printed; the test bounds it far below the request timeout, which a stuck single-threaded server
 * would hit), the stuck connection is dropped after admin.request-timeout, and a body over
 * admin.max-body-bytes is refused with 413.
 */
class AdminUnderLoadFaultTest {

  @TempDir Path dir;

  @Test
  void healthzAnswersWhileAHundredStatusCallsRunAndAClientNeverSendsItsBody() throws Exception {
    String yaml =
        """
        loop:
          tick: 500ms
        broker:
          bind: tcp://127.0.0.1:0
        admin:
          port: 0
          request-timeout: 3s
        metrics:
          port: 0
        pools:
          echo:
            min: 1
            max: 1
        local:
          handler: echo
        """;
    try (ServiceRig rig = ServiceRig.start(dir, yaml)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> rig.last() != null);
      AdminAccess access = AdminAccess.read(rig.state);
      URI base = URI.create(access.url());
      HttpClient http = HttpClient.newHttpClient();
      // A monitor is a client of its own (not one more request queued in the status callers'),
      // already connected, as a monitor that polls is; it asks the metrics listener, where no
      // burst of admin calls queues it, and the admin API, which must answer too.
      URI metricsHealth = URI.create(rig.service.metricsUrl().orElseThrow() + "/healthz");
      HttpClient monitor = HttpClient.newHttpClient();
      for (URI u : List.of(metricsHealth, base.resolve("/healthz"))) {
        monitor.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.discarding());
      }
      try (Socket stuck = new Socket(base.getHost(), base.getPort())) {
        OutputStream out = stuck.getOutputStream();
        out.write(
            ("POST /overrides HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + access.token()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush(); // and never the body
        long headersSent = System.nanoTime();

        List<CompletableFuture<HttpResponse<String>>> statuses = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          statuses.add(
              http.sendAsync(
                  HttpRequest.newBuilder(base.resolve("/status"))
                      .header("Authorization", "Bearer " + access.token())
                      .build(),
                  HttpResponse.BodyHandlers.ofString()));
        }
        long[] healthMillis = new long[5];
        long[] adminHealthMillis = new long[5];
        for (int i = 0; i < healthMillis.length; i++) {
          healthMillis[i] = healthz(monitor, metricsHealth);
          adminHealthMillis[i] = healthz(monitor, base.resolve("/healthz"));
        }
        for (CompletableFuture<HttpResponse<String>> s : statuses) {
          assertEquals(200, s.get().statusCode());
        }
        // The stuck client is dropped after the request timeout, not held forever.
        stuck.setSoTimeout(10_000);
        int read = stuck.getInputStream().read();
        long droppedAfter = (System.nanoTime() - headersSent) / 1_000_000;
        assertEquals(-1, read, "the stuck connection is closed without an answer");

        HttpResponse<String> big =
            http.send(
                HttpRequest.newBuilder(base.resolve("/overrides"))
                    .header("Authorization", "Bearer " + access.token())
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(70_000)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, big.statusCode(), big.body());
        assertTrue(big.body().contains("admin.max-body-bytes"), big.body());
        assertEquals(List.of(), rig.stackTraces, "no stack trace for an expected fault");
        Arrays.sort(healthMillis);
        Arrays.sort(adminHealthMillis);
        figure(
            "100 concurrent status calls + a client that never sends its body",
            String.format(
                Locale.ROOT,
                "/healthz on the metrics listener in %d-%d ms (5 calls, median %d ms), on the"
                    + " admin API in %d-%d ms (median %d ms); the stuck client dropped %.1f s"
                    + " after its headers (request-timeout 3 s)",
                healthMillis[0],
                healthMillis[4],
                healthMillis[2],
                adminHealthMillis[0],
                adminHealthMillis[4],
                adminHealthMillis[2],
                droppedAfter / 1000.0));
      }
    }
  }

  /** One {@code /healthz} call: 200 within 2 s, and how long it took in milliseconds. */
  private static long healthz(HttpClient client, URI uri) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> h =
        client.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, h.statusCode(), uri + ": " + h.body());
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
