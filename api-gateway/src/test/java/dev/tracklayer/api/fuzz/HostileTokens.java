package dev.tracklayer.api.fuzz;

import dev.tracklayer.api.support.Tokens;
import dev.tracklayer.core.testing.fuzz.ByteMutation;
import dev.tracklayer.core.testing.fuzz.HostileJson;
import dev.tracklayer.core.testing.fuzz.Shown;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * JWTs correctly signed with the API's HS256 secret whose header and claims are hostile: the
 * signature holds, so only the claim checks stand between them and the database.
 *
 * @param header the JOSE header's JSON text
 * @param claims the claims' JSON text
 * @param damage byte-level damage to the claims (invalid UTF-8 in the subject), or null
 */
record HostileTokens(String header, String claims, ByteMutation damage) {

  static final String VALID_HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

  /**
   * @param damaged with invalid or overlong UTF-8 in the subject or email claim (else the claims
   *     are always well-formed UTF-8, whatever JSON they hold)
   */
  static Arbitrary<HostileTokens> any(boolean damaged) {
    Arbitrary<String> header =
        Arbitraries.frequencyOf(
            Tuple.of(12, Arbitraries.just(VALID_HEADER)),
            Tuple.of(
                1,
                Arbitraries.of(
                    "{\"alg\":\"HS256\"}",
                    "{\"alg\":\"HS256\",\"crit\":[\"exp\"]}",
                    "{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}",
                    "{\"alg\":\"HS256\",\"kid\":\"" + "k".repeat(5_000) + "\"}",
                    "{\"alg\":\"HS256\",\"typ\":\"\\u0000\"}",
                    "{\"alg\":\"HS256\",\"alg\":\"none\"}",
                    "{\"alg\":\"none\"}",
                    "{\"alg\":\"hs256\"}",
                    "{\"alg\":\"HS512\"}",
                    "{\"alg\":[\"HS256\"]}",
                    "{\"alg\":null}",
                    "{}",
                    "[]",
                    "null",
                    "{\"alg\":\"HS256\"")),
            Tuple.of(
                1,
                HostileJson.values()
                    .map(v -> "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":" + v + "}")));
    Arbitrary<String> sub =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.create(() -> "\"user-" + UUID.randomUUID() + "\"")),
            Tuple.of(
                4,
                HostileJson.oddText()
                    .map(s -> "\"user-" + UUID.randomUUID() + "-" + s.substring(1))),
            Tuple.of(3, HostileJson.oddText()),
            Tuple.of(2, HostileJson.strings()),
            Tuple.of(1, HostileJson.numbers()),
            Tuple.of(1, HostileJson.structures()));
    Arbitrary<String> aud =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.just("\"" + Tokens.AUDIENCE + "\"")),
            Tuple.of(1, Arbitraries.just("[\"" + Tokens.AUDIENCE + "\",\"x\"]")),
            Tuple.of(2, HostileJson.values()));
    Arbitrary<String> exp =
        Arbitraries.frequencyOf(
            Tuple.of(
                6, Arbitraries.just(String.valueOf(Instant.now().getEpochSecond() + 86_400 * 365))),
            Tuple.of(
                2,
                Arbitraries.of(
                    "\"" + (Instant.now().getEpochSecond() + 3600) + "\"",
                    (Instant.now().getEpochSecond() + 3600) + ".5",
                    "1e10",
                    "9223372036854775807",
                    "9223372036854775808",
                    "-9223372036854775808",
                    "253402300800",
                    "0",
                    "-1",
                    "null")),
            Tuple.of(2, HostileJson.values()));
    Arbitrary<String> optional =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.just("")), Tuple.of(1, HostileJson.values()));
    Arbitrary<String> claims =
        Combinators.combine(sub, aud, exp, optional, optional, optional)
            .as(
                (s, a, e, iat, nbf, email) -> {
                  List<String> members = new ArrayList<>();
                  members.add("\"sub\":" + s);
                  members.add("\"aud\":" + a);
                  members.add("\"exp\":" + e);
                  members.add("\"role\":\"authenticated\"");
                  if (!iat.isEmpty()) {
                    members.add("\"iat\":" + iat);
                  }
                  if (!nbf.isEmpty()) {
                    members.add("\"nbf\":" + nbf);
                  }
                  members.add("\"email\":" + (email.isEmpty() ? "\"owner@example.com\"" : email));
                  return "{" + String.join(",", members) + "}";
                });
    Arbitrary<ByteMutation> damage =
        damaged
            ? ByteMutation.invalidUtf8(List.of("sub", "email"))
            : Arbitraries.just((ByteMutation) null);
    return Combinators.combine(header, claims, damage).as(HostileTokens::new);
  }

  byte[] claimBytes() {
    byte[] bytes = claims.getBytes(StandardCharsets.UTF_8);
    return damage == null ? bytes : damage.apply(bytes);
  }

  /** header.claims.HMAC-SHA256 signature with the API's secret, base64url without padding. */
  String token() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input =
        b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claimBytes());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input
          + "."
          + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "header "
        + Shown.text(header)
        + ", claims "
        + Shown.bytes(claimBytes())
        + (damage == null ? "" : " (" + damage + ")");
  }
}
