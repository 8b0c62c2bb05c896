package dev.tracklayer.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.support.ApiIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The document a client generator or a reader of /v3/api-docs gets. */
class OpenApiIntegrationTest extends ApiIntegrationTest {
  static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

  @Test
  void everyOperationHasASummaryATagAndItsErrors() {
    JsonNode doc = body(web.get().uri("/v3/api-docs").exchange().expectStatus().isOk());

    List<String> operations = new ArrayList<>();
    Set<String> tags = new TreeSet<>();
    doc.get("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        entry -> {
                          if (!METHODS.contains(entry.getKey())) {
                            return;
                          }
                          String name = entry.getKey().toUpperCase() + " " + path.getKey();
                          JsonNode op = entry.getValue();
                          operations.add(name);
                          assertThat(op.path("summary").asText()).as(name).isNotBlank();
                          assertThat(op.path("tags")).as(name).isNotEmpty();
                          op.get("tags").forEach(t -> tags.add(t.asText()));
                          JsonNode responses = op.get("responses");
                          // The two public operations declare no security and so no 401.
                          boolean isPublic = op.has("security") && op.get("security").isEmpty();
                          assertThat(isPublic)
                              .as(name + " public")
                              .isEqualTo(
                                  name.equals("GET /v1/billing/plans")
                                      || name.equals("POST /v1/billing/webhook"));
                          assertThat(responses.has("401")).as(name + " 401").isEqualTo(!isPublic);
                          responses
                              .fields()
                              .forEachRemaining(
                                  r -> {
                                    if (r.getKey().matches("[45]\\d\\d")) {
                                      assertThat(
                                              r.getValue()
                                                  .at("/content/application~1json/schema/$ref")
                                                  .asText())
                                          .as(name + " " + r.getKey())
                                          .isEqualTo("#/components/schemas/ErrorBody");
                                    }
                                  });
                          JsonNode success =
                              responses.has("201") ? responses.get("201") : responses.get("200");
                          assertThat(success).as(name + " 2xx").isNotNull();
                          assertThat(success.path("content").findValue("schema"))
                              .as(name + " 2xx schema")
                              .isNotNull();
                        }));
    assertThat(operations)
        .containsExactlyInAnyOrder(
            "GET /v1/account",
            "PATCH /v1/account",
            "GET /v1/api-keys",
            "POST /v1/api-keys",
            "DELETE /v1/api-keys/{id}",
            "GET /v1/platforms",
            "GET /v1/platforms/catalog",
            "POST /v1/platforms",
            "DELETE /v1/platforms/{id}",
            "POST /v1/platforms/{id}/test",
            "GET /v1/rules",
            "POST /v1/rules",
            "PATCH /v1/rules/{id}",
            "DELETE /v1/rules/{id}",
            "GET /v1/events",
            "GET /v1/events/{id}",
            "GET /v1/events/stream",
            "POST /v1/events/{id}/replay",
            "POST /v1/events/{id}/forward",
            "POST /v1/events/{id}/retry-failed",
            "GET /v1/analytics/overview",
            "GET /v1/analytics/volume",
            "GET /v1/analytics/coverage",
            "GET /v1/analytics/quality",
            "GET /v1/analytics/delivery",
            "GET /v1/analytics/funnel",
            "GET /v1/analytics/revenue-attribution",
            "POST /v1/ai/chat",
            "GET /v1/billing/plans",
            "GET /v1/billing/usage",
            "POST /v1/billing/checkout",
            "POST /v1/billing/portal",
            "POST /v1/billing/webhook");
    assertThat(tags)
        .containsExactly(
            "AI chat",
            "API keys",
            "Account",
            "Analytics",
            "Billing",
            "Events",
            "Platforms",
            "Rules");
    assertThat(doc.at("/components/schemas/Usage/properties").has("percent_used")).isTrue();
    assertThat(doc.at("/components/schemas/Plan/properties").has("hard_cap")).isTrue();
    assertThat(doc.at("/components/schemas/Plan/properties").has("stripe_price_id")).isFalse();

    // Errors particular to an operation, and the one operation a suspended merchant may call.
    JsonNode paths = doc.get("paths");
    assertThat(paths.at("/~1v1~1platforms/post/responses").has("503")).isTrue();
    assertThat(paths.at("/~1v1~1platforms/post/responses").has("409")).isTrue();
    assertThat(paths.at("/~1v1~1rules~1{id}/patch/responses").has("404")).isTrue();
    assertThat(paths.at("/~1v1~1platforms/post/responses").has("403")).isTrue();
    assertThat(paths.at("/~1v1~1account/get/responses").has("403")).isFalse();
    assertThat(doc.at("/components/schemas/ErrorBody/properties").has("error")).isTrue();
    // The event detail's warnings (docs/ingest.md "Quality signals"), with the codes spelled out.
    JsonNode detail = doc.at("/components/schemas/EventDetail/properties");
    assertThat(detail.at("/warnings/type").asText()).isEqualTo("array");
    assertThat(doc.at("/components/schemas/Warning/properties/code/enum").toString())
        .contains("unknown_field", "no_matchable_identifier");
    // The analytics answers: their schemas, the range values, and by on the funnel.
    for (String endpoint :
        List.of(
            "overview",
            "volume",
            "coverage",
            "quality",
            "delivery",
            "funnel",
            "revenue-attribution")) {
      JsonNode op = paths.at("/~1v1~1analytics~1" + endpoint + "/get");
      assertThat(op.at("/responses/200/content").findValue("$ref").asText())
          .as(endpoint)
          .startsWith("#/components/schemas/");
      assertThat(op.at("/responses").has("400")).as(endpoint).isTrue();
      assertThat(op.at("/parameters/0/name").asText()).isEqualTo("range");
      assertThat(op.at("/parameters/0/schema/enum").toString()).contains("24h", "90d");
    }
    assertThat(doc.at("/components/schemas/Overview/properties").has("events_24h")).isTrue();
    assertThat(doc.at("/components/schemas/Overview/properties").has("deltas")).isTrue();
    assertThat(doc.at("/components/schemas/Quality/properties").has("issues")).isTrue();
    assertThat(doc.at("/components/schemas/PlatformFlow/properties").has("reasons")).isTrue();
    assertThat(paths.at("/~1v1~1analytics~1funnel/get/parameters/1/name").asText()).isEqualTo("by");
    assertThat(doc.at("/components/schemas/Account/properties").has("timezone")).isTrue();
    // The chat streams SSE, and says what refuses it before the stream starts.
    JsonNode chat = paths.at("/~1v1~1ai~1chat/post");
    assertThat(chat.at("/responses/200/content").has("text/event-stream")).isTrue();
    assertThat(chat.at("/responses").has("400")).isTrue();
    assertThat(chat.at("/responses").has("429")).isTrue();
    assertThat(chat.at("/responses").has("503")).isTrue();
    assertThat(doc.at("/components/schemas/ChatRequest/properties").has("conversation_id"))
        .isTrue();
    // The live stream is SSE too; its filters are refused before it starts.
    JsonNode live = paths.at("/~1v1~1events~1stream/get");
    assertThat(live.at("/responses/200/content").has("text/event-stream")).isTrue();
    assertThat(live.at("/responses").has("400")).isTrue();
    assertThat(live.findValuesAsText("name")).contains("event_name", "platform", "status");
  }

  @Test
  void theBearerSchemeIsDeclaredAndRequired() {
    JsonNode doc = body(web.get().uri("/v3/api-docs").exchange().expectStatus().isOk());
    JsonNode bearer = doc.at("/components/securitySchemes/bearer");
    assertThat(bearer.path("type").asText()).isEqualTo("http");
    assertThat(bearer.path("scheme").asText()).isEqualTo("bearer");
    assertThat(bearer.path("bearerFormat").asText()).isEqualTo("JWT");
    assertThat(doc.at("/security/0").has("bearer")).isTrue();
  }
}
