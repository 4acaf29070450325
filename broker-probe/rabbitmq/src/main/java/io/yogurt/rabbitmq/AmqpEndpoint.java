package io.yogurt.rabbitmq;

import io.yogurt.config.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and as whom to reach a RabbitMQ server: {@code amqp://user[:password]@host[:port]} (or
 * {@code amqps://} for TLS), a virtual host, and for TLS an optional CA certificate to trust. The
 * password never appears in {@link #toString()} or {@link #masked()}: URLs are shown as {@code
 * amqp://user:***@host:port}.
 */
public record AmqpEndpoint(
    boolean tls,
    String host,
    int port,
    String username,
    Secret password,
    String vhost,
    Path caCertificate) {

  /** Where a password comes from when the URL has none (the CLI, the local worker processes). */
  public static final String PASSWORD_ENV = "YOGURT_AMQP_PASSWORD";

  private static final Pattern USER_INFO =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^:/@\\s]*):[^@\\s]*@");

  public AmqpEndpoint {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(vhost, "vhost");
  }

  /**
   * Parses an AMQP URL.
   *
   * @param url {@code amqp://} or {@code amqps://}, with user and password, host, port; a path
   *     names the vhost (URL-encoded: {@code %2F} is {@code /})
   * @param vhost the vhost when not empty; else the URL's path; else {@code /}
   * @param password the password when the URL has none (may be empty)
   * @param ca for amqps, a PEM file of the CA to trust besides the JVM's; null for none
   * @throws IllegalArgumentException naming what is wrong, with the password masked
   */
  public static AmqpEndpoint parse(String url, String vhost, String password, Path ca) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "got '" + mask(url) + "', expected a URL like amqp://user@host:5672");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("amqp") && !scheme.equals("amqps")) {
      throw new IllegalArgumentException(
          "got '" + mask(url) + "', expected a URL that starts with amqp:// or amqps://");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException(
          "got '" + mask(url) + "', expected a host, like amqp://user@127.0.0.1:5672");
    }
    boolean tls = scheme.equals("amqps");
    int port = uri.getPort() > 0 ? uri.getPort() : (tls ? 5671 : 5672);
    String user = "guest";
    String pass = password == null ? "" : password;
    String info = uri.getRawUserInfo();
    if (info != null && !info.isEmpty()) {
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      if (colon >= 0) {
        pass = decode(info.substring(colon + 1));
      }
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String fromPath = path.length() > 1 ? decode(path.substring(1)) : "";
    String v = vhost != null && !vhost.isEmpty() ? vhost : fromPath.isEmpty() ? "/" : fromPath;
    return new AmqpEndpoint(tls, uri.getHost(), port, user, new Secret(pass), v, ca);
  }

  /** {@code amqp://user:***@host:port}: the URL as it may be shown. */
  public String masked() {
    return (tls ? "amqps" : "amqp") + "://" + username + ":***@" + host + ":" + port;
  }

  /** The masked URL with its vhost, for messages: {@code amqp://user:***@host:port vhost /}. */
  public String label() {
    return masked() + " vhost " + vhost;
  }

  /** The vhost as it goes into a management API path. */
  public String encodedVhost() {
    return URLEncoder.encode(vhost, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Replaces the password of every URL in {@code text} with {@code ***}. */
  public static String mask(String text) {
    return text == null ? "" : USER_INFO.matcher(text).replaceAll("$1:***@");
  }

  @Override
  public String toString() {
    return label();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
