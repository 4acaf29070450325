package io.yogurt.provider.digitalocean;

import com.myjeeva.digitalocean.exception.DigitalOceanException;
import com.myjeeva.digitalocean.exception.RequestUnsuccessfulException;
import com.myjeeva.digitalocean.impl.DigitalOceanClient;
import com.myjeeva.digitalocean.pojo.Account;
import com.myjeeva.digitalocean.pojo.Base;
import com.myjeeva.digitalocean.pojo.Droplet;
import com.myjeeva.digitalocean.pojo.Droplets;
import com.myjeeva.digitalocean.pojo.Image;
import com.myjeeva.digitalocean.pojo.Key;
import com.myjeeva.digitalocean.pojo.Region;
import com.myjeeva.digitalocean.pojo.Size;
import io.yogurt.config.InvalidInputException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLHandshakeException;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.impl.client.CloseableHttpClient;
import org.slf4j.LoggerFactory;

/**
 * {@link DropletApi} on the myjeeva DigitalOcean client. Every call is one HTTP request except the
 * listings, which walk the pages. Failures become {@link ApiException}s whose messages hold the
 * status and the API's words, never the token.
 */
public final class MyjeevaDropletApi implements DropletApi, AutoCloseable {

  /** The most a listing asks for per page (the API's maximum). */
  static final int PER_PAGE = 200;

  private static final int MAX_PAGES = 500;

  private final DigitalOceanClient client;
  private final CloseableHttpClient http;
  private final RateLimitHeaders headers;
  private final String token;
  private final PageListener pageListener;

  /** Told of every HTTP request a listing makes beyond its first, so that budgets can count it. */
  @FunctionalInterface
  public interface PageListener {
    void beforeNextPage() throws InterruptedException;

    PageListener NONE = () -> {};
  }

  /**
   * The client is HTTPS-only and keeps its host in a protected field; this subclass points it at
   * the configured host (a proxy or the test's fake API) and hands it our HTTP client.
   */
  private static final class HostedClient extends DigitalOceanClient {
    HostedClient(String token, CloseableHttpClient http, String host) {
      super("v2", token, http);
      this.apiHost = host;
    }
  }

  public MyjeevaDropletApi(DigitalOceanSettings s, RateLimitHeaders headers, PageListener pages)
      throws InvalidInputException {
    refuseHeaderLogging();
    this.headers = headers;
    this.token = s.requireToken().reveal();
    this.http = ApiHttpClient.build(s, headers);
    this.client = new HostedClient(token, http, s.apiHost());
    this.pageListener = pages;
  }

  /** Loggers that print every request header, {@code Authorization: Bearer <token>} included. */
  static final List<String> HEADER_LOGGERS =
      List.of("org.apache.http.headers", "org.apache.http.wire");

  /**
   * Fails closed: with a header logger at DEBUG every request would print the token, so the client
   * is not made at all until the logging config is fixed.
   */
  static void refuseHeaderLogging() throws InvalidInputException {
    for (String name : HEADER_LOGGERS) {
      if (LoggerFactory.getLogger(name).isDebugEnabled()) {
        throw new InvalidInputException(
            "logging: logger "
                + name
                + " is at DEBUG, which would "
                + "print the DigitalOcean token (it logs the Authorization header); set it to INFO in "
                + "the logback config: <logger name=\""
                + name
                + "\" level=\"INFO\"/>");
      }
    }
  }

  @Override
  public List<DropletView> listByTag(String tag) throws ApiException {
    List<DropletView> all = new ArrayList<>();
    for (int page = 1; page <= MAX_PAGES; page++) {
      if (page > 1) {
        beforeNextPage();
      }
      int p = page;
      Droplets d = call(() -> client.getAvailableDropletsByTagName(tag, p, PER_PAGE));
      if (d.getDroplets() == null || d.getDroplets().isEmpty()) {
        break;
      }
      d.getDroplets().forEach(x -> all.add(view(x)));
      if (!hasNext(d)) {
        break;
      }
    }
    return all;
  }

  @Override
  public List<DropletView> create(DropletSpec spec) throws ApiException {
    Droplet d = spec.vpcUuid().isEmpty() ? new Droplet() : new DropletInVpc(spec.vpcUuid());
    d.setNames(spec.names());
    d.setRegion(new Region(spec.region()));
    d.setSize(spec.size());
    d.setImage(
        isNumber(spec.image())
            ? new Image(Integer.valueOf(spec.image()))
            : new Image(spec.image()));
    List<Key> keys = new ArrayList<>();
    for (String k : spec.sshKeys()) {
      keys.add(isNumber(k) ? new Key(Integer.valueOf(k)) : new Key(k));
    }
    d.setKeys(keys);
    d.setTags(spec.tags());
    d.setUserData(spec.userData());
    d.setInstallMonitoring(spec.monitoring());
    d.setEnableIpv6(spec.ipv6());
    Droplets created = call(() -> client.createDroplets(d));
    List<DropletView> out = new ArrayList<>();
    if (created.getDroplets() != null) {
      created.getDroplets().forEach(x -> out.add(view(x)));
    }
    return out;
  }

  @Override
  public void delete(long id) throws ApiException {
    try {
      call(() -> client.deleteDroplet(Math.toIntExact(id)));
    } catch (ApiException e) {
      if (e.kind() != ApiException.Kind.NOT_FOUND) {
        throw e;
      }
    }
  }

  @Override
  public AccountView account() throws ApiException {
    Account a = call(client::getAccountInfo);
    return new AccountView(
        a.getStatus() == null ? "" : a.getStatus(),
        a.getDropletLimit() == null ? 0 : a.getDropletLimit());
  }

  @Override
  public List<String> regions() throws ApiException {
    List<String> out = new ArrayList<>();
    for (int page = 1; page <= MAX_PAGES; page++) {
      if (page > 1) {
        beforeNextPage();
      }
      int p = page;
      var r = call(() -> client.getAvailableRegions(p));
      if (r.getRegions() == null || r.getRegions().isEmpty()) {
        break;
      }
      r.getRegions().stream().filter(Region::isAvailable).forEach(x -> out.add(x.getSlug()));
      if (!hasNext(r)) {
        break;
      }
    }
    return out;
  }

  @Override
  public List<String> sizes() throws ApiException {
    List<String> out = new ArrayList<>();
    for (int page = 1; page <= MAX_PAGES; page++) {
      if (page > 1) {
        beforeNextPage();
      }
      int p = page;
      var r = call(() -> client.getAvailableSizes(p));
      if (r.getSizes() == null || r.getSizes().isEmpty()) {
        break;
      }
      r.getSizes().stream().filter(Size::isAvailable).forEach(x -> out.add(x.getSlug()));
      if (!hasNext(r)) {
        break;
      }
    }
    return out;
  }

  @Override
  public boolean imageExists(String image) throws ApiException {
    try {
      call(
          () ->
              isNumber(image)
                  ? client.getImageInfo(Integer.valueOf(image))
                  : client.getImageInfo(image));
      return true;
    } catch (ApiException e) {
      if (e.kind() == ApiException.Kind.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    http.close();
  }

  private void beforeNextPage() throws ApiException {
    try {
      pageListener.beforeNextPage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(ApiException.Kind.TRANSPORT, 0, "interrupted", null);
    }
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws DigitalOceanException, RequestUnsuccessfulException;
  }

  private <T> T call(Call<T> c) throws ApiException {
    headers.clear();
    T result;
    try {
      result = c.run();
    } catch (DigitalOceanException e) {
      throw fromStatus(e.getHttpStatusCode(), e.getId(), e.getMessage());
    } catch (RequestUnsuccessfulException e) {
      throw fromTransport(e.getCause() == null ? e : e.getCause());
    } catch (RuntimeException e) {
      // The library fails this way on a body it cannot parse (a proxy's HTML page, a 5xx >= 510).
      throw new ApiException(
          ApiException.Kind.SERVER,
          headers.last().status(),
          "DigitalOcean API: unexpected response (HTTP " + headers.last().status() + ")",
          null);
    }
    if (result == null) {
      throw new ApiException(
          ApiException.Kind.SERVER,
          headers.last().status(),
          "DigitalOcean API: empty or unreadable response",
          null);
    }
    return result;
  }

  private ApiException fromStatus(int status, String id, String message) {
    ApiException.Kind kind;
    if (status == 429) {
      kind = ApiException.Kind.RATE_LIMITED;
    } else if (status == 404) {
      kind = ApiException.Kind.NOT_FOUND;
    } else if (status == 422) {
      kind = ApiException.Kind.UNPROCESSABLE;
    } else if (status >= 500) {
      kind = ApiException.Kind.SERVER;
    } else {
      kind = ApiException.Kind.CLIENT;
    }
    String text =
        "DigitalOcean API: HTTP "
            + status
            + (id == null || id.isEmpty() ? "" : " " + id)
            + ": "
            + redact(message);
    return new ApiException(kind, status, text, headers.last().retryAfter());
  }

  private ApiException fromTransport(Throwable cause) {
    String what =
        cause.getClass().getSimpleName()
            + (cause.getMessage() == null ? "" : " " + redact(cause.getMessage()));
    if (cause instanceof ConnectException
        || cause instanceof ConnectTimeoutException
        || cause instanceof UnknownHostException
        || cause instanceof NoRouteToHostException) {
      return new ApiException(
          ApiException.Kind.UNREACHABLE, 0, "DigitalOcean API unreachable: " + what, null);
    }
    if (cause instanceof SSLHandshakeException) {
      return new ApiException(
          ApiException.Kind.CLIENT,
          0,
          "DigitalOcean API: TLS failed (check digitalocean.api-url and ca-certificate): " + what,
          null);
    }
    return new ApiException(
        ApiException.Kind.TRANSPORT, 0, "DigitalOcean API: no answer (" + what + ")", null);
  }

  /** Belt and braces: nothing we pass on may contain the token, whatever a library put in it. */
  private String redact(String text) {
    return text == null ? "" : text.replace(token, "***");
  }

  private static boolean hasNext(Base b) {
    return b.getLinks() != null
        && b.getLinks().getPages() != null
        && b.getLinks().getPages().getNext() != null;
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
  }

  private static DropletView view(Droplet d) {
    String status =
        d.getStatus() == null ? "new" : d.getStatus().toString().toLowerCase(Locale.ROOT);
    Instant created = d.getCreatedDate() == null ? Instant.EPOCH : d.getCreatedDate().toInstant();
    return new DropletView(
        d.getId() == null ? 0 : d.getId(),
        d.getName(),
        status,
        created,
        d.getTags() == null ? List.of() : d.getTags());
  }
}
