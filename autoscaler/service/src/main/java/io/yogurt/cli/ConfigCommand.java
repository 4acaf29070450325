package io.yogurt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.yogurt.autoscaler.Settings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code yogurt config validate|show}. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Check or show the configuration.",
    subcommands = {ConfigCommand.Validate.class, ConfigCommand.Show.class})
public final class ConfigCommand {

  /** Reads and validates the config; every error at once. */
  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = "Validate the config file (all errors at once); exit 0 when valid, 2 when not.")
  static final class Validate implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() throws Exception {
      Settings.load(common.configFile());
      System.out.println(
          (common.config == null && System.getenv("YOGURT_CONFIG") == null
                  ? "embedded defaults"
                  : "config")
              + " OK");
      return ExitCodes.OK;
    }
  }

  /** Prints the effective config: every key, with defaults filled in, secrets redacted. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Print the effective config (every key with its value in force; secrets shown as ***).")
  static final class Show implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() throws Exception {
      Settings settings = Settings.load(common.configFile());
      ObjectMapper yaml =
          new ObjectMapper(
              new YAMLFactory()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
      System.out.print(yaml.writeValueAsString(settings.effective()));
      return ExitCodes.OK;
    }
  }
}
