package io.yogurt.broker.worker;

import io.yogurt.broker.curve.CurveClient;
import io.yogurt.broker.mdp.MdpVersion;
import java.time.Duration;

/**
 * How a worker connects.
 *
 * @param endpoint broker endpoint
 * @param service service it serves
 * @param name socket identity: the name of the instance it runs on
 * @param heartbeatInterval must match the broker's
 * @param heartbeatLiveness missed broker heartbeats before reconnecting
 * @param reconnectMin shortest reconnect delay (the n-th waits up to reconnectMin * 2^n, with
 *     jitter, at most reconnectMax: the house's one Backoff)
 * @param reconnectMax longest reconnect delay
 * @param version MDP version to speak
 * @param curve CURVE keys, or null for plain TCP
 */
public record WorkerSettings(
    String endpoint,
    String service,
    String name,
    Duration heartbeatInterval,
    int heartbeatLiveness,
    Duration reconnectMin,
    Duration reconnectMax,
    MdpVersion version,
    CurveClient curve) {

  public static WorkerSettings of(String endpoint, String service, String name) {
    return new WorkerSettings(
        endpoint,
        service,
        name,
        Duration.ofMillis(2500),
        3,
        Duration.ofSeconds(1),
        Duration.ofSeconds(32),
        MdpVersion.V01,
        null);
  }

  public WorkerSettings withHeartbeat(Duration interval, int liveness) {
    return new WorkerSettings(
        endpoint, service, name, interval, liveness, reconnectMin, reconnectMax, version, curve);
  }

  public WorkerSettings withReconnect(Duration min, Duration max) {
    return new WorkerSettings(
        endpoint, service, name, heartbeatInterval, heartbeatLiveness, min, max, version, curve);
  }

  public WorkerSettings withVersion(MdpVersion v) {
    return new WorkerSettings(
        endpoint,
        service,
        name,
        heartbeatInterval,
        heartbeatLiveness,
        reconnectMin,
        reconnectMax,
        v,
        curve);
  }

  public WorkerSettings withCurve(CurveClient c) {
    return new WorkerSettings(
        endpoint,
        service,
        name,
        heartbeatInterval,
        heartbeatLiveness,
        reconnectMin,
        reconnectMax,
        version,
        c);
  }
}
