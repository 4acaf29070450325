package io.yogurt.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** URLs are parsed as RabbitMQ reads them and never shown with their password. */
class AmqpEndpointTest {

  @Test
  void readsUserPasswordHostPortAndVhost() {
    AmqpEndpoint e = AmqpEndpoint.parse("amqp://ann:p%40ss@mq.example:5673/prod%2Fa", "", "", null);
    assertEquals("ann", e.username());
    assertEquals("p@ss", e.password().reveal());
    assertEquals("mq.example", e.host());
    assertEquals(5673, e.port());
    assertEquals("prod/a", e.vhost());
    assertFalse(e.tls());
  }

  @Test
  void defaults() {
    AmqpEndpoint e = AmqpEndpoint.parse("amqps://ann@mq.example", "", "from-env", null);
    assertTrue(e.tls());
    assertEquals(5671, e.port());
    assertEquals("/", e.vhost());
    assertEquals("from-env", e.password().reveal(), "the password from the environment");
    assertEquals("guest", AmqpEndpoint.parse("amqp://h", "", "", null).username());
    assertEquals("v", AmqpEndpoint.parse("amqp://h/x", "v", "", null).vhost(), "vhost key wins");
  }

  @Test
  void neverShowsThePassword() {
    AmqpEndpoint e = AmqpEndpoint.parse("amqp://ann:hunter2@h:5672", "/", "", null);
    assertEquals("amqp://ann:***@h:5672", e.masked());
    assertEquals("amqp://ann:***@h:5672 vhost /", e.toString());
    assertFalse(e.password().toString().contains("hunter2"));
    assertEquals(
        "connect amqp://ann:***@h:5672/ and amqps://bob:***@x failed",
        AmqpEndpoint.mask("connect amqp://ann:hunter2@h:5672/ and amqps://bob:s3@x failed"));
  }

  @Test
  void aBadUrlIsOneMessageWithoutThePassword() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AmqpEndpoint.parse("http://ann:hunter2@h", "", "", null));
    assertEquals(
        "got 'http://ann:***@h', expected a URL that starts with amqp:// or amqps://",
        e.getMessage());
    IllegalArgumentException noHost =
        assertThrows(
            IllegalArgumentException.class,
            () -> AmqpEndpoint.parse("amqp://ann:hunter2@/x", "", "", null));
    assertFalse(noHost.getMessage().contains("hunter2"), noHost.getMessage());
  }
}
