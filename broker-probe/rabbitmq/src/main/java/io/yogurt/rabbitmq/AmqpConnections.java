package io.yogurt.rabbitmq;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.DefaultExceptionHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens AMQP connections to an {@link AmqpEndpoint}: TLS when the URL says amqps (the JVM's trusted
 * CAs, or the endpoint's own CA file, with host name verification), no automatic recovery (the
 * callers reconnect with their own back-off), and errors turned into short sentences without
 * secrets.
 */
public final class AmqpConnections {

  private static final Logger log = LoggerFactory.getLogger(AmqpConnections.class);

  /**
   * A refused login also resets the socket, which the client would log as a second, confusing
   * warning; the caller already reports the refusal in one sentence.
   */
  private static final DefaultExceptionHandler QUIET =
      new DefaultExceptionHandler() {
        @Override
        public void handleUnexpectedConnectionDriverException(Connection conn, Throwable e) {
          log.debug("connection driver: {}", e.toString());
        }
      };

  private AmqpConnections() {}

  /** A connection named {@code name} (shown in the management UI), or an {@link IOException}. */
  public static Connection open(AmqpEndpoint endpoint, Duration timeout, String name)
      throws IOException {
    ConnectionFactory f = factory(endpoint, timeout);
    try {
      return f.newConnection(name);
    } catch (TimeoutException e) {
      throw new IOException("no answer within " + timeout.toMillis() + " ms", e);
    } catch (IOException e) {
      throw new IOException(describe(e), e);
    }
  }

  static ConnectionFactory factory(AmqpEndpoint endpoint, Duration timeout) throws IOException {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost(endpoint.host());
    f.setPort(endpoint.port());
    f.setUsername(endpoint.username());
    f.setPassword(endpoint.password().reveal());
    f.setVirtualHost(endpoint.vhost());
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    f.setConnectionTimeout(millis);
    f.setHandshakeTimeout(Math.max(millis, 1000));
    f.setShutdownTimeout(millis);
    f.setChannelRpcTimeout(Math.max(millis, 1000));
    f.setRequestedHeartbeat(10);
    f.setAutomaticRecoveryEnabled(false);
    f.setExceptionHandler(QUIET);
    f.setTopologyRecoveryEnabled(false);
    if (endpoint.tls()) {
      f.useSslProtocol(sslContext(endpoint));
      f.enableHostnameVerification();
    }
    return f;
  }

  private static SSLContext sslContext(AmqpEndpoint endpoint) throws IOException {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (endpoint.caCertificate() == null) {
        tmf.init((KeyStore) null);
      } else {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(endpoint.caCertificate())) {
          int i = 0;
          for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
            store.setCertificateEntry("ca-" + i++, c);
          }
          if (i == 0) {
            throw new IOException(endpoint.caCertificate() + ": no certificate in it");
          }
        }
        tmf.init(store);
      }
      SSLContext ctx = SSLContext.getInstance("TLSv1.2");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS set-up failed: " + e.getMessage(), e);
    }
  }

  /** A short sentence saying why a connection or a call failed; never a secret. */
  public static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AuthenticationFailureException
          || t instanceof PossibleAuthenticationFailureException) {
        return "login refused: wrong user or password (ACCESS_REFUSED)";
      }
      if (t instanceof ShutdownSignalException s) {
        String reason = s.getReason() == null ? "" : String.valueOf(s.getReason());
        if (reason.contains("NOT_ALLOWED") || reason.contains("ACCESS_REFUSED")) {
          return "no access to this vhost for this user (" + reply(reason) + ")";
        }
        if (reason.contains("NOT_FOUND")) {
          return "not found (" + reply(reason) + ")";
        }
        return "closed by the server (" + reply(reason) + ")";
      }
      if (t instanceof ConnectException) {
        return "connection refused (is RabbitMQ running there?)";
      }
      if (t instanceof UnknownHostException) {
        return "unknown host " + t.getMessage();
      }
      if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
        return "no answer in time";
      }
      if (t instanceof SSLException) {
        return "TLS failed: " + t.getMessage();
      }
    }
    return AmqpEndpoint.mask(String.valueOf(e.getMessage()));
  }

  /** The reply text of a server's close method, e.g. "NOT_FOUND - no queue 'x' in vhost '/'". */
  private static String reply(String reason) {
    int i = reason.indexOf("reply-text=");
    if (i < 0) {
      return reason;
    }
    String rest = reason.substring(i + "reply-text=".length());
    int end = rest.indexOf(", class-id");
    return end < 0 ? rest : rest.substring(0, end);
  }
}
