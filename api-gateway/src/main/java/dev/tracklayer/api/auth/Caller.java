package dev.tracklayer.api.auth;

import java.util.UUID;

/**
 * Who is calling: the token's subject and the merchant it acts for. Handlers take it as a
 * parameter; every query they run is scoped by {@link #merchantId()}.
 */
public record Caller(UUID merchantId, String sub, String role) {
  public String merchant() {
    return merchantId.toString();
  }
}
