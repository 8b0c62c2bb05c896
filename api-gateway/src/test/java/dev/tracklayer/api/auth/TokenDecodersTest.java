package dev.tracklayer.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.tracklayer.api.support.Tokens;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/** The JWKS (RS256/ES256) path and the secret's rules, without the application around them. */
class TokenDecodersTest {
  private static HttpServer jwks;
  private static RSAKey rsa;
  private static ECKey ec;
  private static ECKey stranger;

  @BeforeAll
  static void serveKeys() throws Exception {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    stranger = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    byte[] body =
        new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK()))
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    jwks.createContext(
        "/jwks.json",
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    jwks.start();
  }

  @AfterAll
  static void stop() {
    jwks.stop(0);
  }

  private static String jwksUri() {
    return "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json";
  }

  private static String sign(JWSSigner signer, JWSAlgorithm alg, String kid, String audience)
      throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject("user-1")
            .audience(audience)
            .expirationTime(Date.from(Instant.now().plusSeconds(600)))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  @Test
  void acceptsRs256AndEs256FromTheJwksAndNothingElse() throws Exception {
    ReactiveJwtDecoder decoder =
        TokenDecoders.create(new JwtProperties(null, jwksUri(), "authenticated", null));
    String rs256 = sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, "rsa-1", "authenticated");
    String es256 = sign(new ECDSASigner(ec), JWSAlgorithm.ES256, "ec-1", "authenticated");
    assertThat(decoder.decode(rs256).block().getSubject()).isEqualTo("user-1");
    assertThat(decoder.decode(es256).block().getSubject()).isEqualTo("user-1");

    String forged = sign(new ECDSASigner(stranger), JWSAlgorithm.ES256, "ec-1", "authenticated");
    assertThatThrownBy(() -> decoder.decode(forged).block()).isInstanceOf(JwtException.class);
    String otherAudience = sign(new ECDSASigner(ec), JWSAlgorithm.ES256, "ec-1", "service_role");
    assertThatThrownBy(() -> decoder.decode(otherAudience).block())
        .isInstanceOf(JwtException.class);
    assertThatThrownBy(() -> decoder.decode(Tokens.valid("user-1")).block())
        .isInstanceOf(JwtException.class);
    assertThatThrownBy(() -> decoder.decode(Tokens.algNone("user-1")).block())
        .isInstanceOf(JwtException.class);
  }

  @Test
  void withBothTheHeaderPicksTheVerifier() throws Exception {
    ReactiveJwtDecoder decoder =
        TokenDecoders.create(new JwtProperties(Tokens.SECRET, jwksUri(), null, null));
    assertThat(decoder.decode(Tokens.valid("hs")).block().getSubject()).isEqualTo("hs");
    String es256 = sign(new ECDSASigner(ec), JWSAlgorithm.ES256, "ec-1", "authenticated");
    assertThat(decoder.decode(es256).block().getSubject()).isEqualTo("user-1");
    assertThatThrownBy(() -> decoder.decode(Tokens.algNone("x")).block())
        .isInstanceOf(JwtException.class);
    assertThatThrownBy(() -> decoder.decode("garbage").block()).isInstanceOf(JwtException.class);
  }

  @Test
  void theAudienceIsConfigurable() {
    ReactiveJwtDecoder decoder =
        TokenDecoders.create(new JwtProperties(Tokens.SECRET, null, "dashboard", null));
    assertThatThrownBy(() -> decoder.decode(Tokens.valid("u")).block())
        .isInstanceOf(JwtException.class);
  }

  @Test
  void subjectsAndEmailsMustBeTextPostgresCanStore() {
    ReactiveJwtDecoder decoder =
        TokenDecoders.create(new JwtProperties(Tokens.SECRET, null, null, null));
    for (String hostile :
        List.of(
            "a\u0000b", // PostgreSQL refuses NUL in text
            "a\ud800b", // a lone high surrogate: no UTF-8 form
            "a\udc00b", // a lone low surrogate
            "\ud800",
            "a\u001fb", // C0 controls
            "a\tb",
            "a\u007fb", // DEL
            "a\u0080b", // C1 controls
            "a\u009fb")) {
      assertThatThrownBy(() -> decoder.decode(Tokens.valid(hostile)).block())
          .as("sub %s", hostile.codePoints().boxed().toList())
          .isInstanceOf(JwtException.class);
      String email = Tokens.valid("user-1", c -> c.claim("email", hostile + "@example.com"));
      assertThatThrownBy(() -> decoder.decode(email).block())
          .as("email %s", hostile.codePoints().boxed().toList())
          .isInstanceOf(JwtException.class);
    }
    assertThatThrownBy(
            () ->
                decoder
                    .decode(Tokens.valid("user-1", c -> c.claim("email", List.of("a@b.c"))))
                    .block())
        .isInstanceOf(JwtException.class);
    assertThatThrownBy(() -> decoder.decode(Tokens.valid("x".repeat(256))).block())
        .isInstanceOf(JwtException.class);
    // Any other text is a subject: accents, a pair forming an emoji, U+00A0, 255 characters.
    for (String fine :
        List.of("usér", "a\ud83d\ude00b", "a\u00a0b", "x".repeat(255), "550e8400-e29b-41d4")) {
      assertThat(decoder.decode(Tokens.valid(fine)).block().getSubject()).isEqualTo(fine);
    }
    assertThat(
            decoder
                .decode(Tokens.valid("user-1", c -> c.claim("email", null)))
                .block()
                .getSubject())
        .isEqualTo("user-1");
  }

  @Test
  void aRoleClaimMustBeAnAllowedRole() throws Exception {
    ReactiveJwtDecoder supabase =
        TokenDecoders.create(new JwtProperties(Tokens.SECRET, null, null, null));
    assertThat(supabase.decode(Tokens.valid("u", c -> c.claim("role", "authenticated"))).block())
        .isNotNull();
    assertThat(supabase.decode(Tokens.valid("u", c -> c.claim("role", null))).block()).isNotNull();
    for (Object role :
        List.of("anon", "service_role", "", "AUTHENTICATED", List.of("authenticated"), 1)) {
      assertThatThrownBy(
              () -> supabase.decode(Tokens.valid("u", c -> c.claim("role", role))).block())
          .as("role %s", role)
          .isInstanceOf(JwtException.class);
    }

    ReactiveJwtDecoder custom =
        TokenDecoders.create(
            new JwtProperties(Tokens.SECRET, null, null, List.of("authenticated", " merchant ")));
    assertThat(custom.decode(Tokens.valid("u", c -> c.claim("role", "merchant"))).block())
        .isNotNull();
    assertThatThrownBy(() -> custom.decode(Tokens.valid("u", c -> c.claim("role", "anon"))).block())
        .isInstanceOf(JwtException.class);

    // The JWKS path checks the same way.
    ReactiveJwtDecoder jwks = TokenDecoders.create(new JwtProperties(null, jwksUri(), null, null));
    String anon = signEs256(c -> c.claim("role", "anon"));
    assertThatThrownBy(() -> jwks.decode(anon).block()).isInstanceOf(JwtException.class);
    String nul = signEs256(c -> c.subject("a\u0000b"));
    assertThatThrownBy(() -> jwks.decode(nul).block()).isInstanceOf(JwtException.class);
    assertThat(jwks.decode(signEs256(c -> c)).block().getSubject()).isEqualTo("user-1");
  }

  private static String signEs256(UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
    JWTClaimsSet claims =
        change
            .apply(
                new JWTClaimsSet.Builder()
                    .subject("user-1")
                    .audience("authenticated")
                    .expirationTime(Date.from(Instant.now().plusSeconds(600))))
            .build();
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(), claims);
    jwt.sign(new ECDSASigner(ec));
    return jwt.serialize();
  }

  @Test
  void refusesToStartWithoutAVerifierOrWithAShortSecret() {
    assertThatThrownBy(() -> TokenDecoders.create(new JwtProperties(null, "", null, null)))
        .hasMessageContaining("TRACKLAYER_JWT_SECRET");
    assertThatThrownBy(
            () ->
                TokenDecoders.create(
                    new JwtProperties("only-31-bytes-long-secret-value", null, null, null)))
        .hasMessageContaining("at least 32 bytes");
  }

  private static String unsigned(String claims) {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(claims.getBytes(StandardCharsets.ISO_8859_1))
        + ".sig";
  }

  @Test
  void claimsTheVerifierWouldReadOtherwiseThanSignedAreRefused() {
    assertThat(TokenDecoders.soundClaims(unsigned("{\"sub\":\"user-1\"}"))).isTrue();
    assertThat(TokenDecoders.soundClaims(unsigned("{\"sub\":0}"))).isFalse();
    assertThat(TokenDecoders.soundClaims(unsigned("{\"sub\":0E-2147483648}"))).isFalse();
    assertThat(TokenDecoders.soundClaims(unsigned("{\"sub\":\"a\u00c0\u00afb\"}"))).isFalse();
    assertThat(TokenDecoders.soundClaims("not-a-token")).isFalse();
  }
}
