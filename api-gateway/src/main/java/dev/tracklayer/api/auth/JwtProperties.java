package dev.tracklayer.api.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tracklayer.jwt.*}: the identity provider's tokens. {@code secret} is an HS256 shared
 * secret (Supabase's legacy model, at least 32 bytes); {@code jwksUri} serves RS256/ES256 keys.
 * With both set, the token header's algorithm picks the verifier.
 */
@ConfigurationProperties("tracklayer.jwt")
public record JwtProperties(String secret, String jwksUri, String audience) {
  public JwtProperties {
    secret = blankToNull(secret);
    jwksUri = blankToNull(jwksUri);
    audience = audience == null || audience.isBlank() ? "authenticated" : audience.strip();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
