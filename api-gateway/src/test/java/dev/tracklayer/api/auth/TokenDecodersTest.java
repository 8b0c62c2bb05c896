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
        TokenDecoders.create(new JwtProperties(null, jwksUri(), "authenticated"));
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
        TokenDecoders.create(new JwtProperties(Tokens.SECRET, jwksUri(), null));
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
        TokenDecoders.create(new JwtProperties(Tokens.SECRET, null, "dashboard"));
    assertThatThrownBy(() -> decoder.decode(Tokens.valid("u")).block())
        .isInstanceOf(JwtException.class);
  }

  @Test
  void refusesToStartWithoutAVerifierOrWithAShortSecret() {
    assertThatThrownBy(() -> TokenDecoders.create(new JwtProperties(null, "", null)))
        .hasMessageContaining("TRACKLAYER_JWT_SECRET");
    assertThatThrownBy(
            () ->
                TokenDecoders.create(
                    new JwtProperties("only-31-bytes-long-secret-value", null, null)))
        .hasMessageContaining("at least 32 bytes");
  }
}
