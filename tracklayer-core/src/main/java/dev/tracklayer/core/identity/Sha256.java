package dev.tracklayer.core.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as every ad platform wants it: lowercase hex of the UTF-8 bytes. */
public final class Sha256 {

  private static final HexFormat HEX = HexFormat.of();

  // MessageDigest is not thread-safe; one per thread avoids a provider lookup per hash.
  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every JRE ships SHA-256", e);
            }
          });

  private Sha256() {}

  public static String hex(String value) {
    return HEX.formatHex(digest(value));
  }

  /** The 32 digest bytes of {@code value}'s UTF-8. */
  public static byte[] digest(String value) {
    MessageDigest digest = DIGEST.get();
    digest.reset();
    return digest.digest(value.getBytes(StandardCharsets.UTF_8));
  }

  /** True when {@code value} already is a SHA-256 hex digest, in either case. */
  public static boolean isHex(String value) {
    if (value == null || value.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }
}
