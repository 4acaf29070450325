package io.yogurt.models;

/** A history store that could not be read or written. */
public class HistoryException extends Exception {

  public HistoryException(String message) {
    super(message);
  }

  public HistoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
