package io.yogurt.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's Chromium, headless, for the report tests: opens a page and returns what the page's
 * script wrote into {@code <pre id="yogurt-check">}, or takes a screenshot. Offline: no background
 * networking, no first-run or sync, a fresh profile under the test's directory.
 */
public final class HeadlessChromium {

  public static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final Pattern CHECK =
      Pattern.compile("<pre id=\"yogurt-check\" hidden=\"\">(.*?)</pre>", Pattern.DOTALL);

  private final Path work;

  /** Chromium with its profile and logs under {@code work}. */
  public HeadlessChromium(Path work) {
    assertTrue(
        Files.isExecutable(BINARY),
        "Debian's chromium is needed to check the reports: run scripts/install-test-deps (or scripts/test)");
    this.work = work;
  }

  /** The JSON the page (opened with {@code #check}) computed of what it drew. */
  public String check(Path page) throws IOException, InterruptedException {
    String dom =
        run(
            List.of("--dump-dom", "--virtual-time-budget=20000"),
            page.toUri() + "#check",
            "dump-dom");
    Matcher m = CHECK.matcher(dom);
    assertTrue(
        m.find(), "the page wrote its check: " + dom.substring(0, Math.min(dom.length(), 400)));
    return m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  /** Writes a PNG of the page at the given window size. */
  public void screenshot(Path page, Path png, int width, int height)
      throws IOException, InterruptedException {
    run(
        List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height),
        page.toUri().toString(),
        "screenshot");
    assertTrue(Files.size(png) > 0, "screenshot written");
  }

  private String run(List<String> what, String url, String name)
      throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                BINARY.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-default-apps",
                "--disable-extensions",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                "--user-data-dir=" + work.resolve("chromium-profile")));
    cmd.addAll(what);
    cmd.add(url);
    Path out = work.resolve("chromium-" + name + ".out");
    Path log = work.resolve("chromium-" + name + ".log");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 120 s: " + Files.readString(log));
    }
    assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(log));
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
