package io.yogurt.cli;

import io.yogurt.config.InvalidInputException;
import java.time.InstantSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code yogurt} command: the entry point of every use. */
@Command(
    name = "yogurt",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Self-healing, predictive autoscaler for ZeroMQ Majordomo worker fleets.",
    subcommands = {
      CommandLine.HelpCommand.class,
      RunCommand.class,
      LoadCommand.class,
      WorkerCommand.class,
      StatusCommand.class,
      OverrideCommands.Scale.class,
      OverrideCommands.Pause.class,
      OverrideCommands.Resume.class,
      OverrideCommands.List.class,
      OverrideCommands.Mode.class,
      ConfigCommand.class,
      BrokerCommand.class,
      ProbeCommand.class,
      KeysCommand.class,
      ForecastCommand.class,
      SimulateCommand.class,
      HistoryCommand.class,
      ProviderCommand.class,
      HostsCommand.class,
    })
public final class Yogurt implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code (tests call this rather than main). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  public static CommandLine commandLine() {
    return commandLine(InstantSource.system());
  }

  /** The CLI with the clock its commands read "now" from (tests pass a fixed one). */
  public static CommandLine commandLine(InstantSource clock) {
    CommandLine cli = new CommandLine(new Yogurt(), new ClockFactory(clock));
    cli.setExitCodeExceptionMapper(
        e -> e instanceof InvalidInputException ? ExitCodes.USAGE : ExitCodes.FAILURE);
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setParameterExceptionHandler(new UsageErrorHandler());
    cli.setExecutionStrategy(new KnownCommandsOnly(new CommandLine.RunLast()));
    return cli;
  }
}
