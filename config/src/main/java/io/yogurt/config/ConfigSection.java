package io.yogurt.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One mapping of the YAML config, read key by key. Readers never throw: a missing key gives its
 * default, a bad value records an error naming the key path and line and gives the default, so that
 * every error is collected in one pass. Every key read is remembered with its effective value
 * (which makes {@code config show} and the example config), and keys nobody read are reported as
 * unknown by {@link #reportUnknownKeys()}.
 *
 * <p>Each module reads its own section: {@code BrokerSettings.from(root.section("broker"))}.
 */
public final class ConfigSection {

  private final String path;
  private final MappingNode node;
  private final ConfigErrors errors;
  private final UnaryOperator<String> env;
  private final Map<String, Object> effective = new LinkedHashMap<>();
  private final Set<String> read = new LinkedHashSet<>();
  private final List<ConfigSection> children = new ArrayList<>();

  ConfigSection(String path, MappingNode node, ConfigErrors errors, UnaryOperator<String> env) {
    this.path = path;
    this.node = node;
    this.errors = errors;
    this.env = env;
  }

  /** A section with no keys: every read gives the default. */
  public static ConfigSection empty(String path, ConfigErrors errors) {
    return new ConfigSection(path, null, errors, System::getenv);
  }

  /** The dotted path of this section ("" for the root). */
  public String path() {
    return path;
  }

  /** True when the file has this section (even empty). */
  public boolean present() {
    return node != null;
  }

  /** Keys this section has in the file, in file order. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    if (node != null) {
      for (NodeTuple t : node.getValue()) {
        keys.add(scalarText(t.getKeyNode()));
      }
    }
    return keys;
  }

  public boolean has(String key) {
    return find(key) != null;
  }

  /** The nested mapping under {@code key}; an absent one reads as empty. */
  public ConfigSection section(String key) {
    read.add(key);
    Node value = find(key);
    MappingNode mapping = null;
    if (value instanceof MappingNode m) {
      mapping = m;
    } else if (value != null && !isNull(value)) {
      error(key, "expected a mapping of keys, got " + describe(value));
    }
    ConfigSection child = new ConfigSection(child(key), mapping, errors, env);
    children.add(child);
    effective.put(key, child.effective);
    return child;
  }

  /** A mapping of named sections, such as pools by name. */
  public Map<String, ConfigSection> sections(String key) {
    ConfigSection holder = section(key);
    Map<String, ConfigSection> named = new LinkedHashMap<>();
    for (String name : holder.keys()) {
      named.put(name, holder.section(name));
    }
    return named;
  }

  /** A list of mappings. */
  public List<ConfigSection> list(String key) {
    read.add(key);
    Node value = find(key);
    List<ConfigSection> items = new ArrayList<>();
    List<Object> shown = new ArrayList<>();
    if (value instanceof SequenceNode seq) {
      int i = 0;
      for (Node item : seq.getValue()) {
        String itemPath = child(key) + "[" + i++ + "]";
        if (item instanceof MappingNode m) {
          ConfigSection s = new ConfigSection(itemPath, m, errors, env);
          children.add(s);
          items.add(s);
          shown.add(s.effective);
        } else {
          errors.add(itemPath, line(item), "expected a mapping of keys, got " + describe(item));
        }
      }
    } else if (value != null && !isNull(value)) {
      error(key, "expected a list, got " + describe(value));
    }
    effective.put(key, shown);
    return items;
  }

  public String string(String key, String defaultValue) {
    String v = rawScalar(key).orElse(defaultValue);
    effective.put(key, v);
    return v;
  }

  /**
   * A string shown among the effective values as {@code shown} renders it: a URL that may carry a
   * password is shown with the password masked.
   */
  public String string(String key, String defaultValue, UnaryOperator<String> shown) {
    String v = string(key, defaultValue);
    effective.put(key, shown.apply(v));
    return v;
  }

  /** A string that must be one of {@code allowed}. */
  public String choice(String key, String defaultValue, List<String> allowed) {
    Optional<String> raw = rawScalar(key);
    String v = defaultValue;
    if (raw.isPresent()) {
      if (allowed.contains(raw.get())) {
        v = raw.get();
      } else {
        error(
            key,
            "got '"
                + raw.get()
                + "', expected one of "
                + String.join(", ", allowed)
                + Suggest.didYouMean(raw.get(), allowed));
      }
    }
    effective.put(key, v);
    return v;
  }

  public int integer(String key, int defaultValue, int min, int max) {
    Optional<String> raw = rawScalar(key);
    int v = defaultValue;
    if (raw.isPresent()) {
      try {
        int parsed = Integer.parseInt(raw.get().trim());
        if (parsed < min || parsed > max) {
          error(key, "got " + parsed + ", expected an integer in [" + min + ", " + max + "]");
        } else {
          v = parsed;
        }
      } catch (NumberFormatException e) {
        error(key, "got '" + raw.get() + "', expected an integer in [" + min + ", " + max + "]");
      }
    }
    effective.put(key, v);
    return v;
  }

  public double number(String key, double defaultValue, double min, double max) {
    Optional<String> raw = rawScalar(key);
    double v = defaultValue;
    if (raw.isPresent()) {
      try {
        double parsed = Double.parseDouble(raw.get().trim());
        if (!(parsed >= min && parsed <= max)) {
          error(key, "got " + raw.get() + ", expected a number in [" + min + ", " + max + "]");
        } else {
          v = parsed;
        }
      } catch (NumberFormatException e) {
        error(key, "got '" + raw.get() + "', expected a number in [" + min + ", " + max + "]");
      }
    }
    effective.put(key, v);
    return v;
  }

  public boolean bool(String key, boolean defaultValue) {
    Optional<String> raw = rawScalar(key);
    boolean v = defaultValue;
    if (raw.isPresent()) {
      switch (raw.get().trim().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on" -> v = true;
        case "false", "no", "off" -> v = false;
        default -> error(key, "got '" + raw.get() + "', expected true or false");
      }
    }
    effective.put(key, v);
    return v;
  }

  /** A duration such as {@code 10s}, {@code 5m}, {@code 2h}, {@code 7d}, within [min, max]. */
  public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
    Optional<String> raw = rawScalar(key);
    Duration v = defaultValue;
    if (raw.isPresent()) {
      Optional<Duration> parsed = DurationText.parse(raw.get());
      String range = "[" + DurationText.format(min) + ", " + DurationText.format(max) + "]";
      if (parsed.isEmpty()) {
        error(key, "got '" + raw.get() + "', expected a duration like 10s, 5m, 2h in " + range);
      } else if (parsed.get().compareTo(min) < 0 || parsed.get().compareTo(max) > 0) {
        error(key, "got " + raw.get() + ", expected a duration in " + range);
      } else {
        v = parsed.get();
      }
    }
    effective.put(key, DurationText.format(v));
    return v;
  }

  /** A list of strings; a single string reads as a list of one. */
  public List<String> strings(String key, List<String> defaultValue) {
    read.add(key);
    Node value = find(key);
    List<String> v = defaultValue;
    if (value instanceof SequenceNode seq) {
      List<String> items = new ArrayList<>();
      for (Node item : seq.getValue()) {
        if (item instanceof ScalarNode s) {
          items.add(substitute(key, s));
        } else {
          error(key, "expected a list of strings, got an item that is " + describe(item));
        }
      }
      v = items;
    } else if (value instanceof ScalarNode s && !isNull(s)) {
      v = List.of(substitute(key, s));
    } else if (value != null && !isNull(value)) {
      error(key, "expected a list of strings, got " + describe(value));
    }
    effective.put(key, List.copyOf(v));
    return List.copyOf(v);
  }

  /** A secret, usually {@code ${ENV_VAR}}; shown as *** everywhere. */
  public Secret secret(String key, String defaultValue) {
    Secret s = new Secret(rawScalar(key).orElse(defaultValue));
    effective.put(key, s.toString());
    return s;
  }

  /** Records an error against a key of this section (for checks across keys, like min > max). */
  public void error(String key, String message) {
    Node value = find(key);
    errors.add(child(key), value == null ? (node == null ? 0 : line(node)) : line(value), message);
  }

  /** The effective values read so far, defaults included, secrets redacted. */
  public Map<String, Object> effective() {
    return effective;
  }

  /** Reports keys in the file that no reader asked for, with a did-you-mean, recursively. */
  public void reportUnknownKeys() {
    if (node != null) {
      for (NodeTuple t : node.getValue()) {
        String key = scalarText(t.getKeyNode());
        if (!read.contains(key)) {
          errors.add(
              child(key), line(t.getKeyNode()), "unknown key" + Suggest.didYouMean(key, read));
        }
      }
    }
    for (ConfigSection c : children) {
      c.reportUnknownKeys();
    }
  }

  private Optional<String> rawScalar(String key) {
    read.add(key);
    Node value = find(key);
    if (value == null || isNull(value)) {
      return Optional.empty();
    }
    if (value instanceof ScalarNode s) {
      return Optional.of(substitute(key, s));
    }
    error(key, "expected a single value, got " + describe(value));
    return Optional.empty();
  }

  private String substitute(String key, ScalarNode s) {
    return EnvSubstitution.apply(
        s.getValue(),
        env,
        missing ->
            errors.add(child(key), line(s), "environment variable " + missing + " is not set"));
  }

  private Node find(String key) {
    if (node == null) {
      return null;
    }
    for (NodeTuple t : node.getValue()) {
      if (key.equals(scalarText(t.getKeyNode()))) {
        return t.getValueNode();
      }
    }
    return null;
  }

  private String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String scalarText(Node n) {
    return n instanceof ScalarNode s ? s.getValue() : String.valueOf(n);
  }

  private static boolean isNull(Node n) {
    return n instanceof ScalarNode s && "tag:yaml.org,2002:null".equals(s.getTag().getValue());
  }

  private static int line(Node n) {
    return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
  }

  private static String describe(Node n) {
    if (n instanceof MappingNode) {
      return "a mapping";
    }
    if (n instanceof SequenceNode) {
      return "a list";
    }
    return "'" + scalarText(n) + "'";
  }
}
