package io.yogurt.broker.mdp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The two Majordomo versions we speak: MDP/0.1 (ZeroMQ RFC 7) and MDP/0.2 (RFC 18). They differ in
 * their headers and command codes; a peer's header decides which one we answer it in.
 */
public enum MdpVersion {
  V01("MDPC01", "MDPW01", new byte[] {1, 2, 3, 0, 4, 5}),
  V02("MDPC02", "MDPW02", new byte[] {1, 2, 4, 3, 5, 6});

  private final byte[] clientHeader;
  private final byte[] workerHeader;
  // Indexed by WorkerCommand.ordinal(); 0 means "not in this version".
  private final byte[] workerCodes;

  MdpVersion(String client, String worker, byte[] workerCodes) {
    this.clientHeader = client.getBytes(StandardCharsets.US_ASCII);
    this.workerHeader = worker.getBytes(StandardCharsets.US_ASCII);
    this.workerCodes = workerCodes;
  }

  public byte[] clientHeader() {
    return clientHeader.clone();
  }

  public byte[] workerHeader() {
    return workerHeader.clone();
  }

  /** The one-byte code of a worker command in this version. */
  public byte[] code(WorkerCommand command) {
    byte c = workerCodes[command.ordinal()];
    if (c == 0) {
      throw new IllegalArgumentException(command + " does not exist in " + this);
    }
    return new byte[] {c};
  }

  /** The worker command a code stands for, or null for an unknown code. */
  public WorkerCommand command(byte[] frame) {
    if (frame.length != 1) {
      return null;
    }
    for (WorkerCommand c : WorkerCommand.values()) {
      if (workerCodes[c.ordinal()] == frame[0] && frame[0] != 0) {
        return c;
      }
    }
    return null;
  }

  /** The version whose client header this frame is, or null. */
  public static MdpVersion ofClientHeader(byte[] frame) {
    for (MdpVersion v : values()) {
      if (Arrays.equals(v.clientHeader, frame)) {
        return v;
      }
    }
    return null;
  }

  /** The version whose worker header this frame is, or null. */
  public static MdpVersion ofWorkerHeader(byte[] frame) {
    for (MdpVersion v : values()) {
      if (Arrays.equals(v.workerHeader, frame)) {
        return v;
      }
    }
    return null;
  }

  /** MDP/0.2 client command codes (0.1 has none). */
  public static final byte CLIENT_REQUEST = 1;

  public static final byte CLIENT_PARTIAL = 2;
  public static final byte CLIENT_FINAL = 3;
}
