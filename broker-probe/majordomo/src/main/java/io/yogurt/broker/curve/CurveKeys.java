package io.yogurt.broker.curve;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import org.zeromq.ZCert;
import org.zeromq.ZConfig;
import org.zeromq.ZMQ;

/**
 * A CURVE key pair in the ZeroMQ certificate format (the one czmq, JeroMQ's {@code ZCert} and
 * pyzmq's {@code zmq.auth} read): {@code NAME.key} holds the public key, {@code NAME.key_secret}
 * both keys. The secret key is never printed.
 *
 * @param publicKey Z85 public key (40 characters)
 * @param secretKey Z85 secret key, empty when only the public certificate was loaded
 */
public record CurveKeys(String publicKeyZ85, String secretKeyZ85) {

  /** A fresh key pair. */
  public static CurveKeys generate() {
    ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
    return new CurveKeys(pair.publicKey, pair.secretKey);
  }

  /** Loads a certificate file; a secret one gives both keys, a public one only the public key. */
  public static CurveKeys load(Path file) throws IOException {
    if (!Files.isReadable(file)) {
      throw new IOException(file + ": no such readable certificate file");
    }
    ZConfig config;
    try {
      config = ZConfig.load(file.toString());
    } catch (IOException | RuntimeException e) {
      throw new IOException(file + ": not a ZeroMQ certificate (" + e.getMessage() + ")", e);
    }
    String pub = config == null ? null : config.getValue("curve/public-key");
    String sec = config == null ? null : config.getValue("curve/secret-key");
    if (pub == null || pub.length() != 40) {
      throw new IOException(file + ": expected curve/public-key of 40 Z85 characters");
    }
    return new CurveKeys(pub, sec == null ? "" : sec);
  }

  /** Public keys of every certificate ({@code *.key}) in a directory. */
  public static Set<String> publicKeysIn(Path dir) throws IOException {
    Set<String> keys = new HashSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.key")) {
      for (Path f : files) {
        keys.add(load(f).publicKeyZ85());
      }
    }
    return keys;
  }

  /** Writes NAME.key (public, world-readable) and NAME.key_secret (owner only) into dir. */
  public Path[] save(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    ZCert cert = new ZCert(publicKeyZ85, secretKeyZ85);
    Path pub = dir.resolve(name + ".key");
    Path sec = dir.resolve(name + ".key_secret");
    StringWriter p = new StringWriter();
    cert.savePublic(p);
    Files.writeString(pub, p.toString());
    StringWriter s = new StringWriter();
    cert.saveSecret(s);
    Files.writeString(sec, s.toString());
    try {
      Files.setPosixFilePermissions(sec, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the caller's umask applies.
    }
    return new Path[] {pub, sec};
  }

  public byte[] publicKey() {
    return ZMQ.Curve.z85Decode(publicKeyZ85);
  }

  public byte[] secretKey() {
    return ZMQ.Curve.z85Decode(secretKeyZ85);
  }

  /** Makes a client (worker, client, probe) socket a CURVE client of a server with this key. */
  public void applyAsClient(ZMQ.Socket socket, String serverPublicKeyZ85) {
    socket.setCurvePublicKey(publicKey());
    socket.setCurveSecretKey(secretKey());
    socket.setCurveServerKey(ZMQ.Curve.z85Decode(serverPublicKeyZ85));
  }

  @Override
  public String toString() {
    return "CurveKeys[public=" + publicKeyZ85 + ", secret=***]";
  }
}
