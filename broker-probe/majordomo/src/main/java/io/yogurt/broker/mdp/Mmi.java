package io.yogurt.broker.mdp;

/** Names and status codes of the Majordomo Management Interface (RFC 8) and our extensions. */
public final class Mmi {

  public static final String PREFIX = "mmi.";
  public static final String SERVICE = "mmi.service";
  public static final String SERVICES = "mmi.services";
  public static final String STATS = "mmi.stats";
  public static final String WORKERS = "mmi.workers";
  public static final String DRAIN = "mmi.drain";

  public static final String OK = "200";
  public static final String FORBIDDEN = "403";
  public static final String NOT_FOUND = "404";
  public static final String NOT_IMPLEMENTED = "501";

  /**
   * First body frame of an error reply the broker makes itself (expired request, lost worker):
   * frames are this marker, a status code, and a sentence.
   */
  public static final String ERROR_MARKER = "YOGURT-ERROR";

  public static final String EXPIRED = "504";
  public static final String WORKER_LOST = "503";

  /** Second frame of a DISCONNECT that means "you were drained: stop, do not reconnect". */
  public static final String DRAINED = "drained";

  private Mmi() {}
}
