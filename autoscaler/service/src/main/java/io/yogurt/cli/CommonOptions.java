package io.yogurt.cli;

import io.yogurt.config.ConfigFile;
import io.yogurt.config.ConfigSection;
import io.yogurt.config.InvalidInputException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options every command takes: the config file and the state directory. Commands read their
 * sections with {@link #section(String)}, then call {@link #finishConfig()} once, which reports
 * unknown keys and every error at once.
 */
public final class CommonOptions {

  /** Where Yogurt keeps its state when --state-dir and YOGURT_STATE_DIR are not given. */
  public static final String DEFAULT_STATE_DIR = ".yogurt";

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML config (default: $YOGURT_CONFIG, else the embedded defaults).")
  Path config;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "Where state is kept (default: $YOGURT_STATE_DIR, else ./" + DEFAULT_STATE_DIR + ").")
  Path stateDir;

  private ConfigFile file;

  /** The config file given by --config or $YOGURT_CONFIG; the embedded defaults when neither. */
  public ConfigFile configFile() throws InvalidInputException {
    if (file == null) {
      Path path = config;
      if (path == null
          && System.getenv("YOGURT_CONFIG") != null
          && !System.getenv("YOGURT_CONFIG").isBlank()) {
        path = Path.of(System.getenv("YOGURT_CONFIG"));
      }
      file = path == null ? ConfigFile.none() : ConfigFile.read(path);
    }
    return file;
  }

  public ConfigSection section(String name) throws InvalidInputException {
    return configFile().root().section(name);
  }

  public void finishConfig() throws InvalidInputException {
    configFile().finish();
  }

  public Path stateDir() {
    if (stateDir != null) {
      return stateDir;
    }
    String env = System.getenv("YOGURT_STATE_DIR");
    return Path.of(env == null || env.isBlank() ? DEFAULT_STATE_DIR : env);
  }
}
