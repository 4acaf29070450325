package io.yogurt.history.elasticsearch;

import io.yogurt.config.ConfigSection;
import io.yogurt.config.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code history.elasticsearch} section: where the cluster is, how Yogurt's own indices are
 * named, credentials, timeouts, and optional read sources (indices another pipeline fills).
 */
public record ElasticsearchSettings(
    URI url,
    String indexPrefix,
    IndexLayout.Period indexPeriod,
    Secret username,
    Secret password,
    Secret apiKey,
    Duration connectTimeout,
    Duration requestTimeout,
    int bulkSize,
    int replicas,
    Duration retryEvery,
    List<ReadSource> sources) {

  public static final ElasticsearchSettings DEFAULT =
      new ElasticsearchSettings(
          URI.create("http://127.0.0.1:9200"),
          "yogurt",
          IndexLayout.Period.MONTH,
          Secrets.NONE,
          Secrets.NONE,
          Secrets.NONE,
          Duration.ofSeconds(2),
          Duration.ofSeconds(10),
          5000,
          0,
          Duration.ofSeconds(30),
          List.of());

  private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9_.-]*");

  /** This settings with another URL (tests, the CLI's --es-url). */
  public ElasticsearchSettings withUrl(URI other) {
    return new ElasticsearchSettings(
        other,
        indexPrefix,
        indexPeriod,
        username,
        password,
        apiKey,
        connectTimeout,
        requestTimeout,
        bulkSize,
        replicas,
        retryEvery,
        sources);
  }

  /** This settings with another index prefix (tests isolate themselves with one each). */
  public ElasticsearchSettings withIndexPrefix(String prefix) {
    return new ElasticsearchSettings(
        url,
        prefix,
        indexPeriod,
        username,
        password,
        apiKey,
        connectTimeout,
        requestTimeout,
        bulkSize,
        replicas,
        retryEvery,
        sources);
  }

  /** This settings with another index period. */
  public ElasticsearchSettings withIndexPeriod(IndexLayout.Period period) {
    return new ElasticsearchSettings(
        url,
        indexPrefix,
        period,
        username,
        password,
        apiKey,
        connectTimeout,
        requestTimeout,
        bulkSize,
        replicas,
        retryEvery,
        sources);
  }

  /** This settings with other timeouts. */
  public ElasticsearchSettings withTimeouts(Duration connect, Duration request) {
    return new ElasticsearchSettings(
        url,
        indexPrefix,
        indexPeriod,
        username,
        password,
        apiKey,
        connect,
        request,
        bulkSize,
        replicas,
        retryEvery,
        sources);
  }

  /** This settings with other read sources. */
  public ElasticsearchSettings withSources(List<ReadSource> other) {
    return new ElasticsearchSettings(
        url,
        indexPrefix,
        indexPeriod,
        username,
        password,
        apiKey,
        connectTimeout,
        requestTimeout,
        bulkSize,
        replicas,
        retryEvery,
        List.copyOf(other));
  }

  /** Absent secrets share one instance, so settings without credentials compare equal. */
  private static final class Secrets {
    static final Secret NONE = new Secret("");

    static Secret read(ConfigSection s, String key) {
      Secret secret = s.secret(key, "");
      return secret.isEmpty() ? NONE : secret;
    }
  }

  /** Where Yogurt's own samples go. */
  public IndexLayout layout() {
    return new IndexLayout(indexPrefix, indexPeriod);
  }

  /** The read source configured for a metric, if any. */
  public Optional<ReadSource> sourceFor(String metric) {
    return sources.stream().filter(s -> s.metric().equals(metric)).findFirst();
  }

  /** Reads the section; every key has a default. */
  public static ElasticsearchSettings from(ConfigSection s) {
    URI url = url(s);
    String prefix = s.string("index-prefix", DEFAULT.indexPrefix);
    if (!PREFIX.matcher(prefix).matches()) {
      s.error(
          "index-prefix",
          "got '"
              + prefix
              + "', expected lower-case letters, digits, '-', '_' or '.'"
              + " (Elasticsearch index names are lower case)");
    }
    IndexLayout.Period period =
        IndexLayout.Period.valueOf(
            s.choice("index-period", "month", List.of("month", "day")).toUpperCase(Locale.ROOT));
    Secret username = Secrets.read(s, "username");
    Secret password = Secrets.read(s, "password");
    Secret apiKey = Secrets.read(s, "api-key");
    if (!apiKey.isEmpty() && !username.isEmpty()) {
      s.error("api-key", "give either api-key or username/password, not both");
    }
    if (username.isEmpty() != password.isEmpty()) {
      s.error(username.isEmpty() ? "username" : "password", "username and password go together");
    }
    Duration connect =
        s.duration(
            "connect-timeout",
            DEFAULT.connectTimeout,
            Duration.ofMillis(100),
            Duration.ofMinutes(1));
    Duration request =
        s.duration(
            "request-timeout",
            DEFAULT.requestTimeout,
            Duration.ofMillis(100),
            Duration.ofMinutes(10));
    int bulkSize = s.integer("bulk-size", DEFAULT.bulkSize, 1, 100_000);
    int replicas = s.integer("replicas", DEFAULT.replicas, 0, 10);
    Duration retryEvery =
        s.duration("retry-every", DEFAULT.retryEvery, Duration.ofSeconds(1), Duration.ofHours(1));
    List<ReadSource> sources = new ArrayList<>();
    for (ConfigSection item : s.list("sources")) {
      sources.add(ReadSource.from(item));
    }
    return new ElasticsearchSettings(
        url,
        prefix,
        period,
        username,
        password,
        apiKey,
        connect,
        request,
        bulkSize,
        replicas,
        retryEvery,
        List.copyOf(sources));
  }

  private static URI url(ConfigSection s) {
    String text = s.string("url", DEFAULT.url.toString());
    try {
      URI url = new URI(text);
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null) {
        return url;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    s.error(
        "url",
        "got '" + text + "', expected an http:// or https:// URL such as http://127.0.0.1:9200");
    return DEFAULT.url;
  }

  /**
   * An index filled by someone else (an access-log pipeline, say) that Yogurt reads a metric from:
   * per step, either the number of documents ({@code sumField} empty) or the sum of a field.
   */
  public record ReadSource(
      String metric, String index, String timeField, String serviceField, String sumField) {

    /** True when each document counts one (one document per request). */
    public boolean countsDocuments() {
      return sumField.isEmpty();
    }

    static ReadSource from(ConfigSection s) {
      String metric = s.string("metric", "arrivals");
      String index = s.string("index", "");
      if (index.isBlank()) {
        s.error("index", "required: the index pattern to read, such as access-logs-*");
      }
      return new ReadSource(
          metric,
          index,
          s.string("time-field", "@timestamp"),
          s.string("service-field", "service"),
          s.string("sum-field", ""));
    }
  }
}
