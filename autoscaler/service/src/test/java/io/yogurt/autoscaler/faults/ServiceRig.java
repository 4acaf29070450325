package io.yogurt.autoscaler.faults;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yogurt.autoscaler.Settings;
import io.yogurt.autoscaler.admin.AdminAccess;
import io.yogurt.autoscaler.local.CommandLines;
import io.yogurt.autoscaler.service.StateDir;
import io.yogurt.autoscaler.service.YogurtService;
import io.yogurt.config.ConfigFile;
import io.yogurt.models.TickListener;
import io.yogurt.models.TickReport;
import io.yogurt.models.TickReport.PoolTick;
import io.yogurt.models.TickReport.SourceStatus;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * The whole service in this JVM for one row of the fault matrix: real broker, real worker
 * processes, real history store, the admin API; every tick report kept, and every log event that
 * carried a stack trace (an expected fault must never log one).
 */
final class ServiceRig implements AutoCloseable {

  final Path state;
  final YogurtService service;
  final List<TickReport> ticks;
  final List<String> stackTraces;
  private final StateDir lock;
  private final AppenderBase<ILoggingEvent> traces;

  private ServiceRig(
      Path state,
      StateDir lock,
      YogurtService service,
      List<TickReport> ticks,
      List<String> stackTraces,
      AppenderBase<ILoggingEvent> traces) {
    this.state = state;
    this.lock = lock;
    this.service = service;
    this.ticks = ticks;
    this.stackTraces = stackTraces;
    this.traces = traces;
  }

  static ServiceRig start(Path state, String yaml) throws Exception {
    Settings settings =
        Settings.load(ConfigFile.parse("fault.yaml", new StringReader(yaml), System::getenv));
    List<TickReport> ticks = new CopyOnWriteArrayList<>();
    List<String> stackTraces = new CopyOnWriteArrayList<>();
    AppenderBase<ILoggingEvent> traces =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent e) {
            if (e.getThrowableProxy() != null) {
              stackTraces.add(e.getLoggerName() + ": " + e.getFormattedMessage());
            }
          }
        };
    traces.start();
    root().addAppender(traces);
    StateDir lock = StateDir.lock(state);
    TickListener keep = ticks::add;
    YogurtService service =
        YogurtService.start(settings, lock, InstantSource.system(), List.of(keep));
    return new ServiceRig(state, lock, service, ticks, stackTraces, traces);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  /** The first pool's part of the last tick; null before the first. */
  PoolTick last() {
    return ticks.isEmpty() ? null : ticks.get(ticks.size() - 1).pools().get(0);
  }

  /** The named source's state in the last tick; empty before the first. */
  Optional<SourceStatus> source(String name) {
    if (ticks.isEmpty()) {
      return Optional.empty();
    }
    return ticks.get(ticks.size() - 1).sources().stream()
        .filter(s -> s.name().equals(name))
        .findFirst();
  }

  /** The first tick whose pool part matches, or null. */
  TickReport first(Predicate<PoolTick> p) {
    return ticks.stream().filter(r -> p.test(r.pools().get(0))).findFirst().orElse(null);
  }

  /** {@code /status} of the running service, as {@code yogurt status --json} reads it. */
  JsonNode status() throws Exception {
    AdminAccess access = AdminAccess.read(state);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(access.url() + "/status"))
                    .header("Authorization", "Bearer " + access.token())
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(r.body());
  }

  /** Worker processes this JVM started. */
  static List<ProcessHandle> workerProcesses() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(p -> CommandLines.of(p).map(c -> c.contains(" worker ")).orElse(false))
        .toList();
  }

  /** The worker process named {@code name}. */
  static ProcessHandle worker(String name) {
    return workerProcesses().stream()
        .filter(p -> CommandLines.of(p).map(c -> c.contains(" --name " + name + " ")).orElse(false))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no worker process " + name));
  }

  /** Sends a signal ({@code STOP}, {@code CONT}, {@code KILL}) as kill(1) does. */
  static void signal(ProcessHandle p, String signal) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
  }

  /** One figure of the fault matrix, for docs/reliability.md. */
  static void figure(String row, String text) {
    System.out.println("FAULT MATRIX | " + row + " | " + text);
  }

  @Override
  public void close() throws IOException {
    try {
      service.close();
    } finally {
      lock.close();
      root().detachAppender(traces);
    }
  }
}
