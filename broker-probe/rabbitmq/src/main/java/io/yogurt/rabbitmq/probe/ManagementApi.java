package io.yogurt.rabbitmq.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yogurt.rabbitmq.AmqpEndpoint;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The few calls of RabbitMQ's management HTTP API the probe needs, as the endpoint's user. A
 * failure is a {@link ManagementException} saying whether the API was there at all (if not, the
 * probe falls back to AMQP) and why, in a sentence without secrets.
 */
final class ManagementApi {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI base;
  private final String authorization;
  private final Duration timeout;

  ManagementApi(HttpClient http, URI base, AmqpEndpoint endpoint, Duration timeout) {
    this.http = http;
    this.base = base;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (endpoint.username() + ":" + endpoint.password().reveal())
                        .getBytes(StandardCharsets.UTF_8));
    this.timeout = timeout;
  }

  URI base() {
    return base;
  }

  /** GETs {@code path} (under /api) without waiting; the JSON answer or a ManagementException. */
  CompletableFuture<JsonNode> get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/api" + path))
            .timeout(timeout)
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .GET()
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, error) -> {
              if (error != null) {
                throw new CompletionException(unreachable(error));
              }
              return parse(path, response);
            });
  }

  private JsonNode parse(String path, HttpResponse<byte[]> response) {
    int status = response.statusCode();
    if (status == 200) {
      try {
        return JSON.readTree(response.body());
      } catch (IOException e) {
        throw new CompletionException(
            new ManagementException(true, "management API " + path + ": not JSON"));
      }
    }
    String reason = reason(response.body());
    String why =
        switch (status) {
          case 401 ->
              reason.toLowerCase().contains("login")
                  ? "login refused: wrong user or password (management API: 401 " + reason + ")"
                  : "no access for this user (management API: 401 " + reason + ")";
          case 403 -> "no access for this user (management API: 403 " + reason + ")";
          case 404 -> "not found (management API: 404 " + path + ")";
          default -> "management API answered " + status + " " + reason;
        };
    throw new CompletionException(new ManagementException(true, why));
  }

  private ManagementException unreachable(Throwable error) {
    Throwable e =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String why =
        e instanceof HttpTimeoutException
            ? "no answer within " + timeout.toMillis() + " ms"
            : e instanceof ConnectException ? "connection refused" : String.valueOf(e);
    return new ManagementException(false, "management API at " + base + ": " + why);
  }

  private static String reason(byte[] body) {
    try {
      JsonNode doc = JSON.readTree(body);
      return doc.path("reason").asText(doc.path("error").asText(""));
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /**
   * A failed call. {@code answered} is true when the API was there and refused (wrong password, no
   * access, not found): falling back to AMQP would not help.
   */
  static final class ManagementException extends Exception {
    private final boolean answered;

    ManagementException(boolean answered, String message) {
      super(message);
      this.answered = answered;
    }

    boolean answered() {
      return answered;
    }
  }
}
