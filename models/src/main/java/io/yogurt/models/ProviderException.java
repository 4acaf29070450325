package io.yogurt.models;

/** A provider call that failed; {@code retryable} tells whether trying again later may help. */
public class ProviderException extends Exception {

  private final boolean retryable;

  public ProviderException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public ProviderException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
