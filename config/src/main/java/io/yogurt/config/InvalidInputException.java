package io.yogurt.config;

/**
 * A mistake in something a user gave us (a config file, a trace, an argument). The message names
 * where (file, line, key) and what was expected; the CLI prints it alone and exits with 2.
 */
public class InvalidInputException extends Exception {

  public InvalidInputException(String message) {
    super(message);
  }
}
