package io.yogurt.cli;

import io.yogurt.broker.curve.CurveKeys;
import io.yogurt.broker.worker.Handler;
import io.yogurt.broker.worker.WorkerSettings;
import io.yogurt.registry.etcd.BrokerDirectory;
import io.yogurt.registry.etcd.EtcdRegistry;
import io.yogurt.registry.etcd.RegistrySettings;
import io.yogurt.registry.etcd.RegistryWorker;
import java.time.Duration;
import java.time.InstantSource;

/** {@code yogurt worker --registry}: a worker that finds (and follows) its broker in etcd. */
final class RegistryWorkers {

  private RegistryWorkers() {}

  static int run(
      RegistrySettings registry,
      WorkerSettings template,
      Handler handler,
      CurveKeys ownKeys,
      Duration drain,
      InstantSource clock)
      throws Exception {
    StopSignal stop = StopSignal.install();
    // etcd must answer at start: a worker has no other way to find a broker.
    try (EtcdRegistry etcd = EtcdRegistry.connect(registry);
        BrokerDirectory directory = new BrokerDirectory(etcd, clock, null).start(true)) {
      RegistryWorker worker =
          new RegistryWorker(directory, template, handler, clock, ownKeys).start();
      worker.terminated().thenRun(stop::trigger);
      System.err.println(
          "yogurt worker: "
              + template.name()
              + " serving '"
              + template.service()
              + "' at a broker from "
              + registry.url()
              + worker.broker().map(b -> " (now " + b + ")").orElse(" (none registered yet)"));
      stop.await();
      if (!worker.stop(drain)) {
        System.err.println("yogurt worker: the request in flight did not finish within " + drain);
        return ExitCodes.FAILURE;
      }
      return ExitCodes.OK;
    }
  }
}
