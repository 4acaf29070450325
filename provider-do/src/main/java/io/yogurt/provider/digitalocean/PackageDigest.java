package io.yogurt.provider.digitalocean;

import io.yogurt.config.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;

/**
 * Downloads the release package as a droplet would (HTTPS, the system CAs plus {@code
 * digitalocean.ca-certificate}) and computes its SHA-256, so that a wrong {@code package-sha256} is
 * caught before any droplet boots and refuses it.
 */
public final class PackageDigest {

  /** The longest a download may take (a package is some 60 MB). */
  private static final Duration DOWNLOAD_LIMIT = Duration.ofMinutes(10);

  private PackageDigest() {}

  /**
   * The SHA-256 (hex) of the bytes at {@code url}.
   *
   * @throws IOException when the package cannot be fetched; the message names the URL
   */
  public static String sha256(String url, Path extraCa, Duration connectTimeout)
      throws IOException, InvalidInputException, InterruptedException {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL);
    SSLContext tls = TrustedCertificates.sslContext(extraCa);
    if (tls != null) {
      b.sslContext(tls);
    }
    HttpClient http = b.build();
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(url)).timeout(DOWNLOAD_LIMIT).GET().build();
    } catch (IllegalArgumentException e) {
      throw new IOException(url + ": not a URL (" + e.getMessage() + ")");
    }
    HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        throw new IOException(url + ": HTTP " + r.statusCode());
      }
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
