package io.yogurt.provider.digitalocean;

import io.yogurt.config.InvalidInputException;
import javax.net.ssl.SSLContext;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;

/** Builds the HTTP client under the DigitalOcean client: TLS trust, timeouts, header reading. */
final class ApiHttpClient {

  private ApiHttpClient() {}

  static CloseableHttpClient build(DigitalOceanSettings s, RateLimitHeaders headers)
      throws InvalidInputException {
    int connect = (int) s.connectTimeout().toMillis();
    int read = (int) s.requestTimeout().toMillis();
    HttpClientBuilder b =
        HttpClientBuilder.create()
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectTimeout(connect)
                    .setConnectionRequestTimeout(connect)
                    .setSocketTimeout(read)
                    .build())
            // Our retry layer decides what is safe to repeat (a create is not) and counts every
            // try.
            .disableAutomaticRetries()
            .addInterceptorLast(headers);
    SSLContext ctx = TrustedCertificates.sslContext(s.caCertificate());
    if (ctx != null) {
      // The default hostname verifier stays in place: only the set of trusted CAs grows.
      b.setSSLContext(ctx);
    }
    return b.build();
  }
}
