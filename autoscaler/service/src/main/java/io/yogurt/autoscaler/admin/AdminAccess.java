package io.yogurt.autoscaler.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.yogurt.config.InvalidInputException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * How the CLI reaches the running service: {@code admin.json} in the state directory holds the
 * admin API's URL and a bearer token, readable by the owner only.
 */
public record AdminAccess(String url, String token) {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String FILE = "admin.json";

  public static String newToken() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  void write(Path stateDir) throws IOException {
    Path tmp = stateDir.resolve(FILE + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(
        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    JSON.writeValue(tmp.toFile(), Map.of("url", url, "token", token));
    Files.move(
        tmp,
        stateDir.resolve(FILE),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  static void remove(Path stateDir) throws IOException {
    Files.deleteIfExists(stateDir.resolve(FILE));
  }

  /** Reads the access file; a missing one means no service runs with this state directory. */
  public static AdminAccess read(Path stateDir) throws InvalidInputException {
    Path f = stateDir.resolve(FILE);
    try {
      @SuppressWarnings("unchecked")
      Map<String, String> m = JSON.readValue(f.toFile(), Map.class);
      return new AdminAccess(m.get("url"), m.get("token"));
    } catch (NoSuchFileException | FileNotFoundException e) {
      throw new InvalidInputException(
          "no running yogurt service found: "
              + f
              + " does not exist (start one with 'yogurt run', or pass its --state-dir)");
    } catch (IOException e) {
      throw new InvalidInputException(
          f + ": cannot read the admin access file (" + e.getMessage() + ")");
    }
  }
}
