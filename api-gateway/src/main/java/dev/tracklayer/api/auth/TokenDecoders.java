package dev.tracklayer.api.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.event.JsonText;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/** Builds the token verifier from {@link JwtProperties}; refuses to start without one. */
final class TokenDecoders {
  static final int MIN_SECRET_BYTES = 32;

  private TokenDecoders() {}

  static ReactiveJwtDecoder create(JwtProperties properties) {
    ReactiveJwtDecoder verifier = verifier(properties);
    return token ->
        soundClaims(token)
            ? verifier.decode(token)
            : Mono.error(new BadJwtException("the token's header or claims are not as sent"));
  }

  /**
   * What the verifier would read differently from what was signed: it decodes the header and claims
   * with replacement characters for bytes that are not UTF-8 (a signed token with overlong bytes in
   * its subject would provision a merchant for a subject nobody sent), and turns a numeric {@code
   * sub} into text (RFC 7519 makes it a string). The bytes pass the request bodies' check
   * (JsonText).
   */
  static boolean soundClaims(String token) {
    String[] parts = token.split("\\.", -1);
    try {
      Base64.Decoder base64 = Base64.getUrlDecoder();
      byte[] claims = base64.decode(parts[1]);
      if (JsonText.problem(base64.decode(parts[0])) != null || JsonText.problem(claims) != null) {
        return false;
      }
      JsonNode sub = Json.readTree(claims).get("sub");
      return sub == null || sub.isTextual();
    } catch (RuntimeException | JsonProcessingException e) {
      // not base64url, not JSON, or a number no parser reads alike (0E-2147483648): whatever
      // the verifier made of it would not be what was signed
      return false;
    }
  }

  private static ReactiveJwtDecoder verifier(JwtProperties properties) {
    ReactiveJwtDecoder hmac = properties.secret() == null ? null : hmac(properties);
    ReactiveJwtDecoder jwks = properties.jwksUri() == null ? null : jwks(properties);
    if (hmac == null && jwks == null) {
      throw new IllegalStateException(
          "set TRACKLAYER_JWT_SECRET (HS256) or TRACKLAYER_JWT_JWKS_URI (RS256/ES256)");
    }
    if (jwks == null) {
      return hmac;
    }
    if (hmac == null) {
      return jwks;
    }
    return token -> {
      JWSAlgorithm alg;
      try {
        alg = (JWSAlgorithm) JWTParser.parse(token).getHeader().getAlgorithm();
      } catch (ParseException | ClassCastException e) {
        return Mono.error(new BadJwtException("malformed token"));
      }
      return JWSAlgorithm.HS256.equals(alg) ? hmac.decode(token) : jwks.decode(token);
    };
  }

  private static ReactiveJwtDecoder hmac(JwtProperties properties) {
    byte[] secret = properties.secret().getBytes(StandardCharsets.UTF_8);
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalStateException(
          "TRACKLAYER_JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes");
    }
    NimbusReactiveJwtDecoder decoder =
        NimbusReactiveJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
            .macAlgorithm(MacAlgorithm.HS256)
            .build();
    decoder.setJwtValidator(validator(properties));
    return decoder;
  }

  private static ReactiveJwtDecoder jwks(JwtProperties properties) {
    NimbusReactiveJwtDecoder decoder =
        NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwksUri())
            .jwsAlgorithms(
                algs -> {
                  algs.add(SignatureAlgorithm.RS256);
                  algs.add(SignatureAlgorithm.ES256);
                })
            .build();
    decoder.setJwtValidator(validator(properties));
    return decoder;
  }

  /**
   * Timestamps (with the default 60 s skew), the audience, the role, and the two claims this API
   * cannot do without: a subject to find the merchant by, and an expiry (a token without one never
   * dies). The subject and the email are stored in PostgreSQL, so they must be text it can hold.
   */
  static OAuth2TokenValidator<Jwt> validator(JwtProperties properties) {
    OAuth2TokenValidator<Jwt> required =
        jwt -> {
          String sub = jwt.getSubject();
          if (sub == null || sub.isBlank()) {
            return failure("the token has no subject");
          }
          if (sub.length() > 255) {
            return failure("the token's subject is too long");
          }
          if (!storable(sub)) {
            return failure("the token's subject has a control character or a lone surrogate");
          }
          Object email = jwt.getClaims().get("email");
          if (email != null && !(email instanceof String s && storable(s))) {
            return failure("the token's email is not text PostgreSQL can store");
          }
          if (jwt.getExpiresAt() == null) {
            return failure("the token has no expiry");
          }
          return OAuth2TokenValidatorResult.success();
        };
    OAuth2TokenValidator<Jwt> audienceCheck =
        jwt -> {
          List<String> audiences = jwt.getAudience();
          return audiences != null && audiences.contains(properties.audience())
              ? OAuth2TokenValidatorResult.success()
              : failure("the token is not meant for this audience");
        };
    // Providers without roles (most JWKS issuers) send no claim; one that is sent must be allowed.
    OAuth2TokenValidator<Jwt> roleCheck =
        jwt -> {
          Object role = jwt.getClaims().get("role");
          return role == null || properties.allowedRoles().contains(role)
              ? OAuth2TokenValidatorResult.success()
              : failure("the token's role is not allowed");
        };
    return new DelegatingOAuth2TokenValidator<>(
        JwtValidators.createDefault(), required, audienceCheck, roleCheck);
  }

  /**
   * PostgreSQL text holds every Unicode scalar value but U+0000 (a 500 from the merchant lookup).
   * An unpaired surrogate has no UTF-8 form: Java's encoder sends {@code ?} in its place, so {@code
   * a\uD800b} would act as the user {@code a?b}. The other control characters could be stored but
   * belong in no identifier or address, and would reach logs and the dashboard as they are.
   */
  static boolean storable(String s) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (Character.isISOControl(cp) || Character.getType(cp) == Character.SURROGATE) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  private static OAuth2TokenValidatorResult failure(String description) {
    return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
  }
}
