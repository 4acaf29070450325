package io.yogurt.broker;

import io.yogurt.config.ConfigSection;

/**
 * CURVE encryption and authentication for the broker socket.
 *
 * @param enabled whether the broker is a CURVE server
 * @param serverKey the broker's secret certificate file (written by {@code yogurt keys generate})
 * @param clients directory of public certificates allowed to connect; empty allows any client that
 *     knows the server's public key
 * @param management directory of public certificates allowed to call management services when
 *     {@code broker.management} is {@code curve-allowlist}
 */
public record CurveSettings(boolean enabled, String serverKey, String clients, String management) {

  public static final CurveSettings OFF = new CurveSettings(false, "", "", "");

  /** Reads {@code broker.curve}. */
  public static CurveSettings from(ConfigSection s) {
    boolean enabled = s.bool("enabled", false);
    String serverKey = s.string("server-key", "");
    String clients = s.string("clients", "");
    String management = s.string("management", "");
    if (enabled && serverKey.isBlank()) {
      s.error(
          "server-key",
          "expected the path of the broker's secret certificate when curve.enabled"
              + " is true (create one with: yogurt keys generate --out DIR --name broker)");
    }
    return new CurveSettings(enabled, serverKey, clients, management);
  }
}
