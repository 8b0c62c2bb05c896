package dev.tracklayer.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.ingest.testing.ConcurrentPosts;
import dev.tracklayer.ingest.testing.Events;
import dev.tracklayer.ingest.testing.GatewayTestBase;
import dev.tracklayer.ingest.testing.TestData.Key;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/** POST /v1/events against the real broker and database: every status code the contract names. */
class ServerEventsTest extends GatewayTestBase {

  private WebTestClient.ResponseSpec post(Key key, Object body) {
    return post("/v1/events", key, body);
  }

  private WebTestClient.ResponseSpec post(String uri, Key key, Object body) {
    return client
        .post()
        .uri(uri)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + key.secret())
        .header(HttpHeaders.USER_AGENT, "merchant-backend/1.0")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body instanceof JsonNode n ? Json.toJson(n) : body)
        .exchange();
  }

  private static void expectError(
      WebTestClient.ResponseSpec response, HttpStatus status, String code) {
    response
        .expectStatus()
        .isEqualTo(status)
        .expectHeader()
        .contentType(MediaType.APPLICATION_JSON)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo(code)
        .jsonPath("$.error.message")
        .isNotEmpty()
        .jsonPath("$.error.details")
        .isArray();
  }

  @Test
  void acceptedEventIsInKafkaWithWhatTheGatewaySaw() {
    Key key = DATA.createMerchantWithKey();
    String eventId = Events.newEventId();
    ObjectNode body = Events.purchase(key.merchantId(), eventId);
    long before = System.currentTimeMillis();

    post(key, body)
        .expectStatus()
        .isAccepted()
        .expectBody()
        .json("{\"success\":true,\"event_id\":\"" + eventId + "\"}", true);

    JsonNode written = EVENTS.awaitOne(kafkaKey(key.merchantId(), eventId), KAFKA_WAIT).value();
    assertThat(written.get("event_id").asText()).isEqualTo(eventId);
    assertThat(written.get("merchant_id").asText()).isEqualTo(key.merchantId());
    assertThat(written.get("source").asText()).isEqualTo("server");
    assertThat(written.get("api_key_id").asText()).isEqualTo(key.id());
    assertThat(written.get("received_at").asLong()).isBetween(before, System.currentTimeMillis());
    assertThat(written.get("ingest_ip").asText()).isEqualTo("127.0.0.1");
    assertThat(written.get("ingest_user_agent").asText()).isEqualTo("merchant-backend/1.0");
    assertThat(written.get("value").decimalValue()).isEqualByComparingTo("129.99");
    assertThat(written.get("items").get(0).get("id").asText()).isEqualTo("SKU-A");
    // A server event's user_data is the merchant's word about the shopper: nothing added.
    assertThat(written.get("user_data")).isEqualTo(body.get("user_data"));
  }

  @Test
  void merchantComesFromTheKeyAndAnEventIdIsAssignedWhenMissing() {
    Key key = DATA.createMerchantWithKey();
    ObjectNode body = Events.purchase(null, "x");
    body.remove("event_id");
    body.put("source", "browser");

    byte[] response =
        post(key, body).expectStatus().isAccepted().expectBody().returnResult().getResponseBody();
    String eventId = Json.read(response, JsonNode.class).get("event_id").asText();
    assertThat(eventId).isNotBlank();

    JsonNode written = EVENTS.awaitOne(kafkaKey(key.merchantId(), eventId), KAFKA_WAIT).value();
    assertThat(written.get("merchant_id").asText()).isEqualTo(key.merchantId());
    assertThat(written.get("source").asText()).isEqualTo("server");
  }

  @Test
  void offlineSourceIsKept() {
    Key key = DATA.createMerchantWithKey();
    String eventId = Events.newEventId();
    post(key, Events.purchase(key.merchantId(), eventId).put("source", "offline"))
        .expectStatus()
        .isAccepted();
    JsonNode written = EVENTS.awaitOne(kafkaKey(key.merchantId(), eventId), KAFKA_WAIT).value();
    assertThat(written.get("source").asText()).isEqualTo("offline");
  }

  @Test
  void attributionIsWrittenAsSentAndCheckedLikeEveryField() {
    Key key = DATA.createMerchantWithKey();
    String eventId = Events.newEventId();
    ObjectNode body = Events.purchase(key.merchantId(), eventId);
    long now = Instant.now().getEpochSecond();
    ObjectNode attribution = body.putObject("attribution");
    attribution.putObject("first_touch").put("param", "gclid").put("value", "Cj0").put("at", now);
    attribution.putObject("last_touch").put("param", "ttclid").put("value", "tt").put("at", now);
    post(key, body).expectStatus().isAccepted();
    JsonNode written = EVENTS.awaitOne(kafkaKey(key.merchantId(), eventId), KAFKA_WAIT).value();
    assertThat(written.get("attribution").toString()).isEqualTo(attribution.toString());

    ((ObjectNode) attribution.get("last_touch")).put("param", "dclid").put("at", now * 1000);
    post(key, body.put("event_id", Events.newEventId()))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.details.length()")
        .isEqualTo(2)
        .jsonPath("$.error.details[?(@.path == '$.attribution.last_touch.param')].code")
        .isEqualTo("invalid_value")
        .jsonPath("$.error.details[?(@.path == '$.attribution.last_touch.at')].code")
        .isEqualTo("out_of_range");
  }

  @Test
  void missingMalformedUnknownAndRevokedKeysGet401() {
    Key key = DATA.createMerchantWithKey();
    String body = Json.toJson(Events.purchase(key.merchantId(), Events.newEventId()));
    for (String authorization :
        new String[] {
          null,
          "",
          "Basic dXNlcjpwYXNz",
          "Bearer ",
          "Bearer not-a-key",
          "Bearer tl_live_" + "0".repeat(32),
        }) {
      WebTestClient.RequestBodySpec request =
          client.post().uri("/v1/events").contentType(MediaType.APPLICATION_JSON);
      if (authorization != null) {
        request.header(HttpHeaders.AUTHORIZATION, authorization);
      }
      WebTestClient.ResponseSpec response = request.bodyValue(body).exchange();
      response.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
      expectError(
          response,
          HttpStatus.UNAUTHORIZED,
          authorization == null
                  || !authorization.startsWith("Bearer ")
                  || authorization.equals("Bearer ")
              ? "missing_api_key"
              : "invalid_api_key");
    }

    Key revoked = DATA.createMerchantWithKey();
    DATA.revoke(revoked);
    expectError(
        post(revoked, Events.purchase(revoked.merchantId(), Events.newEventId())),
        HttpStatus.UNAUTHORIZED,
        "invalid_api_key");
  }

  @Test
  void keyOfASuspendedMerchantGets403() {
    Key key = DATA.createKey(DATA.createMerchant("suspended"));
    expectError(
        post(key, Events.purchase(key.merchantId(), Events.newEventId())),
        HttpStatus.FORBIDDEN,
        "merchant_suspended");
  }

  @Test
  void merchantIdOfAnotherMerchantGets403AndIsNotWritten() {
    Key key = DATA.createMerchantWithKey();
    String other = DATA.createMerchant("active");
    String eventId = Events.newEventId();
    expectError(
        post(key, Events.purchase(other.toUpperCase(), eventId)),
        HttpStatus.FORBIDDEN,
        "merchant_mismatch");
    // The key's own merchant id, in any case, is fine.
    post(key, Events.purchase(key.merchantId().toUpperCase(), eventId)).expectStatus().isAccepted();
    assertThat(EVENTS.readNow(List.of(kafkaKey(other, eventId)))).isEmpty();
  }

  @Test
  void invalidEventGets400WithEveryFieldError() {
    Key key = DATA.createMerchantWithKey();
    ObjectNode body = Events.purchase(key.merchantId(), Events.newEventId());
    body.remove("event_name");
    body.put("event_time", "yesterday");
    body.put("value", -5);
    body.put("currency", "XXXX");
    ((ObjectNode) body.get("items").get(0)).put("quantity", 0);
    ((ObjectNode) body.get("user_data")).put("client_ip", "not-an-ip");

    post(key, body)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("validation_failed")
        .jsonPath("$.error.details.length()")
        .isEqualTo(6)
        .jsonPath("$.error.details[?(@.path == '$.event_name')].code")
        .isEqualTo("required")
        .jsonPath("$.error.details[?(@.path == '$.event_time')].code")
        .isEqualTo("invalid_type")
        .jsonPath("$.error.details[?(@.path == '$.value')].code")
        .isEqualTo("out_of_range")
        .jsonPath("$.error.details[?(@.path == '$.currency')].code")
        .isEqualTo("invalid_format")
        .jsonPath("$.error.details[?(@.path == '$.items[0].quantity')].code")
        .isEqualTo("out_of_range")
        .jsonPath("$.error.details[?(@.path == '$.user_data.client_ip')].code")
        .isEqualTo("invalid_format");
  }

  @Test
  void malformedOrEmptyJsonGets400() {
    Key key = DATA.createMerchantWithKey();
    for (String body :
        new String[] {"{\"event_name\": ", "", "   ", "{\"a\":1,\"a\":2}", "{} trailing", "nul"}) {
      expectError(post(key, body), HttpStatus.BAD_REQUEST, "invalid_json");
    }
    // A repeated key anywhere is refused, never resolved by keeping one of the values.
    for (String body :
        new String[] {
          "{\"event_name\":\"purchase\",\"event_name\":\"page_view\"}",
          "{\"user_data\":{\"email\":\"a@example.com\",\"phone\":\"1\",\"email\":\"b@example.com\"}}"
        }) {
      post(key, body)
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("invalid_json")
          .jsonPath("$.error.message")
          .value(m -> assertThat((String) m).startsWith("duplicate object key at line 1"));
    }
    // Bytes that make the parser guess UTF-16 or UTF-32, then fail: a 400 too, not a 500.
    for (byte[] body : new byte[][] {{0, '{', 0, 0}, {0, 0, 0, '{', 0}}) {
      expectError(post(key, body), HttpStatus.BAD_REQUEST, "invalid_json");
    }
    // Zero with any exponent is 0, never ten thousand zeros written out.
    post(
            key,
            "{\"event_name\":\"purchase\",\"event_time\":"
                + System.currentTimeMillis() / 1000
                + ",\"currency\":\"USD\",\"value\":0e-10000}")
        .expectStatus()
        .isAccepted();
    // A number that cannot be written back plainly is refused, not a 500 while writing it.
    for (String value : new String[] {"1e-10000", "1E-19"}) {
      post(
              key,
              "{\"event_name\":\"purchase\",\"event_time\":"
                  + System.currentTimeMillis() / 1000
                  + ",\"currency\":\"USD\",\"value\":"
                  + value
                  + "}")
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error.details[0].path")
          .isEqualTo("$.value");
    }
    // Well-formed JSON that is not an object is a validation error of the body itself ($).
    for (String body : new String[] {"[]", "42", "\"text\"", "null"}) {
      post(key, body)
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("validation_failed")
          .jsonPath("$.error.details[0].path")
          .isEqualTo("$");
    }
  }

  @Test
  void wrongOrMissingContentTypeGets415() {
    Key key = DATA.createMerchantWithKey();
    String body = Json.toJson(Events.purchase(key.merchantId(), Events.newEventId()));
    for (MediaType type :
        new MediaType[] {
          MediaType.TEXT_PLAIN,
          MediaType.APPLICATION_FORM_URLENCODED,
          MediaType.parseMediaType("application/json;charset=ISO-8859-1")
        }) {
      expectError(
          client
              .post()
              .uri("/v1/events")
              .header(HttpHeaders.AUTHORIZATION, "Bearer " + key.secret())
              .contentType(type)
              .bodyValue(body)
              .exchange(),
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "unsupported_media_type");
    }
    expectError(
        client
            .post()
            .uri("/v1/events")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + key.secret())
            .bodyValue(body.getBytes(StandardCharsets.UTF_8))
            .exchange(),
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type");
  }

  @Test
  void bodyOverTheLimitGets413WithOrWithoutContentLength() {
    Key key = DATA.createMerchantWithKey();
    ObjectNode body = Events.purchase(key.merchantId(), Events.newEventId());
    body.put("order_id", "x".repeat(70_000));
    byte[] bytes = Json.toBytes(body);

    expectError(post(key, bytes), HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large");

    // Chunked: no Content-Length to refuse up front, so the limit applies while reading.
    Flux<DataBuffer> chunks =
        Flux.range(0, bytes.length / 8192 + 1)
            .map(
                i ->
                    DefaultDataBufferFactory.sharedInstance.wrap(
                        java.util.Arrays.copyOfRange(
                            bytes, i * 8192, Math.min(bytes.length, (i + 1) * 8192))));
    expectError(
        client
            .post()
            .uri("/v1/events")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + key.secret())
            .contentType(MediaType.APPLICATION_JSON)
            .body(chunks, DataBuffer.class)
            .exchange(),
        HttpStatus.PAYLOAD_TOO_LARGE,
        "payload_too_large");
  }

  @Test
  void expectContinueIsAnsweredSoTheBodyComes() throws Exception {
    // curl sends "Expect: 100-continue" with any body over 1 KB and waits for the 100 first.
    Key key = DATA.createMerchantWithKey();
    String eventId = Events.newEventId();
    ObjectNode body = Events.purchase(key.merchantId(), eventId);
    body.put("custom_data_padding", "x".repeat(2_000));
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
                    .expectContinue(true)
                    .timeout(Duration.ofSeconds(10))
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + key.secret())
                    .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                    .POST(HttpRequest.BodyPublishers.ofString(Json.toJson(body)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).contains(eventId);
  }

  @Test
  void unknownPathGets404AndWrongMethodGets405() {
    expectError(client.get().uri("/v1/nope").exchange(), HttpStatus.NOT_FOUND, "not_found");
    expectError(
        client.post().uri("/").bodyValue("{}").exchange(), HttpStatus.NOT_FOUND, "not_found");
    // The event routes match their exact paths, whatever the query string.
    for (String near :
        List.of("/v1/events/", "/v1/events/x", "/v1/eventsx", "/v1/browser/events/")) {
      expectError(
          client.post().uri(near).bodyValue("{}").exchange(), HttpStatus.NOT_FOUND, "not_found");
    }
    Key key = DATA.createMerchantWithKey();
    post("/v1/events?utm_source=x", key, Events.purchase(key.merchantId(), Events.newEventId()))
        .expectStatus()
        .isAccepted();

    WebTestClient.ResponseSpec get = client.get().uri("/v1/events").exchange();
    get.expectHeader().valueEquals(HttpHeaders.ALLOW, "POST,OPTIONS");
    expectError(get, HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed");
    expectError(
        client.put().uri("/v1/browser/events").bodyValue("{}").exchange(),
        HttpStatus.METHOD_NOT_ALLOWED,
        "method_not_allowed");
    expectError(
        client.delete().uri("/v1/pixel.js").exchange(),
        HttpStatus.METHOD_NOT_ALLOWED,
        "method_not_allowed");
  }

  @Test
  void secondEventWithTheSameIdGets409AndIsWrittenOnce() {
    Key key = DATA.createMerchantWithKey();
    String eventId = Events.newEventId();
    double duplicates = eventCount("server", "duplicate");

    post(key, Events.purchase(key.merchantId(), eventId)).expectStatus().isAccepted();
    expectError(
        post(key, Events.purchase(key.merchantId(), eventId)),
        HttpStatus.CONFLICT,
        "duplicate_event");

    // The same event_id under another merchant is another event.
    Key other = DATA.createMerchantWithKey();
    post(other, Events.purchase(other.merchantId(), eventId)).expectStatus().isAccepted();

    String k = kafkaKey(key.merchantId(), eventId);
    EVENTS.await(List.of(k, kafkaKey(other.merchantId(), eventId)), KAFKA_WAIT);
    assertThat(EVENTS.readNow(List.of(k)).get(k)).hasSize(1);
    assertThat(eventCount("server", "duplicate")).isEqualTo(duplicates + 1);
  }

  @Test
  void hundredConcurrentIdenticalRequestsGiveOne202And99Conflicts() {
    Key key = DATA.createMerchantWithKey();
    String eventId = Events.newEventId();
    Map<Integer, Long> statuses = ConcurrentPosts.identical(port, key, eventId, 100);

    assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(202, 1L, 409, 99L));
    String k = kafkaKey(key.merchantId(), eventId);
    EVENTS.await(List.of(k), KAFKA_WAIT);
    assertThat(EVENTS.readNow(List.of(k)).get(k)).hasSize(1);
  }

  @Test
  void revokedKeyStopsWorkingWithinTheCacheTtl() throws Exception {
    Key key = DATA.createMerchantWithKey();
    post(key, Events.purchase(key.merchantId(), Events.newEventId())).expectStatus().isAccepted();

    DATA.revoke(key);
    Instant revokedAt = Instant.now();
    Duration stoppedAfter = null;
    while (Duration.between(revokedAt, Instant.now()).compareTo(Duration.ofSeconds(30)) < 0) {
      HttpStatus status =
          HttpStatus.valueOf(
              post(key, Events.purchase(key.merchantId(), Events.newEventId()))
                  .returnResult(Void.class)
                  .getStatus()
                  .value());
      if (status == HttpStatus.UNAUTHORIZED) {
        stoppedAfter = Duration.between(revokedAt, Instant.now());
        break;
      }
      assertThat(status).isEqualTo(HttpStatus.ACCEPTED);
      Thread.sleep(100);
    }
    assertThat(stoppedAfter).as("revoked key still accepted after 30 s").isNotNull();
    // The configured TTL is the bound (plus one query and one request of slack).
    assertThat(stoppedAfter).isLessThanOrEqualTo(KEY_CACHE_TTL.plusSeconds(1));
  }

  @Test
  void lastUsedAtIsRecordedInBatches() throws Exception {
    Key key = DATA.createMerchantWithKey();
    assertThat(DATA.lastUsedAt(key)).isNull();
    Instant before = Instant.now().minusSeconds(1);
    post(key, Events.purchase(key.merchantId(), Events.newEventId())).expectStatus().isAccepted();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (DATA.lastUsedAt(key) == null && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(DATA.lastUsedAt(key)).isNotNull();
    assertThat(DATA.lastUsedAt(key).toInstant()).isAfter(before);
  }

  @Test
  void countersCountEachOutcome() {
    Key key = DATA.createMerchantWithKey();
    double accepted = eventCount("server", "accepted");
    double invalid = eventCount("server", "invalid");
    double rejected = eventCount("server", "rejected");

    post(key, Events.purchase(key.merchantId(), Events.newEventId())).expectStatus().isAccepted();
    post(key, "{").expectStatus().isBadRequest();
    Key revoked = DATA.createMerchantWithKey();
    DATA.revoke(revoked);
    post(revoked, Events.purchase(revoked.merchantId(), Events.newEventId()))
        .expectStatus()
        .isUnauthorized();

    assertThat(eventCount("server", "accepted")).isEqualTo(accepted + 1);
    assertThat(eventCount("server", "invalid")).isEqualTo(invalid + 1);
    assertThat(eventCount("server", "rejected")).isEqualTo(rejected + 1);
  }

  private WebTestClient.ResponseSpec postBytes(Key key, byte[] body) {
    return client
        .post()
        .uri("/v1/events")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + key.secret())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  @Test
  void textThatIsNotUtf8IsRefusedWithItsByteOffsetNotRewritten() {
    Key key = DATA.createMerchantWithKey();
    String template = Json.toJson(Events.purchase(key.merchantId(), "EVENT_ID"));
    int at = template.indexOf("EVENT_ID");
    // the two bytes C0 AF, an overlong "/", in place of XX
    byte[] raw = template.replace("EVENT_ID", "aXXb").getBytes(StandardCharsets.ISO_8859_1);
    raw[at + 1] = (byte) 0xc0;
    raw[at + 2] = (byte) 0xaf;
    postBytes(key, raw)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("invalid_json")
        .jsonPath("$.error.message")
        .isEqualTo("the body is not valid UTF-8 at byte " + (at + 1));
    // Nothing was stored as a/b: that id is still free.
    post(key, Events.purchase(key.merchantId(), "a/b")).expectStatus().isAccepted();

    byte[] lone = template.replace("EVENT_ID", "x\\ud800y").getBytes(StandardCharsets.UTF_8);
    postBytes(key, lone)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.message")
        .isEqualTo("the body has an unpaired surrogate escape at byte " + (at + 1));
  }

  @Test
  void numbersBeyondAnyDecimalAre400AnywhereInTheBody() {
    Key key = DATA.createMerchantWithKey();
    ObjectNode event = Events.purchase(key.merchantId(), Events.newEventId());
    String body = Json.toJson(event).replaceFirst("\\{", "{\"extra\":1E+2147483648,");
    post(key, body)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("invalid_json")
        .jsonPath("$.error.message")
        .isEqualTo("a number in the body is out of range");
  }
}
