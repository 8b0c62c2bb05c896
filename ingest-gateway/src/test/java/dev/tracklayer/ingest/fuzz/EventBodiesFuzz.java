package dev.tracklayer.ingest.fuzz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.core.testing.fuzz.ByteMutation;
import dev.tracklayer.core.testing.fuzz.HostileJson;
import dev.tracklayer.core.testing.fuzz.JsonMutation;
import dev.tracklayer.core.testing.fuzz.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile bodies for an event endpoint (docs/reliability.md, "Hostile input"): a valid purchase
 * with hostile values at any JSON path (one property per kind of value, so each kind's first
 * failure is seen), or with its bytes broken below JSON. Tries come from jqwik's default
 * (src/test/resources/junit-platform.properties; tools/fuzz raises it).
 */
abstract class EventBodiesFuzz {
  static final FuzzedGateway GATEWAY = FuzzedGateway.get();
  static final ObjectNode TEMPLATE = FuzzBodies.event(GATEWAY.merchantId());

  /** The endpoint a case posts to; {@code variant} picks among its forms (JSON or text/plain). */
  abstract Endpoint endpoint(boolean variant);

  @Property
  void numbersAtTheEdges(
      @ForAll("hostileNumbers") List<JsonMutation> mutations, @ForAll boolean variant) {
    post(endpoint(variant), values(mutations));
  }

  @Property
  void hostileStrings(
      @ForAll("hostileStrings") List<JsonMutation> mutations, @ForAll boolean variant) {
    post(endpoint(variant), values(mutations));
  }

  @Property
  void oddButValidTextIsStoredAsSent(
      @ForAll("oddText") List<JsonMutation> mutations, @ForAll boolean variant) {
    post(endpoint(variant), values(mutations));
  }

  @Property
  void wrongTypesNestingAndNonJsonTokens(
      @ForAll("hostileStructures") List<JsonMutation> mutations, @ForAll boolean variant) {
    post(endpoint(variant), values(mutations));
  }

  @Property
  void invalidUtf8(@ForAll("invalidUtf8") List<ByteMutation> mutations, @ForAll boolean variant) {
    post(endpoint(variant), bytes(mutations));
  }

  @Property
  void bomsAndOtherEncodings(
      @ForAll("otherEncodings") ByteMutation mutation, @ForAll boolean variant) {
    post(endpoint(variant), bytes(List.of(mutation)));
  }

  @Property
  void duplicateKeys(@ForAll("duplicateKeys") ByteMutation mutation, @ForAll boolean variant) {
    post(endpoint(variant), bytes(List.of(mutation)));
  }

  @Property
  void brokenStructure(
      @ForAll("brokenStructure") List<ByteMutation> mutations, @ForAll boolean variant) {
    post(endpoint(variant), bytes(mutations));
  }

  @Provide
  Arbitrary<List<JsonMutation>> hostileNumbers() {
    return JsonMutation.several(TEMPLATE, HostileJson.numbers(), 3);
  }

  @Provide
  Arbitrary<List<JsonMutation>> hostileStrings() {
    return JsonMutation.several(TEMPLATE, HostileJson.strings(), 3);
  }

  @Provide
  Arbitrary<List<JsonMutation>> oddText() {
    return JsonMutation.at(FuzzBodies.TEXT_PATHS, HostileJson.oddText())
        .list()
        .ofMinSize(1)
        .ofMaxSize(4);
  }

  @Provide
  Arbitrary<List<JsonMutation>> hostileStructures() {
    return JsonMutation.several(TEMPLATE, HostileJson.structures(), 3);
  }

  @Provide
  Arbitrary<List<ByteMutation>> invalidUtf8() {
    return ByteMutation.invalidUtf8(FuzzBodies.STRING_KEYS).list().ofMinSize(1).ofMaxSize(2);
  }

  @Provide
  Arbitrary<ByteMutation> otherEncodings() {
    return ByteMutation.otherEncodings();
  }

  @Provide
  Arbitrary<ByteMutation> duplicateKeys() {
    return ByteMutation.duplicateKeys(FuzzBodies.STRING_KEYS);
  }

  @Provide
  Arbitrary<List<ByteMutation>> brokenStructure() {
    return ByteMutation.structure(FuzzBodies.STRING_KEYS).list().ofMinSize(1).ofMaxSize(2);
  }

  private static byte[] values(List<JsonMutation> mutations) {
    return JsonMutation.apply(FuzzBodies.fresh(TEMPLATE), mutations)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(List<ByteMutation> mutations) {
    byte[] body = FuzzBodies.fresh(TEMPLATE).toString().getBytes(StandardCharsets.UTF_8);
    for (ByteMutation m : mutations) {
      body = m.apply(body);
    }
    return body;
  }

  private static void post(Endpoint endpoint, byte[] body) {
    byte[] request =
        RawHttp.request(
            endpoint.method, endpoint.path, endpoint.headers(GATEWAY, body.length), body);
    RawHttp.Response response = Verdicts.exchange(GATEWAY, request, false, false);
    Verdicts.acceptedMeansStoredAsSent(GATEWAY, endpoint, response, body, Endpoint.CHROME);
  }
}
