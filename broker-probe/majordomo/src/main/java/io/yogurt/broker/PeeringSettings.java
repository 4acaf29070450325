package io.yogurt.broker;

import io.yogurt.broker.curve.CurveKeys;
import io.yogurt.config.ConfigSection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code broker.peering:} section: brokers of one cluster tell each other several times a
 * second how many idle workers they have per service, and a broker whose requests find no idle
 * worker forwards them to a peer that has some (one hop at most). Off by default.
 *
 * <pre>
 * peering:
 *   enabled: true
 *   cluster: yogurt            # peers of another cluster are refused
 *   state-bind: tcp://127.0.0.1:0
 *   state-interval: 250ms
 *   peer-liveness: 8           # state intervals a peer may miss before it counts as gone
 *   peer-keys: ""              # directory of peers' public certificates (CURVE); empty: any key
 *   peers:                     # static peers; with a registry they are found there
 *     - endpoint: tcp://10.0.0.6:5555
 *       state: tcp://10.0.0.6:5556
 *       key: /etc/yogurt/peers/b.key
 * </pre>
 *
 * @param enabled whether this broker peers at all
 * @param cluster the name peers must share
 * @param stateBind where this broker publishes its state flow
 * @param stateInterval how often the state is published
 * @param peerLiveness state intervals a peer may miss before its forwarded requests come back
 * @param peerKeys directory of public certificates of peer brokers; empty accepts any key CURVE
 *     admits
 * @param peers peers configured by hand
 */
public record PeeringSettings(
    boolean enabled,
    String cluster,
    String stateBind,
    Duration stateInterval,
    int peerLiveness,
    String peerKeys,
    List<PeerAddress> peers) {

  public static final PeeringSettings OFF =
      new PeeringSettings(
          false, "yogurt", "tcp://127.0.0.1:0", Duration.ofMillis(250), 8, "", List.of());

  public PeeringSettings {
    peers = List.copyOf(peers);
  }

  /** Reads {@code broker.peering}. */
  public static PeeringSettings from(ConfigSection s) {
    boolean enabled = s.bool("enabled", false);
    String cluster = s.string("cluster", OFF.cluster());
    if (cluster.isBlank() || !cluster.matches("[A-Za-z0-9._-]+")) {
      s.error("cluster", "got '" + cluster + "', expected a name of letters, digits, . _ -");
    }
    String stateBind = s.string("state-bind", OFF.stateBind());
    if (!stateBind.matches("(tcp|ipc|inproc)://.+")) {
      s.error(
          "state-bind", "got '" + stateBind + "', expected an endpoint like tcp://127.0.0.1:5556");
    }
    Duration interval =
        s.duration(
            "state-interval", OFF.stateInterval(), Duration.ofMillis(10), Duration.ofSeconds(10));
    int liveness = s.integer("peer-liveness", OFF.peerLiveness(), 2, 1000);
    String peerKeys = s.string("peer-keys", "");
    List<PeerAddress> peers = new ArrayList<>();
    for (ConfigSection p : s.list("peers")) {
      String endpoint = p.string("endpoint", "");
      String state = p.string("state", "");
      String keyFile = p.string("key", "");
      if (!endpoint.matches("(tcp|ipc|inproc)://.+")) {
        p.error("endpoint", "got '" + endpoint + "', expected the peer's broker endpoint");
      }
      if (!state.matches("(tcp|ipc|inproc)://.+")) {
        p.error("state", "got '" + state + "', expected the peer's state-flow endpoint");
      }
      String key = "";
      if (!keyFile.isBlank()) {
        try {
          key = CurveKeys.load(Path.of(keyFile)).publicKeyZ85();
        } catch (IOException e) {
          p.error("key", e.getMessage());
        }
      }
      peers.add(new PeerAddress(endpoint, state, key));
    }
    return new PeeringSettings(enabled, cluster, stateBind, interval, liveness, peerKeys, peers);
  }

  /** How long a peer may stay silent before it counts as gone. */
  public Duration peerExpiry() {
    return stateInterval.multipliedBy(peerLiveness);
  }

  public PeeringSettings withPeers(List<PeerAddress> list) {
    return new PeeringSettings(
        enabled, cluster, stateBind, stateInterval, peerLiveness, peerKeys, list);
  }

  /** Peering on, for the named cluster, with the rest as given. */
  public static PeeringSettings on(String cluster) {
    return new PeeringSettings(
        true,
        cluster,
        OFF.stateBind(),
        OFF.stateInterval(),
        OFF.peerLiveness(),
        OFF.peerKeys(),
        List.of());
  }

  public PeeringSettings withState(Duration interval, int liveness) {
    return new PeeringSettings(enabled, cluster, stateBind, interval, liveness, peerKeys, peers);
  }

  public PeeringSettings withPeerKeys(String dir) {
    return new PeeringSettings(
        enabled, cluster, stateBind, stateInterval, peerLiveness, dir, peers);
  }
}
