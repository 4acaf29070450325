package io.yogurt.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.yogurt.broker.client.ClientSettings;
import io.yogurt.broker.client.MdpClient;
import io.yogurt.broker.client.MdpSyncClient;
import io.yogurt.broker.mdp.Frames;
import io.yogurt.broker.worker.Handlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Brand-new clients, one after another, each send exactly one request with no retry: every one must
 * be answered within a bound. Without {@link io.yogurt.broker.mdp.HandshakeGuard}, about one fresh
 * JeroMQ 0.6.0 connection in 150 to 300 hung before its handshake here, and its request was only
 * rescued by a client timeout and retry. {@code -Dfresh.clients=N} runs more (or fewer).
 */
class FreshConnectionTest {

  private static final int CLIENTS = Integer.getInteger("fresh.clients", 1_500);

  /** Far above a loopback round trip, far below the 10 s a lost request would cost a caller. */
  private static final Duration BOUND = Duration.ofSeconds(3);

  /** Enough lost requests to show the problem; the rest would only cost time. */
  private static final int STOP_AFTER_LOSSES = 5;

  @Test
  void everyFreshClientsFirstRequestIsAnsweredWithoutARetry() throws Exception {
    try (Fixture f = new Fixture()) {
      f.worker("echo", "echo-fresh", Handlers.echo());
      ClientSettings once = ClientSettings.of(f.endpoint()).withTimeout(BOUND, 0);
      List<String> lost = new ArrayList<>();
      for (int i = 0; i < CLIENTS && lost.size() < STOP_AFTER_LOSSES; i++) {
        String body = "fresh-" + i;
        // Both clients, alternately: each opens its own new connection for its first request.
        try {
          String reply = i % 2 == 0 ? viaSyncClient(once, body) : viaAsyncClient(once, body);
          assertEquals(body, reply);
        } catch (RuntimeException e) {
          lost.add(body + " (" + (i % 2 == 0 ? "sync" : "async") + "): " + e.getMessage());
        }
      }
      assertEquals(List.of(), lost, "first requests of fresh clients left unanswered");
    }
  }

  private static String viaSyncClient(ClientSettings settings, String body) {
    try (MdpSyncClient client = new MdpSyncClient(settings, Fixture.CLOCK)) {
      return Frames.string(client.request("echo", Frames.text(body)));
    }
  }

  private static String viaAsyncClient(ClientSettings settings, String body) throws Exception {
    try (MdpClient client = new MdpClient(settings, Fixture.CLOCK)) {
      try {
        return Frames.string(
            client
                .request("echo", Frames.text(body))
                .get(BOUND.toMillis() + 2_000, TimeUnit.MILLISECONDS));
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
      } catch (TimeoutException e) {
        throw new IllegalStateException("no reply within " + BOUND, e);
      }
    }
  }
}
