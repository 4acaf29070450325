package io.yogurt.autoscaler.loop;

import io.yogurt.models.ManualOverride;
import java.time.Instant;
import java.util.Optional;

/** The overrides people have set, as the loop reads them at each tick. */
public interface OverrideSource {

  Optional<ManualOverride> active(String pool, Instant now);

  OverrideSource NONE = (pool, now) -> Optional.empty();
}
