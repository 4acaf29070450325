package io.yogurt.autoscaler.admin;

import io.yogurt.autoscaler.loop.ControlLoop;
import io.yogurt.autoscaler.loop.PoolSettings;
import io.yogurt.models.ManualOverride;
import io.yogurt.models.Reason;
import io.yogurt.models.TickReport;
import io.yogurt.provider.supervisor.HostReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The service's status as plain maps, for JSON: pools, last decisions, sources, overrides. */
final class StatusView {

  private StatusView() {}

  static Map<String, Object> of(
      List<PoolSettings> pools,
      ControlLoop loop,
      List<TickReport> recent,
      List<ManualOverride> overrides) {
    Map<String, Object> out = new LinkedHashMap<>();
    TickReport last = recent.isEmpty() ? null : recent.get(recent.size() - 1);
    out.put("last_tick", last == null ? null : last.at().toString());
    out.put("lead_time_s", loop.leadTime().toMillis() / 1000.0);
    List<Object> poolViews = new ArrayList<>();
    for (PoolSettings p : pools) {
      String name = p.spec().name();
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("pool", name);
      v.put("service", p.spec().service());
      v.put("policy", p.policy());
      v.put("mode", loop.mode(name).text());
      v.put("min", p.spec().min());
      v.put("max", p.spec().max());
      v.put("lead_time_s", loop.leadTime(name).toMillis() / 1000.0);
      List<Object> decisions = new ArrayList<>();
      for (TickReport r : recent) {
        r.pools().stream()
            .filter(t -> t.pool().equals(name))
            .findFirst()
            .ifPresent(
                t -> {
                  Map<String, Object> d = new LinkedHashMap<>();
                  d.put("at", r.at().toString());
                  d.put("queued", t.queued());
                  d.put("arrivals_per_s", t.arrivalsPerSecond());
                  d.put(
                      "forecast_per_s",
                      Double.isNaN(t.forecastPerSecond()) ? null : t.forecastPerSecond());
                  d.put("workers_live", t.workersLive());
                  d.put("workers_busy", t.workersBusy());
                  d.put("instances", t.instances());
                  d.put("desired", t.decision() == null ? null : t.decision().desired());
                  d.put(
                      "reasons",
                      t.decision() == null
                          ? List.of()
                          : t.decision().reasons().stream().map(Reason::toString).toList());
                  d.put("actions", t.actionsTaken());
                  d.put("events", t.events().stream().map(Reason::toString).toList());
                  d.put("errors", t.errors());
                  decisions.add(d);
                });
      }
      v.put("recent", decisions);
      if (last != null) {
        last.pools().stream()
            .filter(t -> t.pool().equals(name))
            .findFirst()
            .ifPresent(
                t ->
                    v.put(
                        "instances",
                        t.instanceStates().stream()
                            .map(
                                i ->
                                    Map.of(
                                        "name",
                                        i.name(),
                                        "health",
                                        i.health(),
                                        "created_at",
                                        i.createdAt().toString()))
                            .toList()));
      }
      overrides.stream()
          .filter(o -> o.pool().equals(name))
          .findFirst()
          .ifPresent(o -> v.put("override", override(o)));
      poolViews.add(v);
    }
    out.put("pools", poolViews);
    List<Object> sources = new ArrayList<>();
    if (last != null) {
      for (TickReport.SourceStatus s : last.sources()) {
        sources.add(Map.of("name", s.name(), "ok", s.ok(), "detail", s.detail()));
      }
    }
    out.put("sources", sources);
    return out;
  }

  static Map<String, Object> host(HostReport h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("host", h.name());
    m.put("url", h.url());
    m.put("state", h.state());
    m.put("detail", h.detail());
    m.put("workers", h.workers());
    m.put("max_workers", h.maxWorkers());
    m.put("running", h.running());
    m.put("failed", h.failed());
    return m;
  }

  static Map<String, Object> override(ManualOverride o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pool", o.pool());
    m.put("kind", o.kind().name().toLowerCase(Locale.ROOT));
    m.put("count", o.count());
    m.put("until", o.until().toString());
    m.put("reason", o.reason());
    m.put("by", o.by());
    return m;
  }
}
