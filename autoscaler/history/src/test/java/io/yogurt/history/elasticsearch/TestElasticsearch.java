package io.yogurt.history.elasticsearch;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * The real Elasticsearch the tests use: {@code scripts/test} starts it and sets {@code
 * YOGURT_TEST_ES_URL}. Without it the tests fail (never skip) and say how to get one.
 */
public final class TestElasticsearch {

  public static final String URL_VARIABLE = "YOGURT_TEST_ES_URL";

  private TestElasticsearch() {}

  public static URI url() {
    String url = System.getenv(URL_VARIABLE);
    if (url == null || url.isBlank()) {
      fail(
          URL_VARIABLE
              + " is not set: this test needs a real Elasticsearch. Run scripts/test, or run"
              + " `export "
              + URL_VARIABLE
              + "=$(scripts/elasticsearch start)` and then Maven.");
    }
    return URI.create(url.trim());
  }

  /**
   * Settings for the live server with an index prefix of the test's own, so tests never collide.
   */
  public static ElasticsearchSettings settings() {
    String prefix =
        "yogurt-test-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    // generous timeouts: CI machines are small and busy; index creation can take seconds there
    return ElasticsearchSettings.DEFAULT
        .withUrl(url())
        .withIndexPrefix(prefix)
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60));
  }

  /** Settings pointing at a loopback port where nothing listens: an Elasticsearch that is down. */
  public static ElasticsearchSettings deadSettings() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    return settings().withUrl(URI.create("http://127.0.0.1:" + port));
  }
}
