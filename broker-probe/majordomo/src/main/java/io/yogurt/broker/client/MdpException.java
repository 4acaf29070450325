package io.yogurt.broker.client;

/**
 * A request that did not get a normal reply: {@code code} is "timeout", "closed", or the status of
 * an error reply from the broker ("504" expired in the queue, "503" worker lost twice) or a worker
 * ("500" handler failed).
 */
public final class MdpException extends RuntimeException {

  private final String code;

  public MdpException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
