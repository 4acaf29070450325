package io.yogurt.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A parsed YAML config file: its root section and the errors collected while reading it. With no
 * file at all, the root is empty and every default applies.
 */
public final class ConfigFile {

  private final ConfigSection root;
  private final ConfigErrors errors;

  private ConfigFile(ConfigSection root, ConfigErrors errors) {
    this.root = root;
    this.errors = errors;
  }

  public static ConfigFile none() {
    ConfigErrors errors = new ConfigErrors("embedded defaults");
    return new ConfigFile(ConfigSection.empty("", errors), errors);
  }

  public static ConfigFile read(Path file) throws InvalidInputException {
    return read(file, System::getenv);
  }

  public static ConfigFile read(Path file, UnaryOperator<String> env) throws InvalidInputException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(file + ": config file does not exist");
    } catch (AccessDeniedException e) {
      throw new InvalidInputException(file + ": config file is not readable (permission denied)");
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot read config file (" + e.getMessage() + ")");
    }
    return parse(file.toString(), new StringReader(text), env);
  }

  public static ConfigFile parse(String source, Reader yaml, UnaryOperator<String> env)
      throws InvalidInputException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Node node;
    try {
      node = new Yaml(options).compose(yaml);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new InvalidInputException(
          source + " line " + line + ": malformed YAML: " + e.getProblem());
    } catch (YAMLException e) {
      throw new InvalidInputException(source + ": malformed YAML: " + e.getMessage());
    }
    ConfigErrors errors = new ConfigErrors(source);
    if (node == null) {
      return new ConfigFile(new ConfigSection("", null, errors, env), errors);
    }
    if (!(node instanceof MappingNode mapping)) {
      throw new InvalidInputException(
          source
              + " line "
              + (node.getStartMark().getLine() + 1)
              + ": expected a mapping of keys at the top level");
    }
    return new ConfigFile(new ConfigSection("", mapping, errors, env), errors);
  }

  public ConfigSection root() {
    return root;
  }

  /** Call after every section was read: reports unknown keys, then throws if anything was wrong. */
  public void finish() throws InvalidInputException {
    root.reportUnknownKeys();
    errors.throwIfAny();
  }
}
