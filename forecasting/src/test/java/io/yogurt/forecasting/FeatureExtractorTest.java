package io.yogurt.forecasting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.yogurt.models.Series;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {

  private final Series s = Synthetic.seasonal(Duration.ofMinutes(5), 9, 3, 1);
  private final FeatureExtractor fx =
      new FeatureExtractor(s.start(), s.step(), 100, FeatureExtractor.Anchor.DAY_AGO);

  @Test
  void rowsReadNothingAtOrAfterTheOrigin() {
    int origin = 2000;
    double[] poisoned = s.values().clone();
    Arrays.fill(poisoned, origin, poisoned.length, 1e9);
    for (int ahead = 1; ahead <= 12; ahead++) {
      assertArrayEquals(fx.row(s.values(), origin, ahead), fx.row(poisoned, origin, ahead), 0.0);
    }
  }

  @Test
  void gapsAreFilledFromOtherEstimatesNotZeros() {
    double[] v = s.values().clone();
    int origin = 2000;
    Arrays.fill(v, origin - 300, origin, Double.NaN); // the last 25 hours are missing
    double[] row = fx.row(v, origin, 3);
    assertFalse(Arrays.stream(row).anyMatch(Double::isNaN), Arrays.toString(row));
    // No data in the last day: the recent level falls back to the training mean, not to 0.
    assertEquals(100, row[1], 1e-9);
  }

  @Test
  void dayAgoIsTheTargetsValueOneDayEarlier() {
    int origin = 2000;
    int day = 288;
    double[] row = fx.row(s.values(), origin, 5);
    assertEquals(s.valueAt(origin + 4 - day), row[FeatureExtractor.NAMES.indexOf("day_ago")], 1e-9);
    assertEquals(s.valueAt(origin + 4 - day), fx.baseline(row), 1e-9);
  }

  @Test
  void calendarTermsDescribeTheTargetTime() {
    // Index 0 is midnight: the time-of-day sine is 0 and the cosine 1.
    double[] row = fx.row(s.values(), 288 * 8, 1);
    assertEquals(0, row[FeatureExtractor.NAMES.indexOf("tod_sin1")], 1e-9);
    assertEquals(1, row[FeatureExtractor.NAMES.indexOf("tod_cos1")], 1e-9);
  }
}
