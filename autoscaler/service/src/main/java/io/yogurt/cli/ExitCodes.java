package io.yogurt.cli;

/** The CLI's exit codes. */
public final class ExitCodes {

  public static final int OK = 0;

  /** Something failed at run time (a server down, an I/O error). */
  public static final int FAILURE = 1;

  /** The user's input was wrong: usage, config, trace. */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
