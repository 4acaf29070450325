package io.yogurt.provider.digitalocean.fake;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves one file over local HTTPS (the test certificate), as a release package would be served:
 * {@code https://127.0.0.1:<port>/<file name>}. Counts downloads.
 */
public final class PackageServer implements AutoCloseable {

  private final HttpsServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final Path file;
  private final AtomicInteger downloads = new AtomicInteger();

  public PackageServer(Path file, SelfSignedTls tls) throws IOException {
    this.file = file;
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
    server.createContext(
        "/",
        ex -> {
          if (!ex.getRequestURI().getPath().equals("/" + file.getFileName())) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
          }
          downloads.incrementAndGet();
          ex.sendResponseHeaders(200, Files.size(file));
          try (OutputStream out = ex.getResponseBody()) {
            Files.copy(file, out);
          }
          ex.close();
        });
    server.setExecutor(executor);
    server.start();
  }

  /** The file's URL. */
  public String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/" + file.getFileName();
  }

  /** The file's SHA-256, hex. */
  public String sha256() throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public int downloads() {
    return downloads.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
