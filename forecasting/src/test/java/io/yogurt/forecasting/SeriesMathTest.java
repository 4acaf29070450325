package io.yogurt.forecasting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.yogurt.models.Series;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SeriesMathTest {

  @Test
  void sumToAddsStepsAndKeepsEmptyStepsAsGaps() {
    double nan = Double.NaN;
    Series s =
        new Series(Synthetic.START, Duration.ofMinutes(1), new double[] {1, 2, nan, nan, 5, nan});
    Series five = SeriesMath.sumTo(s, Duration.ofMinutes(2));
    // [1,2] -> 3; [nan,nan] -> gap; [5,nan] -> 5 scaled to the whole step = 10.
    assertArrayEquals(new double[] {3, nan, 10}, five.values(), 1e-9);
    assertEquals(Duration.ofMinutes(2), five.step());
  }

  @Test
  void sumToRefusesAStepThatIsNotAMultiple() {
    Series s = new Series(Synthetic.START, Duration.ofMinutes(2), new double[] {1, 2});
    assertThrows(IllegalArgumentException.class, () -> SeriesMath.sumTo(s, Duration.ofMinutes(3)));
  }

  @Test
  void quantileInterpolatesAndSkipsGaps() {
    assertEquals(2.5, SeriesMath.quantile(new double[] {4, 1, Double.NaN, 2, 3}, 0.5), 1e-9);
    assertEquals(4, SeriesMath.quantile(new double[] {4, 1, 2, 3}, 1.0), 1e-9);
  }
}
