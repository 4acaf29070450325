package io.yogurt.autoscaler.service;

import io.yogurt.models.BrokerReading;
import io.yogurt.models.LoadProbe;
import io.yogurt.models.Observation;
import io.yogurt.models.WorkerControl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Several kinds of broker seen as one: an observation holds every probe's readings, and a drain
 * goes to each until one knows the worker. A probe that throws is a reading marked unreachable,
 * never the end of the tick.
 */
final class CompositeProbe implements LoadProbe, WorkerControl {

  /** A probe and the control that drains its workers. */
  record Part(String name, LoadProbe probe, WorkerControl control) {}

  private final List<Part> parts;

  CompositeProbe(List<Part> parts) {
    this.parts = List.copyOf(parts);
  }

  @Override
  public Observation observe(Instant now) {
    List<BrokerReading> readings = new ArrayList<>();
    for (Part p : parts) {
      try {
        readings.addAll(p.probe().observe(now).brokers());
      } catch (RuntimeException e) {
        readings.add(BrokerReading.unreachable(p.name(), e.toString()));
      }
    }
    return new Observation(now, readings);
  }

  @Override
  public boolean drain(String workerIdentity) {
    for (Part p : parts) {
      if (p.control().drain(workerIdentity)) {
        return true;
      }
    }
    return false;
  }
}
