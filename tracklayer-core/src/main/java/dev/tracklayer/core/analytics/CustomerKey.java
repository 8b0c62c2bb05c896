package dev.tracklayer.core.analytics;

import dev.tracklayer.core.event.UserData;
import dev.tracklayer.core.identity.Normalizers;
import dev.tracklayer.core.identity.Sha256;
import java.util.Locale;

/**
 * Who an event's customer is, for the funnel by customer and first-touch attribution (ClickHouse
 * {@code events.customer_key}, Kafka {@code events.accepted}): {@code ext:} + SHA-256 of the
 * normalized external id (customer_id, else the first external_ids value), else {@code em:} + the
 * email's SHA-256, else {@code fbp:} + the _fbp cookie; empty without any. Hashed, so the key
 * carries no PII.
 */
public final class CustomerKey {
  private CustomerKey() {}

  public static String of(UserData u) {
    if (u == null) {
      return "";
    }
    String external = externalId(u);
    if (external != null) {
      return "ext:" + Sha256.hex(external);
    }
    String email = emailSha256(u.email);
    if (!email.isEmpty()) {
      return "em:" + email;
    }
    if (u.browserIds != null && u.browserIds.fbp != null && !u.browserIds.fbp.isBlank()) {
      return "fbp:" + u.browserIds.fbp.trim();
    }
    return "";
  }

  /**
   * SHA-256 of the normalized email (a value that already is a digest, lowercased); empty when
   * there is none or it does not normalize. The events table's {@code email_sha256}.
   */
  public static String emailSha256(String email) {
    if (email == null || email.isBlank()) {
      return "";
    }
    String trimmed = email.trim();
    if (Sha256.isHex(trimmed)) {
      return trimmed.toLowerCase(Locale.ROOT);
    }
    String normalized = Normalizers.email(trimmed);
    return normalized == null ? "" : Sha256.hex(normalized);
  }

  private static String externalId(UserData u) {
    String id = Normalizers.externalId(u.customerId);
    if (id != null) {
      return id;
    }
    if (u.externalIds != null) {
      for (String candidate : u.externalIds) {
        String normalized = Normalizers.externalId(candidate);
        if (normalized != null) {
          return normalized;
        }
      }
    }
    return null;
  }
}
