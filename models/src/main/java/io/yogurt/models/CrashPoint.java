package io.yogurt.models;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Named places where the crash-safety tests stop the process dead, as {@code kill -9} would: the
 * JVM halts without shutdown hooks when the system property {@code yogurt.crash-at} names the
 * point. With {@code yogurt.crash-once} naming a file, only the first process to create that file
 * halts (two HA instances started alike: the one acting at that point dies, the other goes on).
 * Unset (always, outside those tests), a point costs one property read.
 */
public final class CrashPoint {

  private static final String PROPERTY = "yogurt.crash-at";
  private static final String ONCE = "yogurt.crash-once";

  private CrashPoint() {}

  public static void reach(String name) {
    if (name.equals(System.getProperty(PROPERTY)) && firstToCrash()) {
      System.err.println("crash point " + name + ": halting");
      Runtime.getRuntime().halt(137);
    }
  }

  private static boolean firstToCrash() {
    String once = System.getProperty(ONCE);
    if (once == null) {
      return true;
    }
    try {
      Files.createFile(Path.of(once));
      return true;
    } catch (FileAlreadyExistsException another) {
      return false;
    } catch (IOException e) {
      throw new IllegalStateException(ONCE + ": cannot create " + once, e);
    }
  }
}
