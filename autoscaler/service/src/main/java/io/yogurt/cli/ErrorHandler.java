package io.yogurt.cli;

import io.yogurt.config.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception out of a command into one line on stderr: a user's mistake exits 2 with its
 * message; anything else exits 1 with its message, and a stack trace only with YOGURT_DEBUG=1.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    if (e instanceof InvalidInputException) {
      cli.getErr().println("yogurt: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    cli.getErr().println("yogurt: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    if ("1".equals(System.getenv("YOGURT_DEBUG"))) {
      e.printStackTrace(cli.getErr());
    }
    return ExitCodes.FAILURE;
  }
}
