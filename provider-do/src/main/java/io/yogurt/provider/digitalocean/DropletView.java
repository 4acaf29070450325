package io.yogurt.provider.digitalocean;

import java.time.Instant;
import java.util.List;

/**
 * A droplet as the API reports it.
 *
 * @param status {@code new}, {@code active}, {@code off} or {@code archive}
 */
public record DropletView(
    long id, String name, String status, Instant createdAt, List<String> tags) {

  public DropletView {
    tags = List.copyOf(tags);
  }
}
