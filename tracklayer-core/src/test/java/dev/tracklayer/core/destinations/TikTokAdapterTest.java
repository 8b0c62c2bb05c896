package dev.tracklayer.core.destinations;

import static dev.tracklayer.core.destinations.TestEvents.EVENT_TIME;
import static dev.tracklayer.core.destinations.TestEvents.NOW;
import static dev.tracklayer.core.destinations.TestEvents.body;
import static dev.tracklayer.core.destinations.TestEvents.ctx;
import static dev.tracklayer.core.destinations.TestEvents.response;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TikTokAdapterTest {

  private final TikTokAdapter tiktok = new TikTokAdapter();
  private final Credentials creds =
      Credentials.of("pixel_code", "CABC123", "access_token", "tt-token");

  @Test
  void purchasePayload() {
    DeliveryRequest r =
        tiktok.build(
            List.of(TestEvents.purchase()), creds, Map.of("test_event_code", "TEST1"), ctx());
    assertThat(r.url()).isEqualTo("https://business-api.tiktok.com/open_api/v1.3/event/track/");
    assertThat(r.header("Access-Token")).isEqualTo("tt-token");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(body(r))
        .isEqualTo(
            TestEvents.json(
                """
                {"event_source":"web","event_source_id":"CABC123","test_event_code":"TEST1",
                 "data":[{
                   "event":"CompletePayment","event_time":{{t}},"event_id":"order-12345",
                   "user":{"email":"{{em}}","phone":"{{ph}}","external_id":"{{ext}}",
                           "ttp":"ttp.abc123","ttclid":"E.C.P.ttclid1",
                           "ip":"203.0.113.7","user_agent":"{{ua}}"},
                   "properties":{"value":129.99,"currency":"USD","order_id":"12345",
                                 "content_type":"product",
                                 "contents":[{"content_id":"SKU-A","quantity":1,"price":129.99}]},
                   "page":{"url":"https://shop.example/checkout/thanks"}}]}
                """,
                // TikTok: email trimmed and lowercased, phone E.164 with the +, external_id
                // trimmed.
                TestEvents.hashedContact("t", EVENT_TIME)));
  }

  @Test
  void eventNames() {
    assertThat(name("lead")).isEqualTo("SubmitForm");
    assertThat(name("page_view")).isEqualTo("Pageview");
    assertThat(name("add_to_cart")).isEqualTo("AddToCart");
    assertThat(name("my_custom")).isEqualTo("my_custom");
  }

  private String name(String event) {
    return body(tiktok.build(List.of(TestEvents.named(event)), creds, Map.of(), ctx()))
        .at("/data/0/event")
        .asText();
  }

  @Test
  void codeZeroIsDelivered() {
    assertThat(
            tiktok.classify(
                response(200, "{\"code\":0,\"message\":\"OK\",\"request_id\":\"r\",\"data\":{}}"),
                2))
        .allMatch(Outcome::isDelivered);
  }

  @Test
  void http200WithAnErrorCodeIsFailedWithTikToksMessage() {
    Outcome o =
        tiktok
            .classify(
                response(
                    200,
                    "{\"code\":40001,\"message\":\"No permission to operate pixel code: CABC123\",\"request_id\":\"r\"}"),
                1)
            .get(0);
    assertThat(o.kind()).isEqualTo(OutcomeKind.FAILED);
    assertThat(o.httpStatus()).isEqualTo(200);
    assertThat(o.message()).isEqualTo("code 40001: No permission to operate pixel code: CABC123");
    // The credentials' fault: the connection pauses instead of failing every later event.
    assertThat(o.isAuthError()).isTrue();
  }

  @Test
  void anInvalidTokenIsAnAuthErrorAndABadParameterIsNot() {
    Outcome token =
        tiktok
            .classify(
                response(200, "{\"code\":40105,\"message\":\"Access token is incorrect\"}"), 2)
            .get(1);
    assertThat(token.kind()).isEqualTo(OutcomeKind.FAILED);
    assertThat(token.isAuthError()).isTrue();
    Outcome param =
        tiktok.classify(response(200, "{\"code\":40002,\"message\":\"Invalid event\"}"), 1).get(0);
    assertThat(param.kind()).isEqualTo(OutcomeKind.FAILED);
    assertThat(param.isAuthError()).isFalse();
  }

  @Test
  void rateLimitCodesAndServerCodesAreRetried() {
    assertThat(
            tiktok.classify(response(200, "{\"code\":40100,\"message\":\"Too many requests\"}"), 3))
        .hasSize(3)
        .allMatch(Outcome::isRetry);
    assertThat(
            tiktok
                .classify(response(200, "{\"code\":51000,\"message\":\"System error\"}"), 1)
                .get(0)
                .isRetry())
        .isTrue();
    Outcome http = tiktok.classify(response(503, Map.of("Retry-After", "2"), "busy"), 1).get(0);
    assertThat(http.isRetry()).isTrue();
    assertThat(http.retryAfter()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void partialSuccessCountsAsDelivered() {
    assertThat(
            tiktok.classify(response(200, "{\"code\":20001,\"message\":\"Partial success\"}"), 2))
        .allMatch(Outcome::isDelivered);
  }

  @Test
  void unrecognisedSuccessBodyIsRetriedNotTrusted() {
    assertThat(tiktok.classify(response(200, "<html>proxy</html>"), 1).get(0).isRetry()).isTrue();
  }

  @Test
  void skipsEventsNobodyCanMatch() {
    assertThat(tiktok.skipReason(TestEvents.anonymous("purchase"), NOW)).isPresent();
    assertThat(tiktok.skipReason(TestEvents.purchase(), NOW)).isEmpty();
  }

  @Test
  void contract() {
    assertThat(tiktok.platform()).isEqualTo("tiktok");
    assertThat(tiktok.requiredCredentials()).containsExactly("pixel_code", "access_token");
    assertThat(tiktok.maxBatchSize()).isEqualTo(1000);
  }
}
