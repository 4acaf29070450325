package io.yogurt.broker.mdp;

import java.util.ArrayList;
import java.util.List;

/**
 * How one peer frames its messages: its MDP version and whether it puts an empty delimiter frame
 * before the header (REQ sockets and 0.1 peers do; some 0.2 implementations keep it). We answer
 * each peer exactly the way it spoke.
 */
public record Framing(MdpVersion version, boolean delimiter) {

  public static final Framing V01 = new Framing(MdpVersion.V01, true);
  public static final Framing V02 = new Framing(MdpVersion.V02, false);

  /** A command to a worker: [delimiter] header command args... */
  public List<byte[]> toWorker(WorkerCommand command, List<byte[]> args) {
    List<byte[]> frames = new ArrayList<>(args.size() + 3);
    if (delimiter) {
      frames.add(Frames.EMPTY);
    }
    frames.add(version.workerHeader());
    frames.add(version.code(command));
    frames.addAll(args);
    return frames;
  }

  /** A reply to a client: [delimiter] header [FINAL|PARTIAL in 0.2] service body... */
  public List<byte[]> toClient(String service, List<byte[]> body, boolean partial) {
    List<byte[]> frames = new ArrayList<>(body.size() + 4);
    if (delimiter) {
      frames.add(Frames.EMPTY);
    }
    frames.add(version.clientHeader());
    if (version == MdpVersion.V02) {
      frames.add(new byte[] {partial ? MdpVersion.CLIENT_PARTIAL : MdpVersion.CLIENT_FINAL});
    }
    frames.add(Frames.text(service));
    frames.addAll(body);
    return frames;
  }

  /** A request from a client: [delimiter] header [REQUEST in 0.2] service body... */
  public List<byte[]> clientRequest(String service, List<byte[]> body) {
    List<byte[]> frames = new ArrayList<>(body.size() + 4);
    if (delimiter) {
      frames.add(Frames.EMPTY);
    }
    frames.add(version.clientHeader());
    if (version == MdpVersion.V02) {
      frames.add(new byte[] {MdpVersion.CLIENT_REQUEST});
    }
    frames.add(Frames.text(service));
    frames.addAll(body);
    return frames;
  }
}
