package io.yogurt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yogurt.autoscaler.admin.AdminAccess;
import io.yogurt.config.InvalidInputException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Talks to a running service's admin API, found through {@code admin.json} in the state directory.
 * A refused request (400) is the user's mistake and becomes an {@link InvalidInputException} with
 * the service's message.
 */
final class AdminClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AdminAccess access;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  AdminClient(Path stateDir) throws InvalidInputException {
    this.access = AdminAccess.read(stateDir);
  }

  JsonNode get(String path) throws IOException, InvalidInputException {
    return send(request(path).GET().build());
  }

  JsonNode post(String path, Map<String, Object> body) throws IOException, InvalidInputException {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build());
  }

  JsonNode delete(String path) throws IOException, InvalidInputException {
    return send(request(path).DELETE().build());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(access.url() + path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + access.token())
        .header("X-Yogurt-User", System.getProperty("user.name", ""));
  }

  private JsonNode send(HttpRequest request) throws IOException, InvalidInputException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new IOException(
          "the service at " + access.url() + " does not answer; is 'yogurt run' still running?");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
    JsonNode body = JSON.readTree(response.body());
    if (response.statusCode() == 400) {
      throw new InvalidInputException(body.path("error").asText());
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "the service answered " + response.statusCode() + ": " + body.path("error").asText());
    }
    return body;
  }
}
