package io.yogurt.provider.digitalocean;

/**
 * Named places in a launch where the crash-safety test stops the process dead, as {@code kill -9}
 * would: the JVM halts without shutdown hooks when the system property {@code yogurt.crash-at}
 * names the point (the control loop's own points work the same way). Unset, a point costs one
 * property read.
 */
final class CrashPoint {

  private CrashPoint() {}

  static void reach(String name) {
    if (name.equals(System.getProperty("yogurt.crash-at"))) {
      System.err.println("crash point " + name + ": halting");
      Runtime.getRuntime().halt(137);
    }
  }
}
