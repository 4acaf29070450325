package io.yogurt.provider.digitalocean;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Droplets asked for but not yet shown by the API's list, written down before each create request
 * and kept until the list shows them or {@code create-settle} has passed, so that whoever lists the
 * pool next counts what may have been created in the last seconds instead of launching it again:
 * this process after a restart ({@link PendingCreates}, in the state directory), or the other
 * instance after an HA takeover (a journal in the database the instances share).
 */
public interface CreateJournal extends AutoCloseable {

  /**
   * One droplet asked for.
   *
   * @param id the droplet's id once the create answered; 0 before (the create may or may not have
   *     happened)
   * @param until when to stop counting it if the list never shows it
   */
  record Pending(String name, String pool, long id, Instant at, Instant until) {}

  /** Writes these names down as about to be created; durable before this returns. */
  void asked(String pool, List<String> names, Instant at, Instant until) throws IOException;

  /** The create answered with these droplets: they exist, with these ids and creation times. */
  void created(List<Pending> created) throws IOException;

  /** The create certainly did not happen (the API refused it): forgets these names. */
  void refused(List<String> names) throws IOException;

  /** Forgets what the list shows now and what has waited past its time. */
  void settle(List<String> listed, Instant now) throws IOException;

  /** Forgets one name (destroyed before the list showed it). */
  void forget(String name) throws IOException;

  /** What is pending for {@code pool}, as last written by anyone. */
  List<Pending> of(String pool) throws IOException;

  @Override
  default void close() {}
}
