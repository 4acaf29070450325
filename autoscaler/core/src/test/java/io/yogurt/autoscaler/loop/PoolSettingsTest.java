package io.yogurt.autoscaler.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.config.ConfigFile;
import io.yogurt.config.InvalidInputException;
import io.yogurt.models.Slo;
import java.io.StringReader;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A pool's SLO and the keys around it: read, defaulted, and refused with the key and range. */
class PoolSettingsTest {

  private static PoolSettings read(String pool) throws InvalidInputException {
    // One key per line, all under the pool.
    String indented =
        pool.lines()
            .filter(l -> !l.isBlank())
            .map(l -> "    " + l.strip() + "\n")
            .reduce("", String::concat);
    ConfigFile f =
        ConfigFile.parse("pools.yaml", new StringReader("pools:\n  web:\n" + indented), k -> null);
    PoolSettings p = PoolSettings.from("web", f.root().section("pools").section("web"));
    f.finish();
    return p;
  }

  @Test
  void readsTheSlo() throws InvalidInputException {
    PoolSettings p =
        read(
            """
                slo: {wait: 2s, percentile: 99, good-minutes: 99.9%}
                demand-quantile: 98%
                minimum-billed: 1h
            """);
    assertEquals(new Slo(Duration.ofSeconds(2), 0.99, 0.999), p.spec().slo());
    assertEquals(0.98, p.spec().plannedDemandQuantile(), 1e-12);
    assertEquals(Duration.ofHours(1), p.spec().minimumBilled());
  }

  @Test
  void defaultsPlanForTheSharesOfGoodMinutes() throws InvalidInputException {
    PoolSettings p = read("min: 1");
    assertEquals(Slo.DEFAULT, p.spec().slo());
    assertEquals(0.995, p.spec().plannedDemandQuantile(), 1e-12);
    assertTrue(Double.isNaN(p.spec().demandQuantile()), "auto");
    assertEquals(Duration.ofMinutes(1), p.spec().minimumBilled());
    assertEquals(10, p.spec().stepUpLimit(3), "max-step-up for a small pool");
    assertEquals(40, p.spec().stepUpLimit(40), "the pool's size for a big one");
  }

  @Test
  void readsTheStepUpShare() throws InvalidInputException {
    assertEquals(20, read("max-step-up-percent: 50%").spec().stepUpLimit(40));
    assertEquals(10, read("max-step-up-percent: 0%").spec().stepUpLimit(40));
  }

  @ParameterizedTest(name = "{0} -> error naming {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "slo: {percentile: 100}|pools.web.slo.percentile|[50%, 99.9%]",
        "slo: {good-minutes: 101%}|pools.web.slo.good-minutes|[50%, 99.99%]",
        "slo: {good-minutes: lots}|pools.web.slo.good-minutes|such as 99.5%",
        "slo: {wait: 0s}|pools.web.slo.wait|[100ms, 1h]",
        "slo: {wiat: 5s}|pools.web.slo.wiat|did you mean 'wait'",
        "demand-quantile: 30%|pools.web.demand-quantile|[50%, 99.99%]",
        "max-step-up-percent: -5%|pools.web.max-step-up-percent|[0%, 10000%]",
      })
  void outOfRangeIsAnErrorNamingTheKeyAndTheRange(String yaml, String key, String range) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(yaml));
    assertTrue(e.getMessage().contains(key), e.getMessage());
    assertTrue(e.getMessage().contains(range), e.getMessage());
  }
}
