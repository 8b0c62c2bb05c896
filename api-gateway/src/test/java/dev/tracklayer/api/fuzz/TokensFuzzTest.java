package dev.tracklayer.api.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.testing.fuzz.HttpAbuse.Wire;
import dev.tracklayer.core.testing.fuzz.RawHttp;
import dev.tracklayer.core.testing.fuzz.Shown;
import dev.tracklayer.core.testing.fuzz.StrictJson;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Correctly signed JWTs with hostile headers and claims, and Authorization headers that are not
 * JWTs at all, on GET /v1/account (which provisions a merchant for a new subject).
 */
class TokensFuzzTest {
  private static final FuzzedApi API = FuzzedApi.get();

  /** Merchant id → the subject it was provisioned for, across the whole run. */
  private static final Map<String, String> SUBJECTS = new ConcurrentHashMap<>();

  @Property
  void signedTokensWithHostileClaims(@ForAll("tokens") HostileTokens token) {
    check(token);
  }

  /** The same with the claims' bytes broken: invalid or overlong UTF-8 in the subject. */
  @Property
  void signedTokensWithInvalidUtf8InClaims(@ForAll("damagedTokens") HostileTokens token) {
    check(token);
  }

  private static void check(HostileTokens token) {
    RawHttp.Response response =
        API.exchange(API.request("GET", "/v1/account", token.token(), null), false, false);
    if (response.status() != 200) {
      return;
    }
    JsonNode claims =
        StrictJson.parse(token.claimBytes())
            .orElseThrow(
                () ->
                    new AssertionError(
                        "200 for a token whose claims are not JSON text in UTF-8: the subject"
                            + " it was provisioned for is a guess"));
    JsonNode sub = claims.get("sub");
    if (sub == null || !sub.isTextual()) {
      throw new AssertionError("200 for a token without a string sub: " + claims);
    }
    String merchant = ApiResource.body(response).path("merchant_id").asText();
    String before = SUBJECTS.putIfAbsent(merchant, sub.textValue());
    if (before != null && !before.equals(sub.textValue())) {
      throw new AssertionError(
          "two subjects share merchant "
              + merchant
              + ": "
              + Shown.text(before)
              + " and "
              + Shown.text(sub.textValue()));
    }
  }

  @Property
  void authorizationHeadersThatAreNotTokens(@ForAll("authorizations") Wire authorization) {
    List<String[]> headers =
        List.of(
            new String[] {"Host", "127.0.0.1:" + API.port},
            new String[] {"Authorization", authorization.text()});
    API.exchange(RawHttp.request("GET", "/v1/account", headers, null), false, false);
  }

  @Provide
  Arbitrary<HostileTokens> tokens() {
    return HostileTokens.any(false);
  }

  @Provide
  Arbitrary<HostileTokens> damagedTokens() {
    return HostileTokens.any(true);
  }

  @Provide
  Arbitrary<Wire> authorizations() {
    Arbitrary<String> segment =
        Arbitraries.strings()
            .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/.%")
            .ofMaxLength(60);
    return Arbitraries.oneOf(
            segment
                .list()
                .ofMinSize(1)
                .ofMaxSize(6)
                .map(parts -> "Bearer " + String.join(".", parts)),
            Arbitraries.of(
                "Bearer",
                "Bearer ",
                "Bearer  x",
                "bearer " + FuzzedApi.newUser(),
                "BEARER " + FuzzedApi.newUser(),
                "Bearer " + FuzzedApi.newUser() + " extra",
                "Bearer " + FuzzedApi.newUser() + ".",
                "Bearer ." + FuzzedApi.newUser(),
                "Bearer ..",
                "Bearer " + "a".repeat(7_000),
                "Bearer " + "a.".repeat(3_000),
                "Basic dXNlcjpwYXNz",
                "Bearer \u00e9\u00ff",
                "Bearer a\u0000b",
                "Digest x",
                ""))
        .map(Wire::new);
  }
}
