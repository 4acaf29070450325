package io.yogurt.autoscaler.ha;

import io.yogurt.config.ConfigSection;
import io.yogurt.config.Secret;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * High availability ({@code ha:} in YAML): when enabled with {@code backend: postgres} (the
 * default), every instance configured with the same {@code jdbc-url} shares one Quartz schedule in
 * PostgreSQL, so each job run happens on exactly one live instance, and a dead instance's work is
 * taken over after about {@code check-in-interval} + 7.5 s. With {@code backend: etcd}, the
 * instances elect one leader under a lease in the etcd of {@code registry.url}, and only the leader
 * ticks. Disabled (the default), the schedule is in memory.
 */
public record HaSettings(
    boolean enabled,
    String backend,
    String jdbcUrl,
    String username,
    Secret password,
    String instanceId,
    Duration checkInInterval) {

  public static final Duration DEFAULT_CHECK_IN = Duration.ofSeconds(5);
  public static final String POSTGRES = "postgres";
  public static final String ETCD = "etcd";

  /** PostgreSQL settings (the backend before etcd existed). */
  public HaSettings(
      boolean enabled,
      String jdbcUrl,
      String username,
      Secret password,
      String instanceId,
      Duration checkInInterval) {
    this(enabled, POSTGRES, jdbcUrl, username, password, instanceId, checkInInterval);
  }

  public static HaSettings disabled() {
    return new HaSettings(false, "", "", new Secret(""), defaultInstanceId(), DEFAULT_CHECK_IN);
  }

  /** True when the instances share Quartz's schedule in PostgreSQL. */
  public boolean onPostgres() {
    return enabled && POSTGRES.equals(backend);
  }

  /** True when the instances elect a leader in etcd. */
  public boolean onEtcd() {
    return enabled && ETCD.equals(backend);
  }

  public static HaSettings from(ConfigSection s) {
    boolean enabled = s.bool("enabled", false);
    String backend = s.choice("backend", POSTGRES, List.of(POSTGRES, ETCD));
    String url = s.string("jdbc-url", "");
    String username = s.string("username", "");
    Secret password = s.secret("password", "");
    // Empty by default (so the effective configuration is the same everywhere), meaning host-pid.
    String instanceId = s.string("instance-id", "");
    Duration checkIn =
        s.duration(
            "check-in-interval", DEFAULT_CHECK_IN, Duration.ofMillis(500), Duration.ofMinutes(5));
    if (enabled && POSTGRES.equals(backend) && !url.startsWith("jdbc:postgresql:")) {
      s.error(
          "jdbc-url",
          "got '"
              + url
              + "', expected a PostgreSQL JDBC URL like "
              + "jdbc:postgresql://127.0.0.1:5432/yogurt (required when ha.enabled is true"
              + " with backend postgres)");
    }
    if (url.toLowerCase(Locale.ROOT).matches(".*[?&;]password=.*")) {
      // The URL is logged and shown by `config show`; the password field never is.
      s.error("jdbc-url", "holds a password; put it in ha.password (never printed) instead");
    }
    return new HaSettings(
        enabled,
        backend,
        url,
        username,
        password,
        instanceId.isBlank() ? defaultInstanceId() : instanceId,
        checkIn);
  }

  /**
   * Host name and process id: unique among instances sharing a database, readable in its tables.
   */
  static String defaultInstanceId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return host + "-" + ProcessHandle.current().pid();
  }
}
