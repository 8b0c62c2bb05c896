package dev.tracklayer.core.destinations;

import static dev.tracklayer.core.destinations.TestEvents.EVENT_TIME;
import static dev.tracklayer.core.destinations.TestEvents.META_PH;
import static dev.tracklayer.core.destinations.TestEvents.NOW;
import static dev.tracklayer.core.destinations.TestEvents.UA;
import static dev.tracklayer.core.destinations.TestEvents.body;
import static dev.tracklayer.core.destinations.TestEvents.ctx;
import static dev.tracklayer.core.destinations.TestEvents.response;
import static dev.tracklayer.core.destinations.TestEvents.sha;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.event.TrackEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapchatAdapterTest {

  private final SnapchatAdapter snap = new SnapchatAdapter();
  private final Credentials creds =
      Credentials.of("pixel_id", "67d34640-b7a4-4", "access_token", "snap tok");

  /** Snap's published vector: Person@Example.com → 542d2401…. */
  static final String SNAP_EM = "542d240129883c019e106e3b1b2d3f3cb3537c43c425364de8e951d5a3083345";

  @Test
  void purchasePayload() {
    TrackEvent e = TestEvents.purchase();
    e.userData.email = "Person@Example.com";
    DeliveryRequest r = snap.build(List.of(e), creds, Map.of(), ctx());
    assertThat(r.url())
        .isEqualTo("https://tr.snapchat.com/v3/67d34640-b7a4-4/events?access_token=snap+tok");
    assertThat(body(r))
        .isEqualTo(
            TestEvents.json(
                """
                {"data":[{
                  "event_name":"PURCHASE","event_time":{{t}},"event_id":"order-12345",
                  "action_source":"WEB","event_source_url":"https://shop.example/checkout/thanks",
                  "user_data":{"em":["{{em}}"],"ph":["{{ph}}"],"fn":["{{fn}}"],"ln":["{{ln}}"],
                    "client_ip_address":"203.0.113.7","client_user_agent":"{{ua}}",
                    "sc_click_id":"a3f4b5c6-d7e8-9012-3456-7890abcdef12"},
                  "custom_data":{"currency":"USD","value":"129.99","order_id":"12345",
                    "content_ids":["SKU-A"],
                    "contents":[{"id":"SKU-A","quantity":"1","item_price":"129.99"}],
                    "num_items":"1"}}]}
                """,
                "t",
                EVENT_TIME,
                "em",
                SNAP_EM,
                // Snap: digits only, no +; a US number without a country code gets its 1.
                "ph",
                META_PH,
                "fn",
                sha("mary"),
                "ln",
                sha("smith"),
                "ua",
                UA));
  }

  @Test
  void namesAndTheCustomFallback() {
    assertThat(name("add_to_cart")).isEqualTo("ADD_CART");
    assertThat(name("begin_checkout")).isEqualTo("START_CHECKOUT");
    assertThat(name("lead")).isEqualTo("CUSTOM_EVENT_1");
    assertThat(name("quiz_done")).isEqualTo("CUSTOM_EVENT_1");
    assertThat(
            body(snap.build(
                    List.of(TestEvents.named("quiz_done")),
                    creds,
                    Map.of("event_name.quiz_done", "CUSTOM_EVENT_3"),
                    ctx()))
                .at("/data/0/event_name")
                .asText())
        .isEqualTo("CUSTOM_EVENT_3");
  }

  private String name(String event) {
    return body(snap.build(List.of(TestEvents.named(event)), creds, Map.of(), ctx()))
        .at("/data/0/event_name")
        .asText();
  }

  @Test
  void classifies() {
    assertThat(
            snap.classify(
                response(
                    200,
                    "{\"status\":\"VALID\",\"reason\":\"Events have been processed successfully.\"}"),
                2))
        .allMatch(Outcome::isDelivered);
    Outcome invalid =
        snap.classify(
                response(200, "{\"status\":\"INVALID\",\"reason\":\"event_name is invalid\"}"), 1)
            .get(0);
    assertThat(invalid.isFailed()).isTrue();
    assertThat(invalid.message()).isEqualTo("INVALID: event_name is invalid");
    Outcome bad =
        snap.classify(
                response(
                    400,
                    "{\"status\":\"INVALID\",\"reason\":\"data[0].event_time is outside the last 37 days\"}"),
                1)
            .get(0);
    assertThat(bad.isFailed()).isTrue();
    assertThat(bad.message()).isEqualTo("data[0].event_time is outside the last 37 days");
    Outcome limited = snap.classify(response(429, Map.of("Retry-After", "5"), ""), 1).get(0);
    assertThat(limited.isRetry()).isTrue();
    assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void skips() {
    assertThat(
            snap.skipReason(
                TestEvents.purchase(NOW.minus(Duration.ofDays(38)).getEpochSecond()), NOW))
        .isPresent();
    assertThat(snap.skipReason(TestEvents.anonymous("purchase"), NOW)).isPresent();
    assertThat(snap.skipReason(TestEvents.purchase(), NOW)).isEmpty();
  }

  @Test
  void contract() {
    assertThat(snap.maxBatchSize()).isEqualTo(2000);
    assertThat(snap.requiredCredentials()).containsExactly("pixel_id", "access_token");
  }
}
