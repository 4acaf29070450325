package io.yogurt.provider.digitalocean;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Droplet names: {@code <pool>-<key part>-<n>}, n = 0..count-1. The key part comes from the
 * launch's idempotency key, so a retried launch computes the same names and finds what the first
 * try created. A key like {@code web-lk3x9a} (pool prefix, then a DNS-safe word) is used as it is;
 * any other key is hashed to {@code k} + 10 base-32 characters.
 */
public final class DropletNames {

  private static final Pattern SAFE = Pattern.compile("[a-z0-9]([a-z0-9-]{0,22}[a-z0-9])?");
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private DropletNames() {}

  /** The names a launch of {@code count} with this key creates. */
  public static List<String> forLaunch(String pool, String key, int count) {
    String part = keyPart(pool, key);
    List<String> names = new ArrayList<>(count);
    for (int n = 0; n < count; n++) {
      names.add(pool + "-" + part + "-" + n);
    }
    return names;
  }

  /** The launch key as names carry it (equal to the key itself for {@code <pool>-<word>} keys). */
  public static String launchKey(String pool, String key) {
    return pool + "-" + keyPart(pool, key);
  }

  /** The launch key recovered from a droplet's name; empty when the name is not ours. */
  public static Optional<String> launchKeyOf(String pool, String name) {
    if (!name.startsWith(pool + "-")) {
      return Optional.empty();
    }
    String rest = name.substring(pool.length() + 1);
    int dash = rest.lastIndexOf('-');
    if (dash <= 0
        || dash == rest.length() - 1
        || !rest.substring(dash + 1).chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    return Optional.of(pool + "-" + rest.substring(0, dash));
  }

  static String keyPart(String pool, String key) {
    String word = key.startsWith(pool + "-") ? key.substring(pool.length() + 1) : key;
    if (SAFE.matcher(word).matches()) {
      return word;
    }
    return "k" + hash(key);
  }

  private static String hash(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < 10; i++) {
        b.append(BASE32[(d[i] & 0xff) % 32]);
      }
      return b.toString().toLowerCase(Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
