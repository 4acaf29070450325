package io.yogurt.provider.digitalocean;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * Validates user data with {@code cloud-init schema --config-file} (Debian's {@code cloud-init}
 * package), as a droplet's cloud-init would read it. The user data holds the CURVE secret key, so
 * it goes to an owner-only temporary file, removed at once, and the tool's output is passed on only
 * after the secret is masked.
 */
public final class CloudInitSchema {

  /** What the tool said. */
  public enum Status {
    VALID,
    INVALID,
    /** {@code cloud-init} is not installed here: nothing was checked. */
    UNAVAILABLE
  }

  /** The verdict and the tool's words (errors only). */
  public record Result(Status status, String detail) {}

  private final String command;

  /**
   * @param command the cloud-init binary, e.g. {@code cloud-init} (found on the PATH)
   */
  public CloudInitSchema(String command) {
    this.command = command;
  }

  /** The system's {@code cloud-init}. */
  public static CloudInitSchema system() {
    return new CloudInitSchema("cloud-init");
  }

  /** Validates {@code userData}; {@code secret} is masked in anything passed on. */
  public Result check(String userData, String secret) throws IOException, InterruptedException {
    Path file =
        Files.createTempFile(
            "yogurt-user-data",
            ".yaml",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(file, userData, StandardCharsets.UTF_8);
      Process p;
      try {
        p =
            new ProcessBuilder(command, "schema", "--config-file", file.toString())
                .redirectErrorStream(true)
                .start();
      } catch (IOException e) {
        return new Result(
            Status.UNAVAILABLE,
            "cloud-init is not installed here (Debian: apt-get install cloud-init)");
      }
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(Status.UNAVAILABLE, "cloud-init schema did not answer within 60 s");
      }
      if (!secret.isEmpty()) {
        out = out.replace(secret, "***");
      }
      out =
          out.replace(file.toString(), "user data")
              .replace("Cloud config schema deprecations:", "")
              .replaceFirst("^\\s*Error:", "")
              .strip();
      return p.exitValue() == 0
          ? new Result(Status.VALID, "")
          : new Result(Status.INVALID, out.replaceAll("\\s*\\n\\s*", " "));
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
