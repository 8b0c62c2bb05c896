package dev.tracklayer.api.apikeys;

import java.security.SecureRandom;

/** {@code tl_live_} and 40 base62 characters (about 238 bits) from a {@link SecureRandom}. */
final class ApiKeyGenerator {
  static final String SCHEME = "tl_live_";
  static final int RANDOM_CHARS = 40;

  /** What the dashboard shows of a key: the scheme and four characters. */
  static final int PREFIX_LENGTH = SCHEME.length() + 4;

  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeyGenerator() {}

  static String newKey() {
    StringBuilder key = new StringBuilder(SCHEME.length() + RANDOM_CHARS).append(SCHEME);
    for (int i = 0; i < RANDOM_CHARS; i++) {
      // nextInt(bound) rejects the biased tail, so every character is uniform.
      key.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return key.toString();
  }

  static String prefix(String key) {
    return key.substring(0, PREFIX_LENGTH);
  }
}
