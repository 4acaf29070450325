package io.yogurt.cli;

import io.yogurt.autoscaler.Settings;
import io.yogurt.autoscaler.service.StateDir;
import io.yogurt.autoscaler.service.YogurtService;
import io.yogurt.broker.BrokerStartException;
import io.yogurt.config.InvalidInputException;
import java.io.IOException;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code yogurt run}: the service, until Ctrl-C or SIGTERM. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run Yogurt as a service: broker, probe, control loop and provider.",
      "With no config: a Majordomo broker on tcp://127.0.0.1:5555, one pool 'echo' of local",
      "worker processes (min 1, max 8), history under the state directory, a tick every 10 s.",
      "Ctrl-C or SIGTERM stops the loop, drains and stops the workers, and exits."
    })
public final class RunCommand implements Callable<Integer> {

  private final InstantSource clock;

  RunCommand(InstantSource clock) {
    this.clock = clock;
  }

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Settings settings = Settings.load(common.configFile());
    StateDir state = StateDir.lock(common.stateDir());
    YogurtService service;
    try {
      service = YogurtService.start(settings, state, clock, List.of());
    } catch (BrokerStartException e) {
      state.close();
      throw new InvalidInputException("broker.bind: " + e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  try {
                    state.close();
                  } catch (IOException ignored) {
                    // the process is ending; the lock goes with it
                  }
                  stopped.countDown();
                },
                "yogurt-shutdown"));
    stopped.await();
    return ExitCodes.OK;
  }
}
