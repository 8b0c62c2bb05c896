package dev.tracklayer.api.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.support.ApiIntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared test context has no Anthropic key, as a fresh install has none. */
class ChatWithoutKeyIntegrationTest extends ApiIntegrationTest {

  @Test
  void answers503AsJsonWithoutAnApiKey() {
    JsonNode error =
        body(
            post(
                    "/v1/ai/chat",
                    Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))))
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .contentType("application/json"));
    assertThat(error.at("/error/code").asText()).isEqualTo("ai_not_configured");
    assertThat(error.at("/error/message").asText()).contains("TRACKLAYER_ANTHROPIC_API_KEY");
    assertThat(error.at("/error/details")).isEmpty();
  }

  @Test
  void needsAToken() {
    web.post()
        .uri("/v1/ai/chat")
        .bodyValue(Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))))
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }
}
