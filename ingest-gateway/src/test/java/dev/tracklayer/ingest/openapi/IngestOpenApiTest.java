package dev.tracklayer.ingest.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.ingest.errors.UnsupportedMethodRoutes;
import dev.tracklayer.ingest.testing.GatewayTestBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** GET /v3/api-docs on the public port: what integrators read to send events. */
class IngestOpenApiTest extends GatewayTestBase {

  private JsonNode document() throws Exception {
    String body =
        client
            .get()
            .uri("/v3/api-docs")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    return Json.readTree(body);
  }

  @Test
  void listsEveryPathAndMethodTheGatewayServes() throws Exception {
    JsonNode paths = document().path("paths");
    List<String> missing = new ArrayList<>();
    UnsupportedMethodRoutes.served()
        .forEach(
            (path, methods) -> {
              for (HttpMethod m : methods) {
                if (m != HttpMethod.OPTIONS
                    && paths.path(path).path(m.name().toLowerCase()).isMissingNode()) {
                  missing.add(m + " " + path);
                }
              }
            });
    assertThat(missing).as("served but not documented").isEmpty();
    assertThat(paths.size()).as("documented but not served").isEqualTo(3);
  }

  @Test
  void describesTheEventAsTheGatewayParsesItAndEveryAnswer() throws Exception {
    JsonNode doc = document();
    JsonNode event = doc.at("/components/schemas/TrackEvent");
    assertThat(event.path("properties").has("event_name")).isTrue();
    assertThat(event.path("properties").has("user_data")).isTrue();
    assertThat(event.path("properties").has("received_at")).as("set by the gateway").isFalse();
    assertThat(event.path("properties").has("api_key_id")).as("set by the gateway").isFalse();
    assertThat(doc.at("/components/schemas/UserData/properties").has("email")).isTrue();

    JsonNode post = doc.at("/paths/~1v1~1events/post");
    assertThat(post.path("responses").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("202", "400", "401", "403", "409", "413", "415", "429", "503");
    assertThat(post.at("/responses/409/content/application~1json/schema/$ref").asText())
        .isEqualTo("#/components/schemas/ErrorBody");
    assertThat(doc.at("/components/schemas/ErrorBody/properties/error/properties/code/enum"))
        .extracting(JsonNode::asText)
        .contains("duplicate_event", "validation_failed", "rate_limited", "quota_exceeded");
    assertThat(post.at("/responses/429/description").asText()).contains("quota_exceeded");
    assertThat(doc.at("/paths/~1v1~1browser~1events/post/responses/429/description").asText())
        .contains("quota_exceeded");
    assertThat(doc.at("/paths/~1v1~1browser~1events/post/requestBody/content").has("text/plain"))
        .isTrue();
  }
}
