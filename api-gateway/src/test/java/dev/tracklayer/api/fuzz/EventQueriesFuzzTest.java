package dev.tracklayer.api.fuzz;

import dev.tracklayer.core.testing.fuzz.HttpAbuse.Wire;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile query parameters of GET /v1/events and ids of GET /v1/events/{id}: values that reach the
 * handler (well encoded), and URLs that are themselves broken (raw bytes, bad percent-encoding).
 */
class EventQueriesFuzzTest {
  private static final FuzzedApi API = FuzzedApi.get();
  private static final String TOKEN = FuzzedApi.newUser();
  private static final List<String> PARAMETERS =
      List.of(
          "limit",
          "offset",
          "platform",
          "status",
          "event_name",
          "source",
          "start",
          "end",
          "search",
          "orderBy",
          "orderDirection",
          "unknown",
          "limit%5B%5D",
          "");

  @Property
  void hostileQueryParameters(@ForAll("queries") Wire query) {
    API.exchange(API.request("GET", "/v1/events?" + query.text(), TOKEN, null), false, false);
  }

  @Property
  void hostilePathIds(@ForAll("ids") Wire id) {
    API.exchange(API.request("GET", "/v1/events/" + id.text(), TOKEN, null), false, false);
  }

  @Property
  void brokenQueryStrings(@ForAll("brokenQueries") Wire query) {
    API.exchange(API.request("GET", "/v1/events?" + query.text(), TOKEN, null), false, false);
  }

  @Property
  void brokenPathIds(@ForAll("brokenIds") Wire id) {
    API.exchange(API.request("GET", "/v1/events/" + id.text(), TOKEN, null), false, false);
  }

  @Provide
  Arbitrary<Wire> queries() {
    return query(QueryValues.encoded());
  }

  @Provide
  Arbitrary<Wire> brokenQueries() {
    return query(QueryValues.broken());
  }

  @Provide
  Arbitrary<Wire> ids() {
    return QueryValues.encoded().filter(id -> !id.isEmpty()).map(Wire::new);
  }

  @Provide
  Arbitrary<Wire> brokenIds() {
    return QueryValues.broken().filter(id -> !id.isEmpty()).map(Wire::new);
  }

  private static Arbitrary<Wire> query(Arbitrary<String> values) {
    return Combinators.combine(Arbitraries.of(PARAMETERS), values)
        .as((name, value) -> name + "=" + value)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(pairs -> new Wire(String.join("&", pairs)));
  }
}
