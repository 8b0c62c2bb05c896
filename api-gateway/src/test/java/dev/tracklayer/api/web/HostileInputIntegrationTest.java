package dev.tracklayer.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.support.ApiIntegrationTest;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.testing.RawConnection;
import dev.tracklayer.core.testing.RawConnection.Answer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;

/** What reaches the API below its controllers: HTTP framing, and bodies that are not UTF-8. */
class HostileInputIntegrationTest extends ApiIntegrationTest {
  @LocalServerPort int port;

  private static void assertJsonError(Answer answer, int status) {
    assertThat(answer.status()).isEqualTo(status);
    assertThat(answer.header("content-type")).startsWith("application/json");
    JsonNode error = Json.read(answer.body(), JsonNode.class).get("error");
    assertThat(error.get("code").asText()).isNotBlank();
    assertThat(error.get("details").isArray()).isTrue();
  }

  @Test
  void oversizedRequestsOnAUsedKeepAliveConnectionAreAlwaysAnswered() throws Exception {
    for (int round = 0; round < 20; round++) {
      try (RawConnection http = new RawConnection(port, Duration.ofSeconds(5))) {
        for (int i = 0; i < 3; i++) {
          http.send("GET /v1/account HTTP/1.1\r\nHost: t\r\n\r\n").read();
        }
        boolean line = round % 2 == 0;
        http.send(
            line
                ? "GET /v1/events?q=" + "a".repeat(5000) + " HTTP/1.1\r\nHost: t\r\n\r\n"
                : "GET /v1/events HTTP/1.1\r\nHost: t\r\nX: " + "h".repeat(9000) + "\r\n\r\n");
        assertJsonError(http.read(), line ? 414 : 431);
        assertThat(http.closedByServer()).isTrue();
      }
    }
  }

  @Test
  void malformedPercentEncodingGetsTheErrorShape() throws Exception {
    try (RawConnection http = new RawConnection(port, Duration.ofSeconds(5))) {
      assertJsonError(http.send("GET /v1/events/%zz HTTP/1.1\r\nHost: t\r\n\r\n").read(), 400);
    }
  }

  @Test
  void aBodyThatIsNotUtf8Is400NamingTheByteNotAStoredRewrite() {
    byte[] body = "{\"name\":\"aXXb\"}".getBytes(StandardCharsets.ISO_8859_1);
    body[10] = (byte) 0xc0;
    body[11] = (byte) 0xaf;
    post("/v1/api-keys", body)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("invalid_json")
        .jsonPath("$.error.message")
        .isEqualTo("the body is not valid UTF-8 at byte 10");
    web.post()
        .uri("/v1/api-keys")
        .headers(h -> h.setBearerAuth(token))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"name\":\"a\\ud800b\"}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.message")
        .isEqualTo("the body has an unpaired surrogate escape at byte 10");
    get("/v1/api-keys").exchange().expectBody().jsonPath("$.items.length()").isEqualTo(0);
  }

  @Test
  void duplicateKeysAndTrailingGarbageAre400NotAGuess() {
    for (String body : new String[] {"{\"name\":\"a\",\"name\":\"b\"}", "{\"name\":\"a\"}x"}) {
      post("/v1/api-keys", body.getBytes(StandardCharsets.UTF_8))
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("invalid_json");
    }
    get("/v1/api-keys").exchange().expectBody().jsonPath("$.items.length()").isEqualTo(0);
  }

  @Test
  void aBodyAnnouncedTooLargeIs413BeforeItIsRead() throws Exception {
    try (RawConnection http = new RawConnection(port, Duration.ofSeconds(5))) {
      http.send(
          "POST /v1/api-keys HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer "
              + token
              + "\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{");
      assertJsonError(http.read(), 413);
    }
  }

  @Test
  void aZeroMinValueWithAHugeScaleIsZeroNotA500() {
    post(
            "/v1/rules",
            "{\"name\":\"z\",\"conditions\":{\"min_value\":0e-1001},\"platforms\":[\"meta\"]}"
                .getBytes(StandardCharsets.UTF_8))
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.conditions.min_value")
        .isEqualTo(0);
  }
}
