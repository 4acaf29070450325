package io.yogurt.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParseResult;

/**
 * Refuses a command line with a word no command knows before anything runs, help included: picocli
 * lets {@code --help} win over an unknown command ({@code yogurt hosts --help} printed the
 * top-level help and exited 0), so the unknown word is reported here, exit 2.
 */
final class KnownCommandsOnly implements IExecutionStrategy {

  private final IExecutionStrategy next;

  KnownCommandsOnly(IExecutionStrategy next) {
    this.next = next;
  }

  @Override
  public int execute(ParseResult parsed) {
    for (CommandLine cli : parsed.asCommandLineList()) {
      List<String> unmatched = cli.getParseResult().unmatched();
      if (!unmatched.isEmpty()) {
        throw new CommandLine.UnmatchedArgumentException(cli, unmatched);
      }
    }
    return next.execute(parsed);
  }
}
