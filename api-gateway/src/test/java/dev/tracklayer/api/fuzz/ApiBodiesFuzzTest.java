package dev.tracklayer.api.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.testing.fuzz.ByteMutation;
import dev.tracklayer.core.testing.fuzz.HostileJson;
import dev.tracklayer.core.testing.fuzz.JsonMutation;
import dev.tracklayer.core.testing.fuzz.RawHttp;
import dev.tracklayer.core.testing.fuzz.Shown;
import dev.tracklayer.core.testing.fuzz.StrictJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile bodies for the API's writes (POST /v1/api-keys, PATCH /v1/account, POST /v1/platforms,
 * POST /v1/rules): no 5xx, the JSON error shape, no stack trace for a 4xx, and what a success
 * stored reads back as sent (docs/reliability.md, "Hostile input").
 */
class ApiBodiesFuzzTest {
  private static final FuzzedApi API = FuzzedApi.get();
  private static final List<String> STRING_KEYS =
      List.of("name", "email", "store_url", "test_event_code", "access_token");

  /** A resource and a body for it. */
  record Case(ApiResource resource, byte[] body, String how) {
    @Override
    public String toString() {
      return resource + " " + how;
    }
  }

  @Property
  void numbersAtTheEdges(@ForAll("hostileNumbers") Case c) {
    send(c);
  }

  @Property
  void hostileStrings(@ForAll("hostileStrings") Case c) {
    send(c);
  }

  @Property
  void oddButValidTextIsStoredAsSent(@ForAll("oddText") Case c) {
    send(c);
  }

  @Property
  void wrongTypesNestingAndNonJsonTokens(@ForAll("hostileStructures") Case c) {
    send(c);
  }

  @Property
  void invalidUtf8(@ForAll("invalidUtf8") Case c) {
    send(c);
  }

  @Property
  void bomsAndOtherEncodings(@ForAll("otherEncodings") Case c) {
    send(c);
  }

  @Property
  void duplicateKeys(@ForAll("duplicateKeys") Case c) {
    send(c);
  }

  @Property
  void brokenStructure(@ForAll("brokenStructure") Case c) {
    send(c);
  }

  @Provide
  Arbitrary<Case> hostileNumbers() {
    return values(r -> JsonMutation.several(r.template, HostileJson.numbers(), 3));
  }

  @Provide
  Arbitrary<Case> hostileStrings() {
    return values(r -> JsonMutation.several(r.template, HostileJson.strings(), 3));
  }

  @Provide
  Arbitrary<Case> oddText() {
    return values(
        r -> JsonMutation.at(r.textPaths, HostileJson.oddText()).list().ofMinSize(1).ofMaxSize(2));
  }

  @Provide
  Arbitrary<Case> hostileStructures() {
    return values(r -> JsonMutation.several(r.template, HostileJson.structures(), 3));
  }

  @Provide
  Arbitrary<Case> invalidUtf8() {
    return bytes(ByteMutation.invalidUtf8(STRING_KEYS));
  }

  @Provide
  Arbitrary<Case> otherEncodings() {
    return bytes(ByteMutation.otherEncodings());
  }

  @Provide
  Arbitrary<Case> duplicateKeys() {
    return bytes(ByteMutation.duplicateKeys(STRING_KEYS));
  }

  @Provide
  Arbitrary<Case> brokenStructure() {
    return bytes(ByteMutation.structure(STRING_KEYS));
  }

  private static Arbitrary<Case> values(
      Function<ApiResource, Arbitrary<List<JsonMutation>>> mutations) {
    return Arbitraries.of(ApiResource.class)
        .flatMap(
            r ->
                mutations
                    .apply(r)
                    .map(
                        ms ->
                            new Case(
                                r,
                                JsonMutation.apply(r.template, ms).getBytes(StandardCharsets.UTF_8),
                                ms.toString())));
  }

  private static Arbitrary<Case> bytes(Arbitrary<ByteMutation> mutation) {
    return Arbitraries.of(ApiResource.class)
        .flatMap(
            r ->
                mutation
                    .list()
                    .ofMinSize(1)
                    .ofMaxSize(2)
                    .map(
                        ms -> {
                          byte[] body = r.template.toString().getBytes(StandardCharsets.UTF_8);
                          for (ByteMutation m : ms) {
                            body = m.apply(body);
                          }
                          return new Case(r, body, ms.toString());
                        }));
  }

  private static String user;
  private static int userCases;

  /**
   * A user for the next case: a new one for every platform connection (one per platform and
   * merchant), else one per 25 cases, so that provisioning is not most of a case's cost and no
   * merchant gathers thousands of rules (each change publishes all of them).
   */
  private static String userFor(ApiResource resource) {
    if (resource == ApiResource.PLATFORMS) {
      return FuzzedApi.newUser();
    }
    if (user == null || ++userCases % 25 == 0) {
      user = FuzzedApi.newUser();
    }
    return user;
  }

  private static void send(Case c) {
    String token = userFor(c.resource());
    RawHttp.Response response =
        API.exchange(
            API.request(c.resource().method, c.resource().path, token, c.body()), false, false);
    if (response.status() >= 300) {
      return;
    }
    if (c.body().length == 0 && c.resource() == ApiResource.API_KEYS) {
      return; // no body at all: the name is optional, and so is the body (docs/api.md)
    }
    JsonNode sent =
        StrictJson.parse(c.body())
            .orElseThrow(
                () ->
                    new AssertionError(
                        "a "
                            + response.status()
                            + " for a body that is not JSON text in UTF-8 (RFC 8259): whatever"
                            + " was stored is a guess; body: "
                            + Shown.bytes(c.body())));
    JsonNode stored = c.resource().readBack(API, token, ApiResource.body(response));
    List<String> differences = c.resource().differences(sent, stored);
    if (!differences.isEmpty()) {
      throw new AssertionError("stored differently from what was sent: " + differences);
    }
  }
}
