package io.yogurt.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.yogurt.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * The real RabbitMQ the tests run against (scripts/rabbitmq; scripts/test starts it):
 * $YOGURT_TEST_AMQP_URL, $YOGURT_TEST_AMQP_MANAGEMENT_URL, the password in $YOGURT_AMQP_PASSWORD,
 * and for TLS $YOGURT_TEST_AMQPS_URL with the CA in $YOGURT_TEST_AMQP_CA. Also the few admin calls
 * tests need: queues, vhosts, users, closing connections.
 */
public final class TestServer {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TestServer() {}

  public static String password() {
    return env(AmqpEndpoint.PASSWORD_ENV);
  }

  /** The test user on vhost /. */
  public static AmqpEndpoint endpoint() {
    return AmqpEndpoint.parse(env("YOGURT_TEST_AMQP_URL"), "/", password(), null);
  }

  /** The same server over TLS, trusting the test CA. */
  public static AmqpEndpoint tlsEndpoint() {
    return AmqpEndpoint.parse(
        env("YOGURT_TEST_AMQPS_URL"), "/", password(), Path.of(env("YOGURT_TEST_AMQP_CA")));
  }

  /** Another user or vhost on the same server. */
  public static AmqpEndpoint endpoint(String user, String password, String vhost) {
    AmqpEndpoint e = endpoint();
    return new AmqpEndpoint(
        e.tls(), e.host(), e.port(), user, new Secret(password), vhost, e.caCertificate());
  }

  public static URI managementUrl() {
    return URI.create(env("YOGURT_TEST_AMQP_MANAGEMENT_URL"));
  }

  /** A queue name no other test uses. */
  public static String freshName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Declares a durable queue that dead-letters to {@code <queue>.dead} (declared too). */
  public static void declareWithDeadLetters(String queue) throws Exception {
    try (Connection c = AmqpConnections.open(endpoint(), Duration.ofSeconds(5), "test-admin");
        Channel ch = c.createChannel()) {
      ch.queueDeclare(queue + ".dead", true, false, false, null);
      ch.queueDeclare(
          queue,
          true,
          false,
          false,
          Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", queue + ".dead"));
    }
  }

  public static void declare(String queue) throws Exception {
    try (Connection c = AmqpConnections.open(endpoint(), Duration.ofSeconds(5), "test-admin");
        Channel ch = c.createChannel()) {
      ch.queueDeclare(queue, true, false, false, null);
    }
  }

  public static long messageCount(String queue) throws Exception {
    try (Connection c = AmqpConnections.open(endpoint(), Duration.ofSeconds(5), "test-admin");
        Channel ch = c.createChannel()) {
      return ch.queueDeclarePassive(queue).getMessageCount();
    }
  }

  public static void delete(String... queues) {
    for (String q : queues) {
      try {
        call("DELETE", "/queues/%2F/" + encode(q), null);
      } catch (Exception ignored) {
        // best effort: the next test uses fresh names
      }
    }
  }

  /** A queue's figures from the management API (the admin's view). */
  public static JsonNode queue(String queue) throws Exception {
    return call("GET", "/queues/%2F/" + encode(queue), null);
  }

  public static void createVhost(String vhost) throws Exception {
    call("PUT", "/vhosts/" + encode(vhost), "{}");
  }

  public static void deleteVhost(String vhost) throws Exception {
    call("DELETE", "/vhosts/" + encode(vhost), null);
  }

  public static void createUser(String user, String password) throws Exception {
    call(
        "PUT",
        "/users/" + encode(user),
        JSON.writeValueAsString(Map.of("password", password, "tags", "")));
  }

  public static void deleteUser(String user) throws Exception {
    call("DELETE", "/users/" + encode(user), null);
  }

  /** Closes every connection whose client-given name is {@code name}, as a network cut would. */
  public static int closeConnectionsNamed(String name) throws Exception {
    int closed = 0;
    for (JsonNode c : call("GET", "/connections?columns=name,client_properties", null)) {
      if (name.equals(c.path("client_properties").path("connection_name").asText())) {
        call("DELETE", "/connections/" + encode(c.path("name").asText()), null);
        closed++;
      }
    }
    return closed;
  }

  private static JsonNode call(String method, String path, String body) throws Exception {
    String auth =
        Base64.getEncoder()
            .encodeToString(
                (endpoint().username() + ":" + password()).getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(managementUrl() + "/api" + path))
            .header("Authorization", "Basic " + auth)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IOException(method + " " + path + ": " + r.statusCode() + " " + r.body());
    }
    return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
  }

  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String env(String name) {
    String v = System.getenv(name);
    assertTrue(
        v != null && !v.isBlank(),
        name + " is not set: start a server with scripts/rabbitmq (see docs/rabbitmq.md)");
    return v;
  }
}
