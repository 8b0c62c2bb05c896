package dev.tracklayer.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.testing.RawConnection;
import dev.tracklayer.core.testing.RawConnection.Answer;
import dev.tracklayer.ingest.testing.Events;
import dev.tracklayer.ingest.testing.GatewayTestBase;
import dev.tracklayer.ingest.testing.TestData.Key;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The gateway's HTTP/1.1 as a hostile or merely unusual client meets it, byte by byte. */
class ProtocolTest extends GatewayTestBase {

  private RawConnection connect() throws Exception {
    return new RawConnection(port, Duration.ofSeconds(10));
  }

  private static String eventPost(Key key, String eventId, String framing) {
    String body = Json.toJson(Events.purchase(key.merchantId(), eventId));
    int length = body.getBytes(StandardCharsets.UTF_8).length;
    String head =
        "POST /v1/events HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
            + "Authorization: Bearer "
            + key.secret()
            + "\r\n";
    return switch (framing) {
      case "length" -> head + "Content-Length: " + length + "\r\n\r\n" + body;
      case "both" ->
          head
              + "Content-Length: "
              + length
              + "\r\nTransfer-Encoding: chunked\r\n\r\n"
              + Integer.toHexString(length)
              + "\r\n"
              + body
              + "\r\n0\r\n\r\n";
      default -> throw new IllegalArgumentException(framing);
    };
  }

  private static void assertJsonError(Answer answer, int status) {
    assertThat(answer.status()).isEqualTo(status);
    assertThat(answer.header("content-type")).startsWith("application/json");
    assertThat(
            Json.read(answer.body(), com.fasterxml.jackson.databind.JsonNode.class)
                .at("/error/code")
                .asText())
        .isNotBlank();
  }

  @Test
  void aRequestPipelinedAfterAnEventIsAnsweredInOrder() throws Exception {
    Key key = DATA.createMerchantWithKey();
    try (RawConnection http = connect()) {
      http.send(
          eventPost(key, Events.newEventId(), "length")
              + "GET /v1/pixel.js HTTP/1.1\r\nHost: t\r\n\r\n"
              + eventPost(key, Events.newEventId(), "length"));
      assertThat(http.read().status()).isEqualTo(202);
      assertThat(http.read().status()).isEqualTo(200);
      assertThat(http.read().status()).isEqualTo(202);
    }
  }

  @Test
  void twoFramingsInOneRequestAre400AndTheConnectionIsClosed() throws Exception {
    Key key = DATA.createMerchantWithKey();
    String eventId = Events.newEventId();
    try (RawConnection http = connect()) {
      assertJsonError(http.send(eventPost(key, eventId, "both")).read(), 400);
      assertThat(http.closedByServer()).isTrue();
    }
    assertThat(EVENTS.readNow(java.util.List.of(kafkaKey(key.merchantId(), eventId))))
        .doesNotContainKey(kafkaKey(key.merchantId(), eventId));
  }

  @Test
  void oversizedAndMalformedRequestsGetTheJsonErrorShape() throws Exception {
    Key key = DATA.createMerchantWithKey();
    try (RawConnection http = connect()) {
      assertThat(http.send(eventPost(key, Events.newEventId(), "length")).read().status())
          .isEqualTo(202);
      assertJsonError(
          http.send("GET /v1/pixel.js?" + "q".repeat(5000) + " HTTP/1.1\r\nHost: t\r\n\r\n").read(),
          414);
      assertThat(http.closedByServer()).isTrue();
    }
    try (RawConnection http = connect()) {
      assertJsonError(
          http.send("GET /v1/pixel.js HTTP/1.1\r\nHost: t\r\nX: " + "x".repeat(9000) + "\r\n\r\n")
              .read(),
          431);
    }
    try (RawConnection http = connect()) {
      assertJsonError(http.send("GET /v1/%zz HTTP/1.1\r\nHost: t\r\n\r\n").read(), 400);
    }
  }
}
