package dev.tracklayer.core.destinations;

import static dev.tracklayer.core.destinations.TestEvents.EVENT_TIME;
import static dev.tracklayer.core.destinations.TestEvents.META_EM;
import static dev.tracklayer.core.destinations.TestEvents.META_FN;
import static dev.tracklayer.core.destinations.TestEvents.META_PH;
import static dev.tracklayer.core.destinations.TestEvents.NOW;
import static dev.tracklayer.core.destinations.TestEvents.UA;
import static dev.tracklayer.core.destinations.TestEvents.body;
import static dev.tracklayer.core.destinations.TestEvents.ctx;
import static dev.tracklayer.core.destinations.TestEvents.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracklayer.core.event.TrackEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetaAdapterTest {

  private final MetaAdapter meta = new MetaAdapter();
  private final Credentials creds =
      Credentials.of("pixel_id", "1234567890", "access_token", "EAAB+tok/en");

  @Test
  void purchasePayloadIsExactlyWhatMetaDocuments() {
    DeliveryRequest r =
        meta.build(
            List.of(TestEvents.purchase()), creds, Map.of("test_event_code", "TEST123"), ctx());

    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.url())
        .isEqualTo(
            "https://graph.facebook.com/v25.0/1234567890/events?access_token=EAAB%2Btok%2Fen");
    assertThat(r.headers()).containsExactly(Map.entry("Content-Type", "application/json"));
    assertThat(body(r))
        .isEqualTo(
            TestEvents.json(
                """
                {"data":[{
                  "event_name":"Purchase",
                  "event_time":{{t}},
                  "event_id":"order-12345",
                  "action_source":"website",
                  "event_source_url":"https://shop.example/checkout/thanks",
                  "user_data":{
                    "em":["{{em}}"], "ph":["{{ph}}"], "fn":["{{fn}}"], "ln":["{{ln}}"],
                    "ct":["{{ct}}"], "st":["{{st}}"], "zp":["{{zp}}"], "country":["{{country}}"],
                    "external_id":["{{ext}}"],
                    "client_ip_address":"203.0.113.7",
                    "client_user_agent":"{{ua}}",
                    "fbc":"fb.1.1776670000000.IwAR2xyz",
                    "fbp":"fb.1.1776670000000.1098115397"},
                  "custom_data":{
                    "value":129.99, "currency":"USD", "order_id":"12345",
                    "content_ids":["SKU-A"],
                    "contents":[{"id":"SKU-A","quantity":1,"item_price":129.99}],
                    "content_type":"product", "num_items":1}}],
                 "test_event_code":"TEST123"}
                """,
                TestEvents.metaUserData("t", EVENT_TIME)));
    // Money is written as a plain decimal, never through double.
    assertThat(r.body()).contains("\"value\":129.99");
  }

  @Test
  void publishedVectorsHold() {
    var user =
        body(meta.build(List.of(TestEvents.purchase()), creds, Map.of(), ctx()))
            .at("/data/0/user_data");
    assertThat(user.at("/em/0").asText()).isEqualTo(META_EM);
    assertThat(user.at("/ph/0").asText()).isEqualTo(META_PH);
    assertThat(user.at("/fn/0").asText()).isEqualTo(META_FN);
  }

  @Test
  void customNamesPassThroughAndSettingsRemap() {
    assertThat(eventName(TestEvents.named("wishlist_shared"), Map.of()))
        .isEqualTo("wishlist_shared");
    assertThat(eventName(TestEvents.named("begin_checkout"), Map.of()))
        .isEqualTo("InitiateCheckout");
    assertThat(eventName(TestEvents.named("sign_up"), Map.of())).isEqualTo("CompleteRegistration");
    assertThat(eventName(TestEvents.named("quote"), Map.of("event_name.quote", "Lead")))
        .isEqualTo("Lead");
  }

  private String eventName(TrackEvent e, Map<String, String> settings) {
    return body(meta.build(List.of(e), creds, settings, ctx())).at("/data/0/event_name").asText();
  }

  @Test
  void batchesKeepOrderAndFutureTimesAreClamped() {
    TrackEvent first = TestEvents.purchase();
    TrackEvent future = TestEvents.purchase(NOW.getEpochSecond() + 300);
    future.eventId = "order-2";
    var data = body(meta.build(List.of(first, future), creds, Map.of(), ctx())).get("data");
    assertThat(data).hasSize(2);
    assertThat(data.get(1).get("event_id").asText()).isEqualTo("order-2");
    assertThat(data.get(1).get("event_time").asLong()).isEqualTo(NOW.getEpochSecond());
  }

  @Test
  void offlineEventsArePhysicalStore() {
    TrackEvent e = TestEvents.purchase();
    e.source = "offline";
    assertThat(
            body(meta.build(List.of(e), creds, Map.of(), ctx()))
                .at("/data/0/action_source")
                .asText())
        .isEqualTo("physical_store");
  }

  @Test
  void missingCredentialIsReportedByName() {
    assertThatThrownBy(
            () ->
                meta.build(
                    List.of(TestEvents.purchase()),
                    Credentials.of("pixel_id", "1"),
                    Map.of(),
                    ctx()))
        .isInstanceOf(MissingCredentialException.class)
        .hasMessage("missing credential: access_token");
  }

  @Test
  void skipsEventsOlderThanSevenDays() {
    TrackEvent old = TestEvents.purchase(NOW.minus(Duration.ofDays(8)).getEpochSecond());
    assertThat(meta.skipReason(old, NOW))
        .hasValueSatisfying(r -> assertThat(r).contains("older than 7 days").contains("8 days"));
    assertThat(
            meta.skipReason(
                TestEvents.purchase(NOW.minus(Duration.ofDays(6)).getEpochSecond()), NOW))
        .isEmpty();
  }

  @Test
  void skipsEventsWithoutAUsableIdentifier() {
    TrackEvent e = TestEvents.anonymous("purchase");
    e.userData.firstName = "Mary"; // a name alone does not match anyone
    assertThat(meta.skipReason(e, NOW))
        .hasValueSatisfying(r -> assertThat(r).contains("no usable identifier"));
    e.userData.clientIp = "203.0.113.7";
    assertThat(meta.skipReason(e, NOW)).isPresent();
    e.userData.userAgent = UA;
    assertThat(meta.skipReason(e, NOW)).isEmpty();
    TrackEvent fbp = TestEvents.anonymous("purchase");
    fbp.userData.browserIds = new dev.tracklayer.core.event.BrowserIds();
    fbp.userData.browserIds.fbp = "fb.1.1.1";
    assertThat(meta.skipReason(fbp, NOW)).isEmpty();
  }

  @Test
  void classifiesSuccess() {
    assertThat(
            meta.classify(
                response(200, "{\"events_received\":2,\"messages\":[],\"fbtrace_id\":\"A\"}"), 2))
        .containsExactly(Outcome.delivered(200), Outcome.delivered(200));
  }

  @Test
  void invalidParameterIsFailedWithMetasMessage() {
    String body =
        """
        {"error":{"message":"Invalid parameter","type":"OAuthException","code":100,
          "error_subcode":2804003,"is_transient":false,
          "error_user_title":"Event Timestamp Too Old",
          "error_user_msg":"The timestamp for this event is too far in the past.",
          "fbtrace_id":"AbCdEf"}}
        """;
    Outcome alone = meta.classify(response(400, body), 1).get(0);
    assertThat(alone.isFailed()).isTrue();
    assertThat(alone.httpStatus()).isEqualTo(400);
    assertThat(alone.message())
        .isEqualTo("Invalid parameter: The timestamp for this event is too far in the past.");
    // In a batch Meta does not say which event it was: the others must not fail with it.
    List<Outcome> batch = meta.classify(response(400, body), 3);
    assertThat(batch).hasSize(3).allMatch(o -> o.kind() == OutcomeKind.SPLIT);
    assertThat(batch.get(0).message()).endsWith("too far in the past.");
  }

  @Test
  void requestErrorsFailTheWholeBatchWithoutSplitting() {
    String pixel =
        "{\"error\":{\"message\":\"Unsupported post request. Object with ID '1' does not exist\","
            + "\"type\":\"GraphMethodException\",\"code\":100,\"error_subcode\":33}}";
    assertThat(meta.classify(response(400, pixel), 4)).hasSize(4).allMatch(Outcome::isFailed);
    String token =
        "{\"error\":{\"message\":\"Invalid OAuth access token.\",\"type\":\"OAuthException\","
            + "\"code\":190}}";
    assertThat(meta.classify(response(401, token), 4)).hasSize(4).allMatch(Outcome::isFailed);
  }

  @Test
  void expiredTokenIsFailed() {
    String body =
        "{\"error\":{\"message\":\"Error validating access token: Session has expired\","
            + "\"type\":\"OAuthException\",\"code\":190,\"error_subcode\":463,\"fbtrace_id\":\"x\"}}";
    Outcome o = meta.classify(response(400, body), 1).get(0);
    assertThat(o.kind()).isEqualTo(OutcomeKind.FAILED);
    assertThat(o.message()).startsWith("Error validating access token");
    // A token error, not the event's: the pipeline pauses the connection on it.
    assertThat(o.isAuthError()).isTrue();
    String pixel =
        "{\"error\":{\"message\":\"Unsupported post request.\",\"type\":\"GraphMethodException\","
            + "\"code\":100,\"error_subcode\":33}}";
    assertThat(meta.classify(response(400, pixel), 1).get(0).isAuthError()).isFalse();
  }

  @Test
  void statesTheOldestEventItTakes() {
    assertThat(meta.maxEventAge()).contains(java.time.Duration.ofDays(7));
  }

  @Test
  void rateLimitsAndTransientErrorsAreRetried() {
    Outcome throttled =
        meta.classify(
                response(
                    400,
                    Map.of(
                        "X-Business-Use-Case-Usage",
                        "{\"123\":[{\"type\":\"ads_management\",\"call_count\":100,\"estimated_time_to_regain_access\":5}]}"),
                    "{\"error\":{\"message\":\"User request limit reached\",\"type\":\"OAuthException\",\"code\":17}}"),
                1)
            .get(0);
    assertThat(throttled.kind()).isEqualTo(OutcomeKind.RETRY);
    assertThat(throttled.retryAfter()).isEqualTo(Duration.ofMinutes(5));

    Outcome flagged =
        meta.classify(
                response(
                    400,
                    "{\"error\":{\"message\":\"An unexpected error has occurred.\",\"code\":2,\"is_transient\":true}}"),
                1)
            .get(0);
    assertThat(flagged.isRetry()).isTrue();
  }

  @Test
  void http429WithRetryAfterIsRetriedAfterThatDelay() {
    Outcome o = meta.classify(response(429, Map.of("Retry-After", "30"), "{}"), 1).get(0);
    assertThat(o.kind()).isEqualTo(OutcomeKind.RETRY);
    assertThat(o.retryAfter()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void serverErrorsAreRetried() {
    Outcome o = meta.classify(response(500, "<html>oops</html>"), 1).get(0);
    assertThat(o.kind()).isEqualTo(OutcomeKind.RETRY);
    assertThat(o.httpStatus()).isEqualTo(500);
    assertThat(o.message()).isEqualTo("<html>oops</html>");
  }

  @Test
  void contract() {
    assertThat(meta.platform()).isEqualTo("meta");
    assertThat(meta.requiredCredentials()).containsExactly("pixel_id", "access_token");
    assertThat(meta.maxBatchSize()).isEqualTo(1000);
    assertThat(meta.timeout()).isEqualTo(Duration.ofMillis(1500));
  }
}
