package io.yogurt.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.broker.client.MdpSyncClient;
import io.yogurt.broker.mdp.Frames;
import io.yogurt.broker.worker.Handlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Sends 100,000 random and mutated multipart messages (wrong headers, missing frames, unknown
 * commands, huge frames) from several connections, while a well-formed client keeps asking and must
 * keep getting its replies.
 */
class FuzzTest {

  private static final int MESSAGES = 100_000;
  private static final long SEED = 20261128L;

  private static final String[][] TEMPLATES = {
    {"", "MDPC01", "fuzz", "body"},
    {"MDPC02", "#1", "fuzz", "body"},
    {"", "MDPW01", "#1", "fuzz"},
    {"", "MDPW01", "#3", "client", "", "reply"},
    {"", "MDPW01", "#4"},
    {"", "MDPW01", "#5"},
    {"MDPW02", "#1", "fuzz"},
    {"MDPW02", "#4", "client", "", "reply"},
    {"MDPW02", "#3", "client", "", "partial"},
    {"", "MDPC01", "mmi.service", "fuzz"},
    {"", "MDPC01", "mmi.stats"},
    {"", "MDPC01", "mmi.workers", "fuzz"},
    {"", "MDPC01", "mmi.drain", "fuzz-worker"},
    {"", "MDPC01", "mmi.nope"},
  };

  @Test
  void brokerSurvivesGarbageAndKeepsServing() throws Exception {
    BrokerSettings settings =
        new BrokerSettings(
            "tcp://127.0.0.1:0",
            Fixture.HEARTBEAT,
            3,
            Duration.ofSeconds(2),
            "",
            Duration.ofSeconds(10),
            "loopback",
            1 << 20,
            CurveSettings.OFF,
            "",
            PeeringSettings.OFF);
    Random random = new Random(SEED);
    try (Fixture f = new Fixture(settings);
        ZContext ctx = new ZContext(1)) {
      f.worker("echo", "echo-good", Handlers.echo());
      MdpSyncClient good = f.add(new MdpSyncClient(f.client(), Fixture.CLOCK));
      List<ZMQ.Socket> fuzzers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ZMQ.Socket s = ctx.createSocket(SocketType.DEALER);
        s.setLinger(0);
        s.setSndHWM(0);
        s.setReconnectIVL(10);
        if (i % 2 == 0) {
          s.setIdentity(("fuzz-worker-" + i).getBytes(StandardCharsets.UTF_8));
        }
        s.connect(f.endpoint());
        fuzzers.add(s);
      }
      int served = 0;
      for (int n = 0; n < MESSAGES; n++) {
        ZMQ.Socket s = fuzzers.get(random.nextInt(fuzzers.size()));
        Frames.send(s, message(random));
        if (n % 64 == 0) {
          for (ZMQ.Socket d : fuzzers) {
            while (d.recv(ZMQ.DONTWAIT) != null) {
              // replies and DISCONNECTs to the fuzzers: dropped
            }
          }
        }
        if (n % 2_000 == 0) {
          byte[] body = ("ping-" + n).getBytes(StandardCharsets.UTF_8);
          assertArrayEquals(body, good.request("echo", body), "well-formed request after " + n);
          served++;
        }
      }
      byte[] last = "still alive".getBytes(StandardCharsets.UTF_8);
      assertArrayEquals(last, good.request("echo", last));
      assertTrue(served >= 50);
    }
  }

  /** A template mutated, or pure noise. */
  private static List<byte[]> message(Random r) {
    List<byte[]> frames = new ArrayList<>();
    if (r.nextInt(10) == 0) {
      int count = r.nextInt(8);
      for (int i = 0; i < count; i++) {
        frames.add(noise(r, r.nextInt(40)));
      }
    } else {
      for (String part : TEMPLATES[r.nextInt(TEMPLATES.length)]) {
        frames.add(
            part.startsWith("#")
                ? new byte[] {Byte.parseByte(part.substring(1))}
                : Frames.text(part));
      }
      int mutations = 1 + r.nextInt(3);
      for (int m = 0; m < mutations && !frames.isEmpty(); m++) {
        int i = r.nextInt(frames.size());
        switch (r.nextInt(7)) {
          case 0 -> frames.remove(i);
          case 1 -> frames.add(i, noise(r, r.nextInt(12)));
          case 2 -> frames.set(i, new byte[] {(byte) r.nextInt(256)});
          case 3 -> frames.set(i, noise(r, frames.get(i).length));
          case 4 -> frames.subList(i, frames.size()).clear();
          case 5 -> frames.add(Frames.EMPTY);
          default -> {} // leave it well-formed now and then
        }
      }
    }
    if (r.nextInt(5_000) == 0) {
      // Huge: over the broker's 1 MiB limit, which drops the connection (it reconnects).
      frames.add(noise(r, (1 << 20) + r.nextInt(1 << 20)));
    } else if (r.nextInt(2_000) == 0) {
      frames.add(noise(r, 512 * 1024));
    }
    if (frames.isEmpty()) {
      frames.add(Frames.EMPTY);
    }
    return frames;
  }

  private static byte[] noise(Random r, int length) {
    byte[] b = new byte[length];
    r.nextBytes(b);
    return b;
  }
}
