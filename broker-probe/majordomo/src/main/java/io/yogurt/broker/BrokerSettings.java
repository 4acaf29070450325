package io.yogurt.broker;

import io.yogurt.config.ConfigSection;
import java.time.Duration;
import java.util.List;

/**
 * The {@code broker:} section.
 *
 * @param bind ZeroMQ endpoint the broker binds ({@code tcp://127.0.0.1:0} picks a free port)
 * @param heartbeatInterval how often broker and workers exchange heartbeats
 * @param heartbeatLiveness heartbeats a peer may miss before it counts as dead
 * @param requestExpiry how long a request may wait for a worker before it gets an error reply
 * @param statsLog file the broker appends JSON lines of statistics to; empty for none
 * @param statsInterval how often a stats line per service is written
 * @param management who may call management services: loopback, any or curve-allowlist
 * @param maxMessageBytes larger messages are refused by the socket (the peer is disconnected)
 * @param curve CURVE settings
 * @param advertise the endpoint peers, the probe and workers use to reach this broker (registry,
 *     peering); empty: the bound endpoint
 * @param peering the state flow and request path to peer brokers (off by default)
 */
public record BrokerSettings(
    String bind,
    Duration heartbeatInterval,
    int heartbeatLiveness,
    Duration requestExpiry,
    String statsLog,
    Duration statsInterval,
    String management,
    long maxMessageBytes,
    CurveSettings curve,
    String advertise,
    PeeringSettings peering) {

  public static final String DEFAULT_BIND = "tcp://127.0.0.1:5555";
  public static final List<String> MANAGEMENT = List.of("loopback", "any", "curve-allowlist");

  /** Reads the {@code broker:} section, collecting errors in it. */
  public static BrokerSettings from(ConfigSection s) {
    String bind = s.string("bind", DEFAULT_BIND);
    if (!bind.matches("(tcp|ipc|inproc)://.+")) {
      s.error("bind", "got '" + bind + "', expected an endpoint like tcp://127.0.0.1:5555");
    }
    Duration hb =
        s.duration(
            "heartbeat-interval",
            Duration.ofMillis(2500),
            Duration.ofMillis(10),
            Duration.ofMinutes(10));
    int liveness = s.integer("heartbeat-liveness", 3, 1, 100);
    Duration expiry =
        s.duration(
            "request-expiry", Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ofDays(1));
    String statsLog = s.string("stats-log", "");
    Duration statsInterval =
        s.duration(
            "stats-interval", Duration.ofSeconds(10), Duration.ofMillis(10), Duration.ofDays(1));
    String management = s.choice("management", "loopback", MANAGEMENT);
    long maxBytes = s.integer("max-message-bytes", 16 << 20, 1024, Integer.MAX_VALUE);
    CurveSettings curve = CurveSettings.from(s.section("curve"));
    if ("curve-allowlist".equals(management) && !curve.enabled()) {
      s.error("management", "curve-allowlist needs broker.curve.enabled: true");
    }
    String advertise = s.string("advertise", "");
    if (!advertise.isEmpty() && !advertise.matches("(tcp|ipc|inproc)://.+")) {
      s.error(
          "advertise", "got '" + advertise + "', expected an endpoint like tcp://10.0.0.5:5555");
    }
    PeeringSettings peering = PeeringSettings.from(s.section("peering"));
    return new BrokerSettings(
        bind,
        hb,
        liveness,
        expiry,
        statsLog,
        statsInterval,
        management,
        maxBytes,
        curve,
        advertise,
        peering);
  }

  /** Defaults with another bind endpoint (tests, the embedded broker). */
  public static BrokerSettings defaults(String bind) {
    return new BrokerSettings(
        bind,
        Duration.ofMillis(2500),
        3,
        Duration.ofSeconds(30),
        "",
        Duration.ofSeconds(10),
        "loopback",
        16 << 20,
        CurveSettings.OFF,
        "",
        PeeringSettings.OFF);
  }

  public BrokerSettings withHeartbeat(Duration interval, int liveness) {
    return new BrokerSettings(
        bind,
        interval,
        liveness,
        requestExpiry,
        statsLog,
        statsInterval,
        management,
        maxMessageBytes,
        curve,
        advertise,
        peering);
  }

  public BrokerSettings withRequestExpiry(Duration expiry) {
    return new BrokerSettings(
        bind,
        heartbeatInterval,
        heartbeatLiveness,
        expiry,
        statsLog,
        statsInterval,
        management,
        maxMessageBytes,
        curve,
        advertise,
        peering);
  }

  public BrokerSettings withStatsLog(String path, Duration interval) {
    return new BrokerSettings(
        bind,
        heartbeatInterval,
        heartbeatLiveness,
        requestExpiry,
        path,
        interval,
        management,
        maxMessageBytes,
        curve,
        advertise,
        peering);
  }

  public BrokerSettings withManagement(String who) {
    return new BrokerSettings(
        bind,
        heartbeatInterval,
        heartbeatLiveness,
        requestExpiry,
        statsLog,
        statsInterval,
        who,
        maxMessageBytes,
        curve,
        advertise,
        peering);
  }

  public BrokerSettings withCurve(CurveSettings c) {
    return new BrokerSettings(
        bind,
        heartbeatInterval,
        heartbeatLiveness,
        requestExpiry,
        statsLog,
        statsInterval,
        management,
        maxMessageBytes,
        c,
        advertise,
        peering);
  }

  public BrokerSettings withBind(String endpoint) {
    return new BrokerSettings(
        endpoint,
        heartbeatInterval,
        heartbeatLiveness,
        requestExpiry,
        statsLog,
        statsInterval,
        management,
        maxMessageBytes,
        curve,
        advertise,
        peering);
  }

  public BrokerSettings withPeering(PeeringSettings p) {
    return new BrokerSettings(
        bind,
        heartbeatInterval,
        heartbeatLiveness,
        requestExpiry,
        statsLog,
        statsInterval,
        management,
        maxMessageBytes,
        curve,
        advertise,
        p);
  }

  /** How long a silent peer lives. */
  public Duration expiry() {
    return heartbeatInterval.multipliedBy(heartbeatLiveness);
  }
}
