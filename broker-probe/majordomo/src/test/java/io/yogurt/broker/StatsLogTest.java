package io.yogurt.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yogurt.broker.client.MdpSyncClient;
import io.yogurt.broker.worker.Handlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsLogTest {

  @Test
  void writesOneJsonLinePerServicePerInterval(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("stats/broker.jsonl");
    BrokerSettings s =
        BrokerSettings.defaults("tcp://127.0.0.1:0")
            .withHeartbeat(Fixture.HEARTBEAT, 3)
            .withStatsLog(log.toString(), Duration.ofMillis(100));
    try (Fixture f = new Fixture(s)) {
      f.worker("echo", "echo-1", Handlers.echo());
      // No retries: a retry after a slow first answer (a busy CI machine) would count 3 arrivals.
      MdpSyncClient client =
          f.add(
              new MdpSyncClient(f.client().withTimeout(Duration.ofSeconds(30), 0), Fixture.CLOCK));
      client.request("echo", "x".getBytes(StandardCharsets.UTF_8));
      client.request("echo", "y".getBytes(StandardCharsets.UTF_8));
      Fixture.eventually()
          .until(
              () ->
                  Files.exists(log)
                      && Files.readAllLines(log).stream()
                          .anyMatch(l -> l.contains("\"replied\":2")));
      List<String> lines = Files.readAllLines(log);
      JsonNode last = new ObjectMapper().readTree(lines.get(lines.size() - 1));
      assertEquals("echo", last.get("service").asText());
      assertEquals(f.endpoint(), last.get("broker").asText());
      assertEquals(2, last.get("arrived").asLong());
      assertEquals(1, last.get("workersTotal").asInt());
    }
  }
}
