package io.yogurt.broker;

/** The broker could not start; the message says what failed ("cannot bind ...: address in use"). */
public final class BrokerStartException extends Exception {

  public BrokerStartException(String message) {
    super(message);
  }

  public BrokerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
