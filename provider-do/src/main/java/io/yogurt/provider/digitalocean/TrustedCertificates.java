package io.yogurt.provider.digitalocean;

import io.yogurt.config.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS trust for the API: the JVM's usual CAs, plus the CAs of an extra PEM file when one is
 * configured (a corporate proxy, or the test's fake API). Verification is never switched off.
 */
final class TrustedCertificates {

  private TrustedCertificates() {}

  /** The SSL context for the API; null means "the JVM default" (no extra CA configured). */
  static SSLContext sslContext(Path extraCaPem) throws InvalidInputException {
    if (extraCaPem == null) {
      return null;
    }
    try {
      X509TrustManager system = trustManager(null);
      KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
      extra.load(null, null);
      int i = 0;
      for (Certificate c : readPem(extraCaPem)) {
        extra.setCertificateEntry("extra-" + i++, c);
      }
      X509TrustManager both = new EitherTrustManager(system, trustManager(extra));
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {both}, null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new InvalidInputException(
          "digitalocean.ca-certificate: cannot use "
              + extraCaPem
              + " as trusted CA certificates ("
              + e.getMessage()
              + ")");
    }
  }

  private static Collection<? extends Certificate> readPem(Path pem)
      throws IOException, CertificateException, InvalidInputException {
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new InvalidInputException(
            "digitalocean.ca-certificate: " + pem + " holds no PEM certificate");
      }
      return certs;
    }
  }

  private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory f =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init(store);
    for (TrustManager tm : f.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X509 trust manager");
  }

  /** Trusts a server when either the system CAs or the extra CAs do. */
  private record EitherTrustManager(X509TrustManager first, X509TrustManager second)
      implements X509TrustManager {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      first.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      try {
        first.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        second.checkServerTrusted(chain, authType);
      }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      List<X509Certificate> all = new ArrayList<>(List.of(first.getAcceptedIssuers()));
      all.addAll(List.of(second.getAcceptedIssuers()));
      return all.toArray(new X509Certificate[0]);
    }
  }
}
