package io.yogurt.provider.digitalocean;

import java.util.List;

/** One create request: up to 10 droplets that differ only by name. */
public record DropletSpec(
    List<String> names,
    String region,
    String size,
    String image,
    List<String> sshKeys,
    List<String> tags,
    String userData,
    boolean monitoring,
    boolean ipv6,
    String vpcUuid) {

  /** DigitalOcean creates at most this many droplets per request. */
  public static final int MAX_NAMES = 10;

  public DropletSpec {
    names = List.copyOf(names);
    if (names.isEmpty() || names.size() > MAX_NAMES) {
      throw new IllegalArgumentException("need 1 to " + MAX_NAMES + " names, got " + names.size());
    }
    sshKeys = List.copyOf(sshKeys);
    tags = List.copyOf(tags);
  }
}
