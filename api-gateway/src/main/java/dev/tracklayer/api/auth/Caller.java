package dev.tracklayer.api.auth;

import java.util.UUID;

/**
 * Who is calling: the token's subject, the merchant it acts for and that merchant's status ({@code
 * active} or {@code suspended}). Handlers take it as a parameter; every query they run is scoped by
 * {@link #merchantId()}.
 */
public record Caller(UUID merchantId, String sub, String role, String merchantStatus) {
  public String merchant() {
    return merchantId.toString();
  }

  public boolean merchantActive() {
    return "active".equals(merchantStatus);
  }
}
