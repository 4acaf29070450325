package io.yogurt.provider.supervisor;

/**
 * A supervisord host that did not do what was asked, in one message naming the host and what was
 * expected. {@link Kind#UNREACHABLE} is a host that does not answer (network, supervisord down);
 * the other kinds answer but refuse, and retrying them unchanged would only repeat the refusal.
 */
public final class SupervisorException extends Exception {

  /** Why the host did not do it. */
  public enum Kind {
    /** No answer: connection refused, timed out, not HTTP. */
    UNREACHABLE,
    /** HTTP 401: the username or password is wrong. */
    REFUSED,
    /** supervisord answered with a fault (unknown program, spawn error, ...). */
    FAULT,
    /** Something answered that is not supervisord's XML-RPC. */
    MALFORMED
  }

  private final Kind kind;
  private final int faultCode;

  public SupervisorException(Kind kind, String message) {
    this(kind, 0, message);
  }

  public SupervisorException(Kind kind, int faultCode, String message) {
    super(message);
    this.kind = kind;
    this.faultCode = faultCode;
  }

  public Kind kind() {
    return kind;
  }

  /** supervisord's fault code (10 BAD_NAME, 60 ALREADY_STARTED, 70 NOT_RUNNING, ...); 0 if none. */
  public int faultCode() {
    return faultCode;
  }
}
