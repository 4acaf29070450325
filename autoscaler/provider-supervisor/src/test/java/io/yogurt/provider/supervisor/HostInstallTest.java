package io.yogurt.provider.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.config.Secret;
import io.yogurt.install.WorkerInstallTemplate;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The install script: valid shell, one program per pool, the secret only where it must be. */
class HostInstallTest {

  private static final String SECRET = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";

  private static HostInstall render() {
    SupervisorSettings.WorkerInstall w =
        new SupervisorSettings.WorkerInstall(
            "https://releases.example.com/yogurt-0.1.0.tar.gz",
            "0".repeat(64),
            "tcp://10.0.0.2:5555",
            "echo",
            "/opt/yogurt",
            "/etc/supervisor/conf.d",
            "yogurt",
            "supervisorctl",
            "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID",
            "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs",
            new Secret(SECRET));
    SupervisorSettings s =
        new SupervisorSettings(
            List.of(),
            "yogurt-{pool}",
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            Duration.ofMinutes(1),
            w);
    HostSettings host =
        new HostSettings(
            "web1", URI.create("http://10.0.0.5:9001/RPC2"), "yogurt", new Secret("p"), 3, "");
    Map<String, String> pools = new LinkedHashMap<>();
    pools.put("echo", "echo");
    pools.put("resize", "images");
    return HostInstall.render(s, host, pools);
  }

  @Test
  void theScriptIsValidShellWithOneProgramPerPool() throws Exception {
    HostInstall install = render();
    Process sh = new ProcessBuilder("sh", "-n").redirectErrorStream(true).start();
    try (OutputStream in = sh.getOutputStream()) {
      in.write(install.script().getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, sh.waitFor(), out);
    assertEquals(List.of("yogurt-echo", "yogurt-resize"), install.programs());
    assertTrue(install.script().contains("[program:yogurt-resize]"));
    assertTrue(
        install
            .script()
            .contains(
                "command=/opt/yogurt/bin/yogurt worker --endpoint tcp://10.0.0.2:5555 --service"
                    + " images --name resize-web1-%(process_num)02d --handler echo --curve-server"
                    + " /opt/yogurt/keys/broker.key --curve-keys /opt/yogurt/keys/worker.key_secret"));
    assertTrue(install.script().contains("numprocs=12"), "4 slots per worker");
    assertTrue(install.script().contains("programs='yogurt-echo yogurt-resize'"));
    assertTrue(install.script().contains("$supervisorctl update $programs "), "those only");
  }

  @Test
  void theSecretKeyIsOnlyInTheScriptSentToTheHostNeverInWhatIsShown() {
    HostInstall install = render();
    assertTrue(
        install.script().contains("curve_secret_key=" + WorkerInstallTemplate.quote(SECRET)));
    assertEquals(1, install.script().split(Pattern.quote(SECRET), -1).length - 1);
    assertFalse(install.shown().contains(SECRET));
    assertFalse(install.toString().contains(SECRET));
    assertTrue(install.shown().contains("curve_secret_key='***'\n"));
    assertTrue(install.shown().contains("\"$curve_secret_key\" >\"$keys/worker.key_secret\""));
    for (String line : install.script().split("\n")) {
      if (line.startsWith("command=")) {
        assertFalse(line.contains(SECRET), "never on the worker's command line");
      }
    }
  }
}
