package dev.tracklayer.api.auth;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tracklayer.jwt.*}: the identity provider's tokens. {@code secret} is an HS256 shared
 * secret (Supabase's legacy model, at least 32 bytes); {@code jwksUri} serves RS256/ES256 keys.
 * With both set, the token header's algorithm picks the verifier. {@code allowedRoles}: the values
 * a token's {@code role} claim may have, when it has one (Supabase signs its public {@code anon}
 * key and its {@code service_role} key with the same secret as users' tokens).
 */
@ConfigurationProperties("tracklayer.jwt")
public record JwtProperties(
    String secret, String jwksUri, String audience, List<String> allowedRoles) {
  public JwtProperties {
    secret = blankToNull(secret);
    jwksUri = blankToNull(jwksUri);
    audience = audience == null || audience.isBlank() ? "authenticated" : audience.strip();
    allowedRoles =
        allowedRoles == null || allowedRoles.isEmpty()
            ? List.of("authenticated")
            : allowedRoles.stream().map(String::strip).toList();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
