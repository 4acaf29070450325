package io.yogurt.autoscaler.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback TCP proxy to a server that a test can cut off: while cut, every open connection is
 * closed and new ones are accepted but never answered (a server that hangs, the worst case for a
 * caller without timeouts); restored, it forwards again.
 */
final class CuttableProxy implements AutoCloseable {

  private final ServerSocket server;
  private final InetSocketAddress upstream;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "cuttable-proxy");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean cut;

  private CuttableProxy(InetSocketAddress upstream) throws IOException {
    this.upstream = upstream;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::acceptLoop);
  }

  /** A proxy to the host and port of {@code url}. */
  static CuttableProxy to(URI url) throws IOException {
    return new CuttableProxy(new InetSocketAddress(url.getHost(), url.getPort()));
  }

  /** {@code url} with the proxy's host and port in place of the server's. */
  URI through(URI url) {
    return URI.create(url.getScheme() + "://127.0.0.1:" + server.getLocalPort() + url.getPath());
  }

  void cut() {
    cut = true;
    closeAll();
  }

  void restore() {
    cut = false;
    closeAll(); // the connections held unanswered while cut
  }

  private void closeAll() {
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        open.add(client);
        if (!cut) {
          Socket up = new Socket(upstream.getAddress(), upstream.getPort());
          open.add(up);
          threads.execute(() -> pump(client, up));
          threads.execute(() -> pump(up, client));
        }
      } catch (IOException e) {
        // closed (end of the test) or the server refused: the caller sees a closed connection
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // cut, or one side closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    closeAll();
    threads.shutdownNow();
  }
}
