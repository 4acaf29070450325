package io.yogurt.registry.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yogurt.broker.PeerAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a broker publishes about itself under the registry prefix (a JSON value, its key being the
 * prefix and the endpoint):
 *
 * <pre>
 * {"endpoint":"tcp://10.0.0.5:5555","state":"tcp://10.0.0.5:5556","cluster":"yogurt",
 *  "services":["echo"],"curveKey":"Z85 public key or empty"}
 * </pre>
 *
 * @param endpoint where clients, workers and the probe reach the broker
 * @param stateEndpoint its peering state flow, empty when it does not peer
 * @param cluster the peering cluster it belongs to
 * @param services services that have workers there
 * @param curveKey its CURVE public key (never a secret), empty without CURVE
 */
public record BrokerEntry(
    String endpoint, String stateEndpoint, String cluster, List<String> services, String curveKey) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public BrokerEntry {
    services = List.copyOf(services);
  }

  /** The key this entry lives under. */
  public String key(String prefix) {
    return prefix + endpoint;
  }

  public PeerAddress peerAddress() {
    return new PeerAddress(endpoint, stateEndpoint, curveKey);
  }

  public boolean serves(String service) {
    return services.contains(service);
  }

  public byte[] toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("endpoint", endpoint);
    o.put("state", stateEndpoint);
    o.put("cluster", cluster);
    services.forEach(o.putArray("services")::add);
    o.put("curveKey", curveKey);
    try {
      return JSON.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a registry entry", e);
    }
  }

  /**
   * Reads an entry; throws with a sentence naming what is wrong (the caller names the key).
   *
   * @throws IllegalArgumentException for a value that is not a broker entry
   */
  public static BrokerEntry parse(byte[] value) {
    JsonNode n;
    try {
      n = JSON.readTree(value);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "not JSON ("
              + new String(value, 0, Math.min(value.length, 40), StandardCharsets.UTF_8)
              + "...)");
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    String endpoint = n.path("endpoint").asText("");
    if (!endpoint.matches("(tcp|ipc|inproc)://.+")) {
      throw new IllegalArgumentException(
          "endpoint: got '" + endpoint + "', expected an endpoint like tcp://10.0.0.5:5555");
    }
    String state = n.path("state").asText("");
    if (!state.isEmpty() && !state.matches("(tcp|ipc|inproc)://.+")) {
      throw new IllegalArgumentException("state: got '" + state + "', expected an endpoint");
    }
    String curveKey = n.path("curveKey").asText("");
    if (!curveKey.isEmpty() && curveKey.length() != 40) {
      throw new IllegalArgumentException("curveKey: expected 40 Z85 characters");
    }
    List<String> services = new ArrayList<>();
    if (n.has("services") && !n.get("services").isArray()) {
      throw new IllegalArgumentException("services: expected a list of names");
    }
    n.path("services").forEach(s -> services.add(s.asText()));
    return new BrokerEntry(endpoint, state, n.path("cluster").asText(""), services, curveKey);
  }
}
