package io.yogurt.cli;

import io.yogurt.config.InvalidInputException;
import io.yogurt.registry.etcd.RegistrySettings;

/** The {@code --registry etcd://...} option of the broker, worker and probe commands. */
final class RegistryOption {

  static final String DESCRIPTION =
      "Broker registry in etcd: " + RegistrySettings.FORM + " (see docs/federation.md).";

  private RegistryOption() {}

  /** The option's value parsed, or {@code fallback} when it was not given. */
  static RegistrySettings parse(String url, RegistrySettings fallback)
      throws InvalidInputException {
    if (url == null) {
      return fallback;
    }
    return RegistrySettings.parse(url, fallback.ttl(), fallback.timeout())
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "--registry: got '" + url + "', expected " + RegistrySettings.FORM));
  }
}
