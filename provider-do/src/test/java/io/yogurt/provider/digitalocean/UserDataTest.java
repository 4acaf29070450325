package io.yogurt.provider.digitalocean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.config.InvalidInputException;
import io.yogurt.config.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserDataTest {

  @TempDir Path dir;
  static final String Z85 = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
  DigitalOceanSettings.WorkerBoot worker =
      new DigitalOceanSettings.WorkerBoot(
          "https://dl.example.com/yogurt.tar.gz",
          "5fa20da96fbb8ed56d7c1bfe13c980af512b1edb31fa6808256081dec3f00a88",
          "tcp://broker.example.com:5555",
          "echo",
          Z85,
          Z85,
          new Secret("JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6"));

  @Test
  void theBuiltInTemplateRunsTheInstallStepsKeepingTheSecretOffCommandLines() throws Exception {
    String text = UserData.load(null, worker).render("web", "echo-svc");
    assertTrue(text.startsWith("#cloud-config"));
    assertTrue(text.contains("packages: [openjdk-17-jre-headless, supervisor, curl]"), text);
    assertTrue(text.contains("permissions: '0700'"), "the script holds the secret: root only");
    assertFalse(text.contains("{{"));
    assertFalse(text.contains("JTKVSB"), "the secret is only inside the encoded script");
    String b64 = text.replaceAll("(?s).*content: (\\S+).*", "$1");
    String script = new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    assertEquals(WorkerInstall.render(worker, "web", "echo-svc").script(), script);
  }

  @Test
  void theInstallStepsVerifyThePackageAndPassKeyFilesToTheWorker() {
    String script = WorkerInstall.render(worker, "web", "echo-svc").script();
    assertTrue(
        script.contains(
            "package_sha256='5fa20da96fbb8ed56d7c1bfe13c980af512b1edb31fa6808256081dec3f00a88'"));
    assertTrue(script.contains("[ \"$got\" != \"$package_sha256\" ]"), "refuses another package");
    assertTrue(script.contains("package_protocols='https'"), "over HTTPS only");
    assertTrue(script.contains("name=\"$(hostname)\""), "identity = droplet name");
    assertTrue(script.contains("keys=\"$root\"'/etc/yogurt/keys'"), script);
    assertTrue(script.contains("chmod 0600 \"$keys/broker.key\" \"$keys/worker.key_secret\""));
    assertTrue(
        script.contains(
            "command=$dir/bin/yogurt worker --endpoint tcp://broker.example.com:5555 --service"
                + " echo-svc --name $name --handler echo --curve-server $keys/broker.key"
                + " --curve-keys $keys/worker.key_secret\n"),
        script);
    assertTrue(script.contains("autostart=true\n"), "the droplet's one worker starts at once");
    assertTrue(script.contains("user=yogurt\n"));
    // The secret is only ever a printf argument (a builtin) into a 0600 file, never a command's.
    List<String> secretLines = script.lines().filter(l -> l.contains("curve_secret_key")).toList();
    assertEquals(2, secretLines.size(), secretLines.toString());
    assertTrue(
        secretLines.get(1).strip().startsWith("\"$curve_public_key\" \"$curve_secret_key\" >"));
    assertFalse(WorkerInstall.render(worker, "web", "echo-svc").toString().contains("JTKVSB"));
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
