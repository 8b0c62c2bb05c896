package dev.tracklayer.api.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** HS256 tokens as Supabase issues them, and the broken kinds the API must refuse. */
public final class Tokens {
  public static final String SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789";
  public static final String AUDIENCE = "authenticated";

  private Tokens() {}

  public static String newSub() {
    return "user-" + UUID.randomUUID();
  }

  public static String valid(String sub) {
    return valid(sub, SECRET);
  }

  public static String valid(String sub, String secret) {
    return sign(claims(sub, AUDIENCE, Instant.now().plus(Duration.ofHours(1))).build(), secret);
  }

  /**
   * A valid token whose claims {@code change} adjusts, e.g. {@code c -> c.claim("role", "anon")}; a
   * claim set to {@code null} is left out.
   */
  public static String valid(String sub, UnaryOperator<JWTClaimsSet.Builder> change) {
    return sign(
        change.apply(claims(sub, AUDIENCE, Instant.now().plus(Duration.ofHours(1)))).build(),
        SECRET);
  }

  public static String expired(String sub) {
    return sign(
        claims(sub, AUDIENCE, Instant.now().minus(Duration.ofHours(1)))
            .issueTime(Date.from(Instant.now().minus(Duration.ofHours(2))))
            .build(),
        SECRET);
  }

  public static String wrongAudience(String sub) {
    return sign(claims(sub, "somebody-else", Instant.now().plusSeconds(3600)).build(), SECRET);
  }

  public static String wrongSignature(String sub) {
    return sign(
        claims(sub, AUDIENCE, Instant.now().plusSeconds(3600)).build(),
        "another-secret-that-is-long-enough-for-hs256-xyz");
  }

  public static String withoutExpiry(String sub) {
    JWTClaimsSet c =
        new JWTClaimsSet.Builder().subject(sub).audience(AUDIENCE).issueTime(new Date()).build();
    return sign(c, SECRET);
  }

  public static String withoutSubject() {
    JWTClaimsSet c =
        new JWTClaimsSet.Builder()
            .audience(AUDIENCE)
            .expirationTime(Date.from(Instant.now().plusSeconds(3600)))
            .build();
    return sign(c, SECRET);
  }

  /** {"alg":"none"} with an empty signature: must never be trusted. */
  public static String algNone(String sub) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header =
        b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload =
        b64.encodeToString(
            claims(sub, AUDIENCE, Instant.now().plusSeconds(3600))
                .build()
                .toString()
                .getBytes(StandardCharsets.UTF_8));
    return header + "." + payload + ".";
  }

  /** A valid token whose payload was swapped for another subject's, keeping the signature. */
  public static String tampered(String sub, String otherSub) {
    String[] parts = valid(sub).split("\\.");
    String[] other = valid(otherSub).split("\\.");
    return parts[0] + "." + other[1] + "." + parts[2];
  }

  private static JWTClaimsSet.Builder claims(String sub, String audience, Instant expiry) {
    return new JWTClaimsSet.Builder()
        .subject(sub)
        .audience(audience)
        .claim("role", "authenticated")
        .claim("email", sub + "@example.com")
        .issueTime(new Date())
        .expirationTime(Date.from(expiry));
  }

  /**
   * Non-ASCII characters go into the payload as JSON escapes, as a hostile issuer may write them:
   * that is the only way a lone surrogate survives into the token (UTF-8 has no form for it).
   */
  private static String sign(JWTClaimsSet claims, String secret) {
    try {
      JWSObject jws =
          new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload(asciiJson(claims)));
      jws.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
      return jws.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String asciiJson(JWTClaimsSet claims) {
    StringBuilder json = new StringBuilder();
    for (char c : claims.toString().toCharArray()) {
      if (c < 0x80) {
        json.append(c);
      } else {
        json.append(String.format("\\u%04x", (int) c));
      }
    }
    return json.toString();
  }
}
