package io.yogurt.autoscaler.loop;

/**
 * Named places where the crash-safety test stops the process dead, as {@code kill -9} would: the
 * JVM halts without shutdown hooks when the system property {@code yogurt.crash-at} names the
 * point. Unset (always, outside that test), a point costs one property read.
 */
public final class CrashPoint {

  private static final String PROPERTY = "yogurt.crash-at";

  private CrashPoint() {}

  public static void reach(String name) {
    if (name.equals(System.getProperty(PROPERTY))) {
      System.err.println("crash point " + name + ": halting");
      Runtime.getRuntime().halt(137);
    }
  }
}
