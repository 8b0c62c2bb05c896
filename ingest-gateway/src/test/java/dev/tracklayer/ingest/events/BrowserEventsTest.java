package dev.tracklayer.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.ingest.testing.Events;
import dev.tracklayer.ingest.testing.GatewayTestBase;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** POST /v1/browser/events: merchant check, CORS, rate limit, bots, filled user data. */
class BrowserEventsTest extends GatewayTestBase {
  static final String CHROME =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/131.0.0.0 Safari/537.36";
  private static final AtomicInteger NEXT_IP = new AtomicInteger(1);

  /** A client address of its own per test, so rate limits of other tests do not interfere. */
  private static String freshIp() {
    int n = NEXT_IP.getAndIncrement();
    return "203.0." + (n / 250) + "." + (n % 250 + 1);
  }

  private WebTestClient.ResponseSpec post(Object body, String clientIp, String userAgent) {
    WebTestClient.RequestBodySpec request =
        client
            .post()
            .uri("/v1/browser/events")
            .contentType(MediaType.TEXT_PLAIN)
            .header("X-Forwarded-For", clientIp);
    if (userAgent != null) {
      request.header(HttpHeaders.USER_AGENT, userAgent);
    }
    return request.bodyValue(body instanceof JsonNode n ? Json.toJson(n) : body).exchange();
  }

  @Test
  void acceptedBrowserEventCarriesTheClientsAddressAndUserAgent() {
    String merchant = DATA.createMerchant("active");
    String eventId = Events.newEventId();
    String ip = freshIp();
    ObjectNode body = Events.pageView(merchant, eventId);
    body.put("source", "server");

    post(body, "198.51.100.7, " + ip, CHROME)
        .expectStatus()
        .isAccepted()
        .expectBody()
        .json("{\"success\":true,\"event_id\":\"" + eventId + "\"}", true);

    JsonNode written = EVENTS.awaitOne(kafkaKey(merchant, eventId), KAFKA_WAIT).value();
    assertThat(written.get("source").asText()).isEqualTo("browser");
    // The rightmost address our trusted proxy (loopback) did not write is the client.
    assertThat(written.at("/user_data/client_ip").asText()).isEqualTo(ip);
    assertThat(written.at("/user_data/user_agent").asText()).isEqualTo(CHROME);
    assertThat(written.get("ingest_ip").asText()).isEqualTo(ip);
    assertThat(written.get("ingest_user_agent").asText()).isEqualTo(CHROME);
    assertThat(written.has("api_key_id")).isFalse();
    assertThat(written.get("received_at").asLong()).isPositive();
  }

  @Test
  void userDataTheBrowserSentIsKept() {
    String merchant = DATA.createMerchant("active");
    String eventId = Events.newEventId();
    ObjectNode body = Events.pageView(merchant, eventId);
    body.putObject("user_data").put("client_ip", "2001:db8::1").put("user_agent", "Custom/1.0");

    post(body, freshIp(), CHROME).expectStatus().isAccepted();

    JsonNode written = EVENTS.awaitOne(kafkaKey(merchant, eventId), KAFKA_WAIT).value();
    assertThat(written.at("/user_data/client_ip").asText()).isEqualTo("2001:db8::1");
    assertThat(written.at("/user_data/user_agent").asText()).isEqualTo("Custom/1.0");
  }

  @Test
  void unknownOrSuspendedMerchantGets422() {
    String suspended = DATA.createMerchant("suspended");
    for (String merchant : List.of("00000000-0000-4000-8000-000000000000", suspended)) {
      post(Events.pageView(merchant, null), freshIp(), CHROME)
          .expectStatus()
          .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY)
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("unknown_merchant");
    }
  }

  @Test
  void merchantIdIsRequiredAndValidated() {
    ObjectNode body = Events.pageView("not-a-uuid", null);
    post(body, freshIp(), CHROME)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.details[0].path")
        .isEqualTo("$.merchant_id");
    body.remove("merchant_id");
    post(body, freshIp(), CHROME)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.details[0].code")
        .isEqualTo("required");
  }

  @Test
  void jsonAndTextPlainAreAcceptedOtherTypesAre415() {
    String merchant = DATA.createMerchant("active");
    client
        .post()
        .uri("/v1/browser/events")
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-Forwarded-For", freshIp())
        .header(HttpHeaders.USER_AGENT, CHROME)
        .bodyValue(Json.toJson(Events.pageView(merchant, null)))
        .exchange()
        .expectStatus()
        .isAccepted();
    client
        .post()
        .uri("/v1/browser/events")
        .contentType(MediaType.APPLICATION_XML)
        .header(HttpHeaders.USER_AGENT, CHROME)
        .bodyValue(Json.toJson(Events.pageView(merchant, null)))
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("unsupported_media_type");
  }

  @Test
  void corsPreflightAllowsAnyStorefront() {
    client
        .options()
        .uri("/v1/browser/events")
        .header(HttpHeaders.ORIGIN, "https://shop.example")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
        .exchange()
        .expectStatus()
        .isNoContent()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "POST")
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type")
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "86400");
  }

  @Test
  void corsHeadersAreOnAcceptedAndRefusedResponses() {
    String merchant = DATA.createMerchant("active");
    for (String body : List.of(Json.toJson(Events.pageView(merchant, null)), "{")) {
      client
          .post()
          .uri("/v1/browser/events")
          .contentType(MediaType.TEXT_PLAIN)
          .header(HttpHeaders.ORIGIN, "https://shop.example")
          .header("X-Forwarded-For", freshIp())
          .header(HttpHeaders.USER_AGENT, CHROME)
          .bodyValue(body)
          .exchange()
          .expectHeader()
          .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
          .expectHeader()
          .valueEquals(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, "Retry-After");
    }
  }

  @Test
  void copiesRefusedAs409DoNotCountTowardTheRateLimit() {
    String merchant = DATA.createMerchant("active");
    String ip = freshIp();
    ObjectNode event = Events.pageView(merchant, Events.newEventId());
    post(event, ip, CHROME).expectStatus().isAccepted();
    for (int i = 0; i < 30; i++) { // a pixel whose answers got lost, retrying
      post(event, ip, CHROME).expectStatus().isEqualTo(HttpStatus.CONFLICT);
    }
    for (int i = 0; i < 29; i++) {
      post(Events.pageView(merchant, null), ip, CHROME).expectStatus().isAccepted();
    }
    post(Events.pageView(merchant, null), ip, CHROME)
        .expectStatus()
        .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
  }

  @Test
  void thirtyEventsPerMinutePerMerchantAndClientThen429() {
    String merchant = DATA.createMerchant("active");
    String ip = freshIp();
    double limited = eventCount("browser", "rate_limited");
    for (int i = 0; i < 30; i++) {
      post(Events.pageView(merchant, null), ip, CHROME).expectStatus().isAccepted();
    }
    WebTestClient.ResponseSpec refused =
        post(Events.pageView(merchant, null), ip, CHROME)
            .expectStatus()
            .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    refused.expectBody().jsonPath("$.error.code").isEqualTo("rate_limited");
    refused
        .expectHeader()
        .value(HttpHeaders.RETRY_AFTER, v -> assertThat(Integer.parseInt(v)).isBetween(1, 60));
    assertThat(eventCount("browser", "rate_limited")).isEqualTo(limited + 1);

    // Another client of the same merchant, and the same client of another merchant, go on.
    post(Events.pageView(merchant, null), freshIp(), CHROME).expectStatus().isAccepted();
    post(Events.pageView(DATA.createMerchant("active"), null), ip, CHROME)
        .expectStatus()
        .isAccepted();
  }

  @Test
  void botsAreAnsweredLikePeopleButNeverWritten() {
    String merchant = DATA.createMerchant("active");
    double dropped = eventCount("browser", "bot_dropped");
    List<String> botKeys = new ArrayList<>();
    for (String ua :
        new String[] {
          "",
          "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
          "Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1",
          "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
          "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
          "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
          "python-requests/2.31.0"
        }) {
      String eventId = Events.newEventId();
      botKeys.add(kafkaKey(merchant, eventId));
      post(Events.pageView(merchant, eventId), freshIp(), ua)
          .expectStatus()
          .isAccepted()
          .expectBody()
          .jsonPath("$.event_id")
          .isEqualTo(eventId);
    }
    // No User-Agent header at all (HTTP clients add one unless told otherwise, so by hand).
    String noUa = Events.newEventId();
    botKeys.add(kafkaKey(merchant, noUa));
    assertThat(rawPostWithoutUserAgent(Json.toJson(Events.pageView(merchant, noUa))))
        .startsWith("HTTP/1.1 202")
        .contains(noUa);
    assertThat(eventCount("browser", "bot_dropped")).isEqualTo(dropped + botKeys.size());

    // A person's event sent after them arrives; by then none of the bots' had.
    String human = Events.newEventId();
    post(Events.pageView(merchant, human), freshIp(), CHROME).expectStatus().isAccepted();
    EVENTS.await(List.of(kafkaKey(merchant, human)), KAFKA_WAIT);
    assertThat(EVENTS.readNow(botKeys)).isEmpty();
  }

  private String rawPostWithoutUserAgent(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/browser/events HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                  + "X-Forwarded-For: "
                  + freshIp()
                  + "\r\n"
                  + "Content-Type: text/plain\r\nContent-Length: "
                  + bytes.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void browserEventsAreDeduplicatedToo() {
    String merchant = DATA.createMerchant("active");
    String eventId = Events.newEventId();
    post(Events.pageView(merchant, eventId), freshIp(), CHROME).expectStatus().isAccepted();
    post(Events.pageView(merchant, eventId), freshIp(), CHROME)
        .expectStatus()
        .isEqualTo(HttpStatus.CONFLICT)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("duplicate_event");
  }
}
