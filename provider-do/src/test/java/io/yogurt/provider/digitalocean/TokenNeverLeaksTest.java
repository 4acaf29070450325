package io.yogurt.provider.digitalocean;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.yogurt.config.InvalidInputException;
import io.yogurt.models.ProviderException;
import io.yogurt.provider.digitalocean.fake.FakeDigitalOcean.Fault;
import io.yogurt.provider.digitalocean.fake.FakeDigitalOceanRig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Runs every kind of call and failure with everything but the HTTP header loggers at DEBUG, and
 * checks that the token shows up in no log line, no exception and no settings printout.
 */
class TokenNeverLeaksTest {

  @TempDir Path dir;
  FakeDigitalOceanRig rig;
  ListAppender<ILoggingEvent> captured = new ListAppender<>();
  Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  Logger myjeeva = (Logger) LoggerFactory.getLogger("com.myjeeva");

  @BeforeEach
  void start() throws Exception {
    rig = new FakeDigitalOceanRig(dir);
    myjeeva.setLevel(Level.DEBUG);
    captured.start();
    root.addAppender(captured);
  }

  @AfterEach
  void stop() {
    root.detachAppender(captured);
    myjeeva.setLevel(Level.INFO);
    rig.close();
  }

  @Test
  void tokenAppearsNowhere() throws Exception {
    List<String> texts = new ArrayList<>();
    DigitalOceanSettings s = rig.settings("");
    texts.add(s.toString());
    texts.add(s.token().toString());
    try (DigitalOceanProvider p = rig.provider(s)) {
      rig.api.script(Fault.SERVER_ERROR, Fault.RATE_LIMITED, Fault.TIMEOUT, Fault.LOST_RESPONSE);
      p.launch("web", 3, "web-t1");
      p.list("web").forEach(i -> texts.add(i.toString()));
      rig.api.exhausted(Set.of("s-1vcpu-1gb"));
      texts.add(
          assertThrows(ProviderException.class, () -> p.launch("web", 1, "web-t2")).getMessage());
    }
    try (DigitalOceanProvider wrong = rig.provider(rig.settings("token: " + "x".repeat(20)))) {
      ProviderException e = assertThrows(ProviderException.class, () -> wrong.list("web"));
      texts.add(e.getMessage());
      texts.add(String.valueOf(e.getCause()));
    }
    for (ILoggingEvent e : captured.list) {
      texts.add(e.getFormattedMessage());
      if (e.getThrowableProxy() != null) {
        texts.add(ThrowableProxyUtil.asString(e.getThrowableProxy()));
      }
    }
    assertTrue(
        captured.list.stream()
            .anyMatch(
                e -> e.getLoggerName().startsWith("com.myjeeva") && e.getLevel() == Level.DEBUG),
        "the client's debug logging was on");
    assertTrue(texts.stream().anyMatch(t -> t.contains("HTTP 401")), "the refusal was seen");
    for (String t : texts) {
      assertFalse(t.contains(FakeDigitalOceanRig.TOKEN), "token leaked in: " + t);
      assertFalse(t.contains("x".repeat(20)), "wrong token leaked in: " + t);
    }
  }

  @Test
  void noClientIsMadeWhileAHeaderLoggerIsAtDebug() throws Exception {
    Logger headers = (Logger) LoggerFactory.getLogger("org.apache.http.headers");
    Level before = headers.getLevel();
    headers.setLevel(Level.DEBUG);
    try {
      var e = assertThrows(InvalidInputException.class, () -> rig.provider(rig.settings("")));
      assertTrue(
          e.getMessage().startsWith("logging: logger org.apache.http.headers is at DEBUG"),
          e.getMessage());
      assertTrue(rig.api.stats().requests() == 0, "nothing was sent");
    } finally {
      headers.setLevel(before);
    }
  }
}
