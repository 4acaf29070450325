package io.yogurt.provider.digitalocean;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.config.InvalidInputException;
import io.yogurt.config.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserDataTest {

  @TempDir Path dir;
  static final String Z85 = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
  DigitalOceanSettings.WorkerBoot worker =
      new DigitalOceanSettings.WorkerBoot(
          "https://dl.example.com/yogurt.tar.gz",
          "tcp://broker.example.com:5555",
          "echo",
          Z85,
          Z85,
          new Secret("JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6"));

  @Test
  void theBuiltInTemplateRunsTheWorkerUnderSupervisord() throws Exception {
    String text = UserData.load(null, worker).render("web", "echo-svc");
    assertTrue(text.startsWith("#cloud-config"));
    assertTrue(text.contains("[program:yogurt-worker]"));
    assertTrue(text.contains("autorestart=true"));
    assertTrue(text.contains("YOGURT_BROKER=tcp://broker.example.com:5555"));
    assertTrue(text.contains("YOGURT_SERVICE=echo-svc"));
    assertTrue(text.contains("--name \"$(hostname)\""), "identity = droplet name");
    assertTrue(text.contains("YOGURT_CURVE_SECRET_KEY=JTKVSB"));
    assertFalse(text.contains("{{"));
  }

  @Test
  void unknownPlaceholdersAndOversizeTemplatesAreRefused() throws Exception {
    Path bad = Files.writeString(dir.resolve("t.yaml"), "#cloud-config\n# {{nope}}\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> UserData.load(bad, worker));
    assertTrue(e.getMessage().contains("unknown placeholder(s) [nope]"), e.getMessage());

    Path big = Files.writeString(dir.resolve("big.yaml"), "#" + "x".repeat(70_000));
    e = assertThrows(InvalidInputException.class, () -> UserData.load(big, worker));
    assertTrue(e.getMessage().contains("at most 65536"), e.getMessage());
  }
}
