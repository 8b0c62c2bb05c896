package dev.tracklayer.api.platforms;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the dashboard may show of credentials: the last four characters of long values, so a
 * merchant can tell two tokens apart, and nothing of short ones, where four characters would be a
 * large part of the secret.
 */
final class CredentialMask {
  static final String DOTS = "••••";
  static final int MIN_LENGTH_TO_SHOW_TAIL = 12;

  private CredentialMask() {}

  static Map<String, String> mask(Map<String, String> credentials) {
    Map<String, String> masked = new LinkedHashMap<>();
    credentials.forEach((field, value) -> masked.put(field, mask(value)));
    return masked;
  }

  static String mask(String value) {
    if (value == null || value.length() < MIN_LENGTH_TO_SHOW_TAIL) {
      return DOTS;
    }
    return DOTS + value.substring(value.length() - 4);
  }
}
