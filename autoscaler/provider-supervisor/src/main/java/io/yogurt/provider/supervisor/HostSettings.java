package io.yogurt.provider.supervisor;

import io.yogurt.config.ConfigSection;
import io.yogurt.config.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * One server under {@code supervisor.hosts}: where its supervisord's XML-RPC interface answers, the
 * credentials (the password never printed), how many Yogurt workers it may run, and how to reach it
 * over SSH for {@code yogurt hosts install}.
 *
 * @param name short name, part of every instance name on it ({@code <pool>-<name>-00})
 * @param url the XML-RPC endpoint, {@code http://host:port/RPC2} (private network or SSH tunnel)
 * @param maxWorkers most Yogurt workers on this host, all pools together; also each pool's number
 *     of process slots there
 * @param ssh {@code user@host} for {@code yogurt hosts install}; empty: the URL's host as the
 *     current user
 */
public record HostSettings(
    String name, URI url, String username, Secret password, int maxWorkers, String ssh) {

  /** Host and pool names go into process names and worker identities: keep them plain. */
  static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?");

  /** Where the password comes from when the host's entry gives none. */
  public static final String PASSWORD_ENV = "YOGURT_SUPERVISOR_PASSWORD";

  static HostSettings from(ConfigSection s, UnaryOperator<String> env) {
    String name = s.string("name", "");
    if (!NAME.matcher(name).matches()) {
      s.error(
          "name",
          "got '"
              + name
              + "', expected a short host name of lowercase letters, digits and '-' (it goes into"
              + " instance names)");
    }
    String url = s.string("url", "");
    URI uri = uri(s, url);
    Secret password = s.secret("password", "");
    if (password.isEmpty()) {
      String fromEnv = env.apply(PASSWORD_ENV);
      password = new Secret(fromEnv == null ? "" : fromEnv);
    }
    return new HostSettings(
        name,
        uri,
        s.string("username", "yogurt"),
        password,
        s.integer("max-workers", 4, 1, 1000),
        s.string("ssh", ""));
  }

  private static URI uri(ConfigSection s, String url) {
    try {
      URI u = new URI(url);
      if (("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
          && u.getHost() != null
          && u.getUserInfo() == null) {
        return u.getPath() == null || u.getPath().isEmpty() ? u.resolve("/RPC2") : u;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    s.error(
        "url",
        "got '"
            + url
            + "', expected supervisord's XML-RPC URL such as http://10.0.0.5:9001/RPC2 (no"
            + " credentials in it: use username and password)");
    return URI.create("http://invalid.invalid/RPC2");
  }

  /** The URL as shown: never with credentials, which it cannot hold. */
  public String where() {
    return name + " (" + url + ")";
  }

  /** {@code user@host} to reach the host over SSH. */
  public String sshTarget() {
    return ssh.isEmpty() ? url.getHost() : ssh;
  }
}
