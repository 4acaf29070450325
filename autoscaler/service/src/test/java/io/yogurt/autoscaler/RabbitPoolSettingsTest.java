package io.yogurt.autoscaler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.autoscaler.local.WorkerLaunch;
import io.yogurt.config.ConfigFile;
import io.yogurt.config.InvalidInputException;
import io.yogurt.rabbitmq.RabbitPoolSettings;
import java.io.StringReader;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code broker: rabbitmq} pools: read, shown without their password, launched with it hidden. */
class RabbitPoolSettingsTest {

  private static final String CONFIG =
      """
      pools:
        echo: {}
        rpc:
          broker: rabbitmq
          rabbitmq:
            url: amqps://ann:${SECRET}@mq.example:5671/prod
            queue: jobs
            prefetch: 4
            declare-queue: true
            ca-certificate: /etc/ssl/ca.pem
      """;

  private static Settings load() throws Exception {
    Map<String, String> env = Map.of("SECRET", "hunter2");
    return Settings.load(ConfigFile.parse("test.yaml", new StringReader(CONFIG), env::get));
  }

  @Test
  void readsTheQueueAndLeavesMajordomoPoolsAlone() throws Exception {
    Settings s = load();
    assertEquals(1, s.rabbitmq().size(), "only the rabbitmq pool");
    RabbitPoolSettings rpc = s.rabbitmq().get("rpc");
    assertEquals("jobs", rpc.queue());
    assertEquals("rpc", rpc.service());
    assertEquals("prod", rpc.endpoint().vhost());
    assertTrue(rpc.endpoint().tls());
    assertEquals("hunter2", rpc.endpoint().password().reveal());
    assertEquals(URI.create("http://mq.example:15672"), rpc.managementUrl());
  }

  @Test
  void thePasswordIsNeverShown() throws Exception {
    String shown = load().effective().toString();
    assertFalse(shown.contains("hunter2"), shown);
    assertTrue(shown.contains("amqps://ann:***@mq.example:5671/prod"), shown);
  }

  @Test
  void localWorkersGetThePasswordThroughTheirEnvironmentOnly() throws Exception {
    WorkerLaunch launch = WorkerLaunch.rabbitmq(load().rabbitmq().get("rpc"));
    assertEquals(
        List.of(
            "--amqp",
            "amqps://ann@mq.example:5671",
            "--vhost",
            "prod",
            "--queue",
            "jobs",
            "--prefetch",
            "4",
            "--declare-queue",
            "--amqp-ca",
            "/etc/ssl/ca.pem"),
        launch.args());
    assertEquals(Map.of("YOGURT_AMQP_PASSWORD", "hunter2"), launch.environment());
  }

  @Test
  void dropletsCannotRunRabbitmqWorkersYetAndSaySo() {
    String config = CONFIG + "provider: digitalocean\n";
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                Settings.load(
                    ConfigFile.parse(
                        "test.yaml", new StringReader(config), Map.of("SECRET", "x")::get)));
    assertTrue(
        e.getMessage()
            .contains(
                "pools.rpc.broker (line 4): broker: rabbitmq runs its workers with provider: local"
                    + " only, got provider: digitalocean"),
        e.getMessage());
  }
}
