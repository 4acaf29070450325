package io.yogurt.registry.etcd;

import io.yogurt.config.ConfigSection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code registry:} section: where brokers register and are found.
 *
 * <pre>
 * registry:
 *   url: etcd://10.0.0.2:2379,10.0.0.3:2379/yogurt/brokers/   # empty: no registry
 *   ttl: 10s       # a broker's key outlives it by at most this (its lease)
 *   timeout: 2s    # per call to etcd
 * </pre>
 *
 * @param url the registry URL as written; empty when there is none
 * @param endpoints etcd's client endpoints (http)
 * @param prefix the key prefix brokers register under, ending in '/'
 * @param ttl the lease of a broker's key
 * @param timeout how long one call to etcd may take
 */
public record RegistrySettings(
    String url, List<URI> endpoints, String prefix, Duration ttl, Duration timeout) {

  public static final String DEFAULT_PREFIX = "/yogurt/brokers/";
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  public static final RegistrySettings NONE =
      new RegistrySettings("", List.of(), DEFAULT_PREFIX, DEFAULT_TTL, DEFAULT_TIMEOUT);

  /** What a registry URL looks like, for error messages. */
  public static final String FORM = "etcd://HOST:PORT[,HOST:PORT...][/PREFIX/]";

  public RegistrySettings {
    endpoints = List.copyOf(endpoints);
  }

  /** Reads {@code registry:}. */
  public static RegistrySettings from(ConfigSection s) {
    String url = s.string("url", "");
    Duration ttl = s.duration("ttl", DEFAULT_TTL, Duration.ofSeconds(1), Duration.ofHours(1));
    Duration timeout =
        s.duration("timeout", DEFAULT_TIMEOUT, Duration.ofMillis(50), Duration.ofMinutes(1));
    if (url.isEmpty()) {
      return new RegistrySettings("", List.of(), DEFAULT_PREFIX, ttl, timeout);
    }
    Optional<RegistrySettings> parsed = parse(url, ttl, timeout);
    if (parsed.isEmpty()) {
      s.error("url", "got '" + url + "', expected " + FORM);
      return new RegistrySettings("", List.of(), DEFAULT_PREFIX, ttl, timeout);
    }
    return parsed.get();
  }

  /** Parses a registry URL such as {@code etcd://127.0.0.1:2379/yogurt/brokers/}. */
  public static Optional<RegistrySettings> parse(String url, Duration ttl, Duration timeout) {
    if (!url.startsWith("etcd://")) {
      return Optional.empty();
    }
    String rest = url.substring("etcd://".length());
    int slash = rest.indexOf('/');
    String hosts = slash < 0 ? rest : rest.substring(0, slash);
    String prefix =
        slash < 0 || slash == rest.length() - 1 ? DEFAULT_PREFIX : rest.substring(slash);
    if (!prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    List<URI> endpoints = new ArrayList<>();
    for (String h : hosts.split(",")) {
      if (!h.matches("[A-Za-z0-9._\\-]+:[0-9]{1,5}")) {
        return Optional.empty();
      }
      endpoints.add(URI.create("http://" + h));
    }
    return Optional.of(new RegistrySettings(url, endpoints, prefix, ttl, timeout));
  }

  /** Parses a URL with the default lease and timeout (the worker's {@code --registry}). */
  public static Optional<RegistrySettings> parse(String url) {
    return parse(url, DEFAULT_TTL, DEFAULT_TIMEOUT);
  }

  public boolean enabled() {
    return !endpoints.isEmpty();
  }

  public RegistrySettings withTtl(Duration t) {
    return new RegistrySettings(url, endpoints, prefix, t, timeout);
  }
}
