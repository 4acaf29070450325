package io.yogurt.cli;

import java.lang.reflect.Constructor;
import java.time.InstantSource;
import picocli.CommandLine;

/**
 * Creates the commands, handing the clock to those that read the time, so that tests can fix "now"
 * instead of depending on the wall clock.
 */
final class ClockFactory implements CommandLine.IFactory {

  private final InstantSource clock;

  ClockFactory(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public <K> K create(Class<K> cls) throws Exception {
    try {
      Constructor<K> withClock = cls.getDeclaredConstructor(InstantSource.class);
      withClock.setAccessible(true);
      return withClock.newInstance(clock);
    } catch (NoSuchMethodException e) {
      return CommandLine.defaultFactory().create(cls);
    }
  }
}
