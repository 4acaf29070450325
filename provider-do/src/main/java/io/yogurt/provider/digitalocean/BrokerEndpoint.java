package io.yogurt.provider.digitalocean;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker as the droplets reach it, {@code tcp://HOST:PORT}, and where that address lies: a
 * droplet cannot reach a loopback or wildcard address, and an address outside the private ranges
 * crosses the internet, where only CURVE keeps the workers' traffic private and authenticated.
 */
public record BrokerEndpoint(String host, int port) {

  private static final Pattern TCP =
      Pattern.compile("tcp://(\\[[0-9a-fA-F:.]+]|[^:/\\s]+):(\\d{1,5})");

  /** Where an address lies. */
  public enum Reach {
    /** 127.0.0.0/8, ::1, localhost: only this machine. */
    LOOPBACK,
    /** 0.0.0.0 or ::: an address to bind, not to connect to. */
    WILDCARD,
    /** 10/8, 172.16/12, 192.168/16, 100.64/10 (shared address space), fc00::/7: a VPC. */
    PRIVATE,
    /** Anything else: the internet. */
    PUBLIC,
    /** A name that does not resolve from here. */
    UNRESOLVED
  }

  /** The endpoint in {@code text}, if it is {@code tcp://HOST:PORT} with a port in 1..65535. */
  public static Optional<BrokerEndpoint> parse(String text) {
    Matcher m = TCP.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    int port = Integer.parseInt(m.group(2));
    if (port < 1 || port > 65_535) {
      return Optional.empty();
    }
    String host = m.group(1);
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    return Optional.of(new BrokerEndpoint(host, port));
  }

  /** Where the host lies; a name is resolved, and lies where all its addresses lie. */
  public Reach reach() {
    InetAddress[] all;
    try {
      all = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      return Reach.UNRESOLVED;
    }
    Reach worst = Reach.LOOPBACK;
    for (InetAddress a : all) {
      Reach r = reachOf(a);
      if (r.ordinal() > worst.ordinal()) {
        worst = r;
      }
    }
    return worst;
  }

  private static Reach reachOf(InetAddress a) {
    if (a.isLoopbackAddress()) {
      return Reach.LOOPBACK;
    }
    if (a.isAnyLocalAddress()) {
      return Reach.WILDCARD;
    }
    byte[] b = a.getAddress();
    boolean sharedSpace = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    boolean uniqueLocal = b.length == 16 && (b[0] & 0xfe) == 0xfc;
    if (a.isSiteLocalAddress() || sharedSpace || uniqueLocal) {
      return Reach.PRIVATE;
    }
    return Reach.PUBLIC;
  }
}
