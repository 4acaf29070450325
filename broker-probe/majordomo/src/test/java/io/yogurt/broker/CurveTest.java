package io.yogurt.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.yogurt.broker.client.MdpSyncClient;
import io.yogurt.broker.curve.CurveClient;
import io.yogurt.broker.curve.CurveKeys;
import io.yogurt.broker.mdp.Frames;
import io.yogurt.broker.worker.Handlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurveTest {

  @TempDir Path dir;

  @Test
  void managementIsLimitedToAllowListedKeysAndSecretsAreNeverPrinted() throws Exception {
    CurveKeys.generate().save(dir, "broker");
    for (String name : List.of("worker", "admin", "client")) {
      CurveKeys.generate().save(dir, name);
    }
    Path admins = Files.createDirectories(dir.resolve("admins"));
    Files.copy(dir.resolve("admin.key"), admins.resolve("admin.key"));
    BrokerSettings settings =
        BrokerSettings.defaults("tcp://127.0.0.1:0")
            .withHeartbeat(Fixture.HEARTBEAT, 3)
            .withManagement("curve-allowlist")
            .withCurve(
                new CurveSettings(
                    true, dir.resolve("broker.key_secret").toString(), "", admins.toString()));
    String server = CurveKeys.load(dir.resolve("broker.key")).publicKeyZ85();
    try (Fixture f = new Fixture(settings)) {
      f.worker(f.workerSettings("echo", "w").withCurve(keys("worker", server)), Handlers.echo());
      MdpSyncClient admin =
          f.add(new MdpSyncClient(f.client().withCurve(keys("admin", server)), Fixture.CLOCK));
      MdpSyncClient client =
          f.add(new MdpSyncClient(f.client().withCurve(keys("client", server)), Fixture.CLOCK));
      assertArrayEquals(Frames.text("x"), client.request("echo", Frames.text("x")));
      assertEquals("403", Frames.string(client.requestFrames("mmi.stats", List.of()).get(0)));
      assertEquals("200", Frames.string(admin.requestFrames("mmi.stats", List.of()).get(0)));
    }
    CurveKeys k = CurveKeys.load(dir.resolve("admin.key_secret"));
    assertFalse(k.toString().contains(k.secretKeyZ85()));
  }

  private CurveClient keys(String name, String server) throws Exception {
    return new CurveClient(CurveKeys.load(dir.resolve(name + ".key_secret")), server);
  }
}
