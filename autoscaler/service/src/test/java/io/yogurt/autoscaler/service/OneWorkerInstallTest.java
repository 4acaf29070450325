package io.yogurt.autoscaler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.config.Secret;
import io.yogurt.install.WorkerInstallTemplate;
import io.yogurt.provider.digitalocean.DigitalOceanSettings;
import io.yogurt.provider.digitalocean.UserData;
import io.yogurt.provider.supervisor.HostInstall;
import io.yogurt.provider.supervisor.HostSettings;
import io.yogurt.provider.supervisor.SupervisorSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Both deliveries of the worker install come from one template: the script a droplet's cloud-init
 * runs (decoded from the user data the provider sends) and the script {@code yogurt hosts install}
 * sends over ssh run the same steps, word for word; only their parameters (same names, other
 * values) and their program sections differ.
 */
class OneWorkerInstallTest {

  private static final String Z85 = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
  private static final String SHA =
      "5fa20da96fbb8ed56d7c1bfe13c980af512b1edb31fa6808256081dec3f00a88";

  /** What cloud-init runs on a droplet of pool echo. */
  private static String dropletScript() throws Exception {
    DigitalOceanSettings.WorkerBoot worker =
        new DigitalOceanSettings.WorkerBoot(
            "https://dl.example.com/yogurt.tar.gz",
            SHA,
            "tcp://10.116.0.2:5555",
            "echo",
            Z85,
            Z85,
            new Secret(Z85));
    String userData = UserData.load(null, worker).render("echo", "echo");
    String b64 = userData.replaceAll("(?s).*content: (\\S+).*", "$1");
    return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
  }

  /** What {@code yogurt hosts install} sends to host web1 for pool echo. */
  private static String hostScript() {
    SupervisorSettings settings =
        new SupervisorSettings(
            List.of(),
            "yogurt-{pool}",
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            Duration.ofMinutes(1),
            new SupervisorSettings.WorkerInstall(
                "https://dl.example.com/yogurt.tar.gz",
                SHA,
                "tcp://10.116.0.2:5555",
                "echo",
                "/srv/yogurt",
                "/etc/supervisor/conf.d",
                "yogurt",
                "supervisorctl",
                Z85,
                Z85,
                new Secret(Z85)));
    HostSettings host =
        new HostSettings(
            "web1", URI.create("http://10.0.0.5:9001/RPC2"), "yogurt", new Secret("p"), 2, "");
    return HostInstall.render(settings, host, Map.of("echo", "echo")).script();
  }

  /** The script without the parts that differ between deliveries: the steps alone. */
  private static String steps(String script) {
    StringBuilder out = new StringBuilder();
    boolean skipping = false;
    for (String line : script.split("\n", -1)) {
      if (line.startsWith(WorkerInstallTemplate.PARAMETERS_MARK)
          || line.startsWith(WorkerInstallTemplate.PROGRAMS_MARK)) {
        skipping = true;
      } else if (line.startsWith(WorkerInstallTemplate.STEPS_MARK)) {
        skipping = false;
      }
      if (!skipping) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  /** The part between {@code mark} and the next steps. */
  private static List<String> region(String script, String mark) {
    int from = script.indexOf(mark);
    int to = script.indexOf(WorkerInstallTemplate.STEPS_MARK, from);
    return script.substring(script.indexOf('\n', from) + 1, to).lines().toList();
  }

  private static List<String> names(List<String> assignments) {
    List<String> out = new ArrayList<>();
    for (String line : assignments) {
      out.add(line.substring(0, line.indexOf('=')));
    }
    return out;
  }

  @Test
  void theDropletAndTheHostRunTheSameStepsFromTheSameTemplate() throws Exception {
    String droplet = dropletScript();
    String host = hostScript();
    assertNotEquals(droplet, host);

    String steps = steps(droplet);
    assertEquals(steps, steps(host));
    int at = 0;
    for (String step :
        List.of(
            "# 1. A Java 17 runtime",
            "apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless",
            "# 2. The workers' user",
            "useradd --system",
            "# 3. The release package",
            "already installed",
            "curl -fsSL --proto \"=$package_protocols\"",
            "if [ \"$got\" != \"$package_sha256\" ]; then",
            "# 4. CURVE key files",
            "\"$curve_public_key\" \"$curve_secret_key\" >\"$keys/worker.key_secret\"",
            "chmod 0600 \"$keys/broker.key\" \"$keys/worker.key_secret\"",
            "# 5. The supervisord programs",
            "# 6. supervisord takes the programs in",
            "$supervisorctl reread",
            "$supervisorctl update $programs")) {
      int found = steps.indexOf(step, at);
      assertTrue(found > at, "step '" + step + "' after the previous one in:\n" + steps);
      at = found;
    }

    List<String> dropletParameters = region(droplet, WorkerInstallTemplate.PARAMETERS_MARK);
    List<String> hostParameters = region(host, WorkerInstallTemplate.PARAMETERS_MARK);
    assertEquals(names(dropletParameters), names(hostParameters), "the same parameters");
    assertTrue(dropletParameters.contains("name=\"$(hostname)\""), "a droplet is named by itself");
    assertTrue(hostParameters.contains("name='web1'"));
    assertTrue(dropletParameters.contains("package_protocols='https'"));
    assertTrue(hostParameters.contains("package_protocols='https,file'"));
    assertTrue(dropletParameters.contains("settings='digitalocean.worker'"));
    assertTrue(hostParameters.contains("settings='supervisor.worker'"));

    String dropletPrograms =
        String.join("\n", region(droplet, WorkerInstallTemplate.PROGRAMS_MARK));
    String hostPrograms = String.join("\n", region(host, WorkerInstallTemplate.PROGRAMS_MARK));
    assertTrue(
        dropletPrograms.startsWith("program yogurt-worker 'autostarted' <<"), dropletPrograms);
    assertTrue(dropletPrograms.contains("--name $name "), "the worker is named after the droplet");
    assertTrue(dropletPrograms.contains("\nautostart=true\n"), dropletPrograms);
    assertTrue(hostPrograms.startsWith("program yogurt-echo '8 slots' <<"), hostPrograms);
    assertTrue(hostPrograms.contains("--name echo-web1-%(process_num)02d "), hostPrograms);
    assertTrue(hostPrograms.contains("\nnumprocs=8\nautostart=false\n"), "Yogurt starts slots");
  }
}
