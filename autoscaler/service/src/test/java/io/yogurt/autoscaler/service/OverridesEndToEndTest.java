package io.yogurt.autoscaler.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yogurt.autoscaler.Settings;
import io.yogurt.autoscaler.admin.AdminAccess;
import io.yogurt.cli.Yogurt;
import io.yogurt.config.ConfigFile;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Overrides from the CLI against the real service: they win over the policy, survive a restart, end
 * on resume; a mode switch survives a restart too; wrong input is refused with one line and exit 2;
 * health and metrics answer.
 */
class OverridesEndToEndTest {

  private static final String CONFIG =
      """
      loop:
        tick: 500ms
      broker:
        bind: tcp://127.0.0.1:0
      admin:
        port: 0
      metrics:
        port: 0
      pools:
        echo:
          min: 1
          max: 4
          scale-in-stabilization: 1s
          max-step-down: 4
      """;

  @TempDir Path stateDir;

  private final StringWriter err = new StringWriter();

  private int cli(String... args) {
    CommandLine cli = Yogurt.commandLine();
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private String get(String path) throws Exception {
    return fetch(AdminAccess.read(stateDir).url() + path);
  }

  private static String fetch(String url) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  /** Instances that {@code /status} (with the token) lists with a live worker. */
  private long liveInstancesInStatus() throws Exception {
    AdminAccess access = AdminAccess.read(stateDir);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(access.url() + "/status"))
                    .header("Authorization", "Bearer " + access.token())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    JsonNode instances =
        new ObjectMapper().readTree(r.body()).path("pools").path(0).path("instances");
    long live = 0;
    for (JsonNode i : instances) {
      live += i.path("health").asText().equals("live") ? 1 : 0;
    }
    return live;
  }

  @Test
  void scaleWinsSurvivesARestartAndEndsOnResume() throws Exception {
    Settings settings =
        Settings.load(ConfigFile.parse("test.yaml", new StringReader(CONFIG), System::getenv));
    String dir = stateDir.toString();
    Recorder first = new Recorder();
    try (StateDir state = StateDir.lock(stateDir);
        YogurtService service =
            YogurtService.start(settings, state, InstantSource.system(), List.of(first))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> first.instances() == 1);
      assertEquals(
          0,
          cli("scale", "--state-dir", dir, "echo", "--to", "3", "--for", "10m", "--reason", "test"),
          err.toString());
      await().atMost(Duration.ofSeconds(30)).until(() -> first.instances() == 3);

      assertTrue(get("/healthz").startsWith("200 "), "healthy while ticking");
      String metricsUrl = service.metricsUrl().orElseThrow();
      assertTrue(metricsUrl.startsWith("http://127.0.0.1:"), "loopback by default: " + metricsUrl);
      String metrics = fetch(metricsUrl + "/metrics");
      assertTrue(metrics.startsWith("200 "), metrics);
      assertTrue(metrics.contains("yogurt_pool_instances{pool=\"echo\"} 3"), metrics);
      assertTrue(metrics.contains("yogurt_ha_role{role=\"acting\"} 1"), metrics);
      assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM binders");
      String health = fetch(metricsUrl + "/healthz");
      assertTrue(
          health.startsWith("200 ") && health.contains("\"role\":\"acting\""),
          "/healthz on the metrics listener too: " + health);
      assertTrue(fetch(metricsUrl + "/status").startsWith("404 "), "only the reads there");
      assertTrue(get("/metrics").startsWith("404 "), "no longer on the admin listener");
      assertTrue(get("/status").startsWith("401 "), "status needs the token");
      await().atMost(Duration.ofSeconds(30)).until(() -> liveInstancesInStatus() == 3);

      assertEquals(2, cli("scale", "--state-dir", dir, "echo", "--to", "9"), err.toString());
      assertTrue(err.toString().contains("count: got 9, expected 1..4"), err.toString());
      assertEquals(2, cli("pause", "--state-dir", dir, "nope", "--for", "5m"));
      assertTrue(err.toString().contains("no pool named 'nope'"), err.toString());
      assertEquals(2, cli("pause", "--state-dir", dir, "echo", "--for", "soon"));
      assertTrue(err.toString().contains("--for: got 'soon'"), err.toString());
      assertEquals(2, cli("mode", "--state-dir", dir, "echo", "sometimes"));
      assertTrue(
          err.toString()
              .contains("mode: got 'sometimes', expected one of [live, forecast-only, dry-run]"),
          err.toString());
      assertEquals(0, cli("mode", "--state-dir", dir, "echo", "dry-run"), err.toString());
    }

    Recorder second = new Recorder();
    try (StateDir state = StateDir.lock(stateDir);
        YogurtService service =
            YogurtService.start(settings, state, InstantSource.system(), List.of(second))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> !second.reports().isEmpty());
      var afterRestart = second.reports().get(0).pools().get(0);
      assertEquals(
          3,
          afterRestart.decision().desired(),
          "the override held from the first tick after the restart");
      assertTrue(
          !afterRestart.actionsTaken().isEmpty()
              && afterRestart.actionsTaken().stream().allMatch(a -> a.startsWith("would ")),
          "the dry-run mode held too: " + afterRestart.actionsTaken());
      assertEquals(0, cli("mode", "--state-dir", dir, "echo", "live"), err.toString());
      await().atMost(Duration.ofSeconds(30)).until(() -> second.instances() == 3);
      assertEquals(0, cli("resume", "--state-dir", dir, "echo"), err.toString());
      await().atMost(Duration.ofSeconds(30)).until(() -> second.instances() == 1);
    }
    assertEquals(2, cli("status", "--state-dir", dir), "no service running");
    assertTrue(err.toString().contains("no running yogurt service found"), err.toString());
  }
}
