package io.yogurt.registry.etcd;

/** etcd did not answer: at start this ends the command with one clear message. */
public final class RegistryUnavailableException extends Exception {

  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
