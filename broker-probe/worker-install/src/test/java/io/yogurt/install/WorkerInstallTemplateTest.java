package io.yogurt.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.config.Secret;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The template renders valid shell, with every parameter filled and the secret only once. */
class WorkerInstallTemplateTest {

  private static final String SECRET = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6";
  private static final String Z85 = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";

  private static InstallSpec spec(String machine, InstallSpec.Curve curve) {
    return new InstallSpec(
        machine,
        new InstallSpec.Layout(
            "/opt/yogurt", "/etc/yogurt/keys", "/etc/supervisor/conf.d", "/var/log/yogurt"),
        new InstallSpec.Release(
            "https://dl.example.com/it's.tar.gz", "0".repeat(64), List.of("https", "file")),
        "yogurt",
        "test.worker",
        "supervisorctl -c /etc/s.conf",
        curve,
        List.of(
            InstallSpec.Program.literal(
                "yogurt-a", "2 slots", "[program:yogurt-a]\ncommand=x $1\n"),
            new InstallSpec.Program("yogurt-b", "autostarted", "[program:yogurt-b]\n")));
  }

  private static String run(String shell, String script) throws Exception {
    Process sh = new ProcessBuilder("sh", shell).redirectErrorStream(true).start();
    try (OutputStream in = sh.getOutputStream()) {
      in.write(script.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, sh.waitFor(), out);
    return out;
  }

  @Test
  void everyParameterIsFilledAndTheScriptIsValidShell() throws Exception {
    InstallScript install =
        WorkerInstallTemplate.render(
            spec("web1", new InstallSpec.Curve(Z85, Z85, new Secret(SECRET))));
    String s = install.script();
    assertFalse(s.contains("{{"), s);
    run("-n", s);
    assertTrue(s.contains("name='web1'\n"));
    assertTrue(s.contains("dir=\"$root\"'/opt/yogurt'\n"));
    assertTrue(s.contains("package_url='https://dl.example.com/it'\\''s.tar.gz'\n"), "quoted");
    assertTrue(s.contains("package_protocols='https,file'\n"));
    assertTrue(s.contains("supervisorctl='supervisorctl -c /etc/s.conf'\n"));
    assertTrue(s.contains("programs='yogurt-a yogurt-b'\n"));
    assertTrue(
        s.contains("apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless"));
    assertTrue(
        s.contains(
            "program yogurt-a '2 slots' <<YOGURT_PROGRAM\n[program:yogurt-a]\ncommand=x \\$1\n"
                + "YOGURT_PROGRAM\nprogram yogurt-b 'autostarted' <<YOGURT_PROGRAM\n"),
        s);
    assertEquals(List.of("yogurt-a", "yogurt-b"), install.programs());
  }

  @Test
  void aMachineWithoutANameIsNamedByItsHostnameWhenTheScriptRuns() {
    String s = WorkerInstallTemplate.render(spec("", InstallSpec.Curve.NONE)).script();
    assertTrue(s.contains("name=\"$(hostname)\"\n"), s);
    assertTrue(s.contains("curve_server_key=''\n"), "no key files without CURVE");
  }

  @Test
  void theSecretIsInTheScriptOnceAndNeverInWhatIsShown() {
    InstallScript install =
        WorkerInstallTemplate.render(
            spec("web1", new InstallSpec.Curve(Z85, Z85, new Secret(SECRET))));
    assertEquals(1, install.script().split(java.util.regex.Pattern.quote(SECRET), -1).length - 1);
    assertTrue(
        install.script().contains("curve_secret_key=" + WorkerInstallTemplate.quote(SECRET)));
    assertFalse(install.shown().contains(SECRET));
    assertTrue(install.shown().contains("curve_secret_key='***'\n"));
    assertFalse(install.toString().contains(SECRET));
    assertEquals(
        install.script().replace(WorkerInstallTemplate.quote(SECRET), "'***'"), install.shown());
  }

  @Test
  void aLiteralSectionLandsOnTheMachineAsItIs() throws Exception {
    String text = "command=run $HOME `id` \\n %(process_num)02d 'q' \"d\"\n";
    String out = run("-s", "cat <<END\n" + InstallSpec.Program.escape(text) + "END\n");
    assertEquals(text, out);
  }

  @Test
  void programNamesAndSectionsThatWouldBreakTheScriptAreRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> new InstallSpec.Program("a b", "x", "[program:a]\n"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new InstallSpec.Program("a", "x", "[program:a]\nYOGURT_PROGRAM\n"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new InstallSpec.Program("a", "it's", "[program:a]\n"));
  }
}
