package io.yogurt.broker;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tells whether a tcp:// endpoint with an explicit port can be bound, before ZeroMQ tries. */
final class PortCheck {

  private static final Pattern TCP = Pattern.compile("tcp://(\\[[^\\]]+\\]|[^:]+):(\\d+)");

  private PortCheck() {}

  static void requireFree(String endpoint) throws BrokerStartException {
    Matcher m = TCP.matcher(endpoint);
    if (!m.matches() || m.group(2).equals("0")) {
      return;
    }
    String host = m.group(1).replace("[", "").replace("]", "");
    int port = Integer.parseInt(m.group(2));
    if (port > 65535) {
      throw new BrokerStartException(
          "cannot bind " + endpoint + ": port " + port + " is out of range");
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(host.equals("*") ? "0.0.0.0" : host, port));
    } catch (BindException e) {
      String why = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      throw new BrokerStartException(
          "cannot bind "
              + endpoint
              + ": "
              + (why.contains("in use") ? "address in use" : e.getMessage()),
          e);
    } catch (IOException | IllegalArgumentException | SecurityException e) {
      throw new BrokerStartException("cannot bind " + endpoint + ": " + e.getMessage(), e);
    }
  }
}
