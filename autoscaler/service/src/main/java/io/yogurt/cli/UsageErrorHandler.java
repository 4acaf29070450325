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
    cli.getErr().println("yogurt: " + e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, cli.getErr());
    cli.getErr().println("Try '" + cli.getCommandSpec().qualifiedName() + " --help'.");
    return ExitCodes.USAGE;
  }
}
