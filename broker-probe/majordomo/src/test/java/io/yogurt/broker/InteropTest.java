package io.yogurt.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.yogurt.broker.client.MdpSyncClient;
import io.yogurt.broker.curve.CurveClient;
import io.yogurt.broker.curve.CurveKeys;
import io.yogurt.broker.mdp.Frames;
import io.yogurt.broker.mdp.MdpVersion;
import io.yogurt.broker.worker.Handlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our broker with a Python MDP client and worker on libzmq (pyzmq), in MDP/0.1 and 0.2, with and
 * without CURVE. Fails (does not skip) when python3-zmq is missing.
 */
class InteropTest {

  @TempDir Path dir;

  @BeforeAll
  static void needsPython() throws Exception {
    PythonPeer.requirePyzmq();
  }

  @ParameterizedTest(name = "MDP/{0}, CURVE {1}")
  @CsvSource({"0.1, false", "0.2, false", "0.1, true", "0.2, true"})
  void pythonPeersTalkThroughOurBroker(String version, boolean curve) throws Exception {
    MdpVersion v = version.equals("0.1") ? MdpVersion.V01 : MdpVersion.V02;
    BrokerSettings settings =
        BrokerSettings.defaults("tcp://127.0.0.1:0").withHeartbeat(Fixture.HEARTBEAT, 3);
    Path allow = dir.resolve("allowed");
    if (curve) {
      CurveKeys.generate().save(dir, "broker");
      for (String name : List.of("py-worker", "py-client", "java-worker", "java-client")) {
        CurveKeys.generate().save(dir, name);
        Files.createDirectories(allow);
        Files.copy(dir.resolve(name + ".key"), allow.resolve(name + ".key"));
      }
      settings =
          settings.withCurve(
              new CurveSettings(
                  true, dir.resolve("broker.key_secret").toString(), allow.toString(), ""));
    }
    try (Fixture f = new Fixture(settings)) {
      List<String> pyWorker =
          new ArrayList<>(List.of("worker", f.endpoint(), version, "py-echo", "py-worker-1"));
      List<String> pyClient =
          new ArrayList<>(List.of("client", f.endpoint(), version, "java-echo", "50"));
      CurveClient javaWorkerKeys = null;
      CurveClient javaClientKeys = null;
      if (curve) {
        String server = dir.resolve("broker.key").toString();
        pyWorker.addAll(List.of(server, dir.resolve("py-worker.key_secret").toString()));
        pyClient.addAll(List.of(server, dir.resolve("py-client.key_secret").toString()));
        String serverKey = CurveKeys.load(dir.resolve("broker.key")).publicKeyZ85();
        javaWorkerKeys =
            new CurveClient(CurveKeys.load(dir.resolve("java-worker.key_secret")), serverKey);
        javaClientKeys =
            new CurveClient(CurveKeys.load(dir.resolve("java-client.key_secret")), serverKey);
      }
      // Python worker, Java client.
      try (PythonPeer worker = new PythonPeer(pyWorker)) {
        assertEquals("ready", worker.nextLine(20));
        MdpSyncClient client =
            f.add(
                new MdpSyncClient(
                    f.client().withVersion(v).withCurve(javaClientKeys), Fixture.CLOCK));
        for (int i = 0; i < 20; i++) {
          byte[] body = ("hello-" + i).getBytes(StandardCharsets.UTF_8);
          assertArrayEquals(body, client.request("py-echo", body));
        }
        // Drain the Python worker: it gets DISCONNECT and leaves.
        assertEquals(
            "200",
            Frames.string(
                client.requestFrames("mmi.drain", List.of(Frames.text("py-worker-1"))).get(0)));
        assertEquals("disconnected", worker.nextLine(10));
        assertEquals(0, worker.waitFor(10), worker.remainingOutput());
      }
      // Java worker, Python client.
      f.worker(
          f.workerSettings("java-echo", "java-worker-1").withVersion(v).withCurve(javaWorkerKeys),
          Handlers.echo());
      try (PythonPeer client = new PythonPeer(pyClient)) {
        int exit = client.waitFor(60);
        assertEquals("ok 50", client.nextLine(1), client.remainingOutput());
        assertEquals(0, exit);
      }
    }
  }

  @ParameterizedTest(name = "unknown key refused")
  @CsvSource({"0.1"})
  void curveRefusesAKeyOutsideTheAllowList(String version) throws Exception {
    CurveKeys.generate().save(dir, "broker");
    CurveKeys.generate().save(dir, "stranger");
    Path allow = Files.createDirectories(dir.resolve("allowed"));
    BrokerSettings settings =
        BrokerSettings.defaults("tcp://127.0.0.1:0")
            .withHeartbeat(Fixture.HEARTBEAT, 3)
            .withCurve(
                new CurveSettings(
                    true, dir.resolve("broker.key_secret").toString(), allow.toString(), ""));
    try (Fixture f = new Fixture(settings)) {
      f.worker("echo", "echo-1", Handlers.echo());
      try (PythonPeer stranger =
          new PythonPeer(
              List.of(
                  "client",
                  f.endpoint(),
                  version,
                  "echo",
                  "1",
                  dir.resolve("broker.key").toString(),
                  dir.resolve("stranger.key_secret").toString()))) {
        assertEquals(1, stranger.waitFor(30));
        assertEquals("timeout on request 0", stranger.nextLine(1));
      }
    }
  }
}
