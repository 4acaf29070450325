package io.yogurt.history.embedded;

import io.yogurt.history.HistorySettings;
import io.yogurt.models.Sample;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process for {@link EmbeddedCrashTest}: appends ticks of {@code SAMPLES_PER_TICK} samples
 * forever, printing each tick number once its append returned.
 */
public final class AppendUntilKilled {

  static final int SAMPLES_PER_TICK = 50;
  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  public static void main(String[] args) throws Exception {
    try (EmbeddedHistory h = EmbeddedHistory.open(Path.of(args[0]), HistorySettings.DEFAULT)) {
      for (int tick = 0; ; tick++) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < SAMPLES_PER_TICK; i++) {
          samples.add(new Sample("svc" + i, "arrivals", T0.plus(Duration.ofSeconds(tick)), tick));
        }
        h.appendAndQueue(samples);
        System.out.println(tick);
        System.out.flush();
      }
    }
  }
}
