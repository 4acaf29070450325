package io.yogurt.cli;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** A bad command line: one message, a hint, exit 2; no usage wall, no stack trace. */
final class UsageErrorHandler implements IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    String name = cli.getCommandSpec().qualifiedName();
    cli.getErr().println("yogurt: " + message(e, cli, name));
    UnmatchedArgumentException.printSuggestions(e, cli.getErr());
    cli.getErr().println("Try '" + name + " --help'.");
    return ExitCodes.USAGE;
  }

  /** Says "unknown command" where a command was expected, picocli's own words otherwise. */
  private static String message(ParameterException e, CommandLine cli, String name) {
    if (e instanceof UnmatchedArgumentException u
        && !cli.getSubcommands().isEmpty()
        && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().get(0).startsWith("-")) {
      return "unknown command '" + u.getUnmatched().get(0) + "' for '" + name + "'";
    }
    return e.getMessage();
  }
}
