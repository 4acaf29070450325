package io.yogurt.autoscaler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.yogurt.config.ConfigFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** config/yogurt.example.yaml lists every key, each with its default, and nothing else. */
class ExampleConfigTest {

  private static final Path EXAMPLE = Path.of("..", "..", "config", "yogurt.example.yaml");

  @Test
  void theExampleIsTheDefaultsKeyForKey() throws Exception {
    Settings example = Settings.load(ConfigFile.read(EXAMPLE, name -> null));
    Settings defaults = Settings.load(ConfigFile.none());
    assertEquals(
        defaults.effective(), example.effective(), "every value in the example is the default");

    @SuppressWarnings("unchecked")
    Map<String, Object> written =
        new ObjectMapper(new YAMLFactory()).readValue(EXAMPLE.toFile(), Map.class);
    assertEquals(keys("", defaults.effective()), keys("", written), "the example lists every key");
  }

  private static TreeSet<String> keys(String prefix, Map<?, ?> map) {
    TreeSet<String> out = new TreeSet<>();
    map.forEach(
        (k, v) -> {
          String path = prefix + k;
          if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            out.addAll(keys(path + ".", m));
          } else {
            out.add(path);
          }
        });
    return out;
  }
}
