package io.yogurt.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimeTextTest {

  @Test
  void everyDocumentedFormReadsInUtcUnlessAnOffsetIsGiven() {
    Instant noon = Instant.parse("2026-03-01T12:00:00Z");
    assertEquals(Optional.of(Instant.parse("2026-03-01T00:00:00Z")), TimeText.parse("2026-03-01"));
    assertEquals(Optional.of(noon), TimeText.parse("2026-03-01 12:00"));
    assertEquals(Optional.of(noon.plusSeconds(30)), TimeText.parse("2026-03-01T12:00:30"));
    assertEquals(Optional.of(noon), TimeText.parse(" 2026-03-01T12:00:00Z "));
    assertEquals(Optional.of(noon), TimeText.parse("2026-03-01T14:00:00+02:00"));
  }

  @Test
  void anythingElseNamesTheOptionAndTheForms() {
    assertEquals(Optional.empty(), TimeText.parse("yesterday"));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> TimeText.parse("--from", "03/01/2026"));
    assertTrue(e.getMessage().startsWith("--from: got '03/01/2026', expected a time like"));
  }
}
