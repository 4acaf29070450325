package io.yogurt.broker;

import io.yogurt.broker.client.ClientSettings;
import io.yogurt.broker.worker.Handler;
import io.yogurt.broker.worker.WorkerAgent;
import io.yogurt.broker.worker.WorkerSettings;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** A broker on a free loopback port plus the workers a test starts; closes all of it. */
final class Fixture implements AutoCloseable {

  static final InstantSource CLOCK = InstantSource.system();
  static final Duration HEARTBEAT = Duration.ofMillis(250);

  final Broker broker;

  /**
   * Awaits on the test thread: ZeroMQ sockets live on NIO channels, which an interrupt (awaitility
   * interrupts its poll thread when it is done) would close.
   */
  static ConditionFactory eventually() {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollInSameThread()
        .pollInterval(Duration.ofMillis(20));
  }

  private final List<AutoCloseable> closeables = new ArrayList<>();

  Fixture() throws BrokerStartException {
    this(BrokerSettings.defaults("tcp://127.0.0.1:0").withHeartbeat(HEARTBEAT, 3));
  }

  Fixture(BrokerSettings settings) throws BrokerStartException {
    broker = Broker.start(settings, CLOCK);
  }

  String endpoint() {
    return broker.endpoint();
  }

  WorkerSettings workerSettings(String service, String name) {
    return WorkerSettings.of(endpoint(), service, name)
        .withHeartbeat(HEARTBEAT, 3)
        .withReconnect(Duration.ofMillis(50), Duration.ofMillis(400));
  }

  WorkerAgent worker(WorkerSettings settings, Handler handler) {
    WorkerAgent w = new WorkerAgent(settings, handler, CLOCK).start();
    closeables.add(w);
    return w;
  }

  WorkerAgent worker(String service, String name, Handler handler) {
    return worker(workerSettings(service, name), handler);
  }

  ClientSettings client() {
    return ClientSettings.of(endpoint()).withTimeout(Duration.ofSeconds(2), 2);
  }

  <T extends AutoCloseable> T add(T c) {
    closeables.add(c);
    return c;
  }

  @Override
  public void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    broker.close();
  }
}
