package dev.tracklayer.core.destinations;

import static dev.tracklayer.core.destinations.TestEvents.EVENT_TIME;
import static dev.tracklayer.core.destinations.TestEvents.NOW;
import static dev.tracklayer.core.destinations.TestEvents.body;
import static dev.tracklayer.core.destinations.TestEvents.ctx;
import static dev.tracklayer.core.destinations.TestEvents.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.identity.Sha256;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedditAdapterTest {

  private final RedditAdapter reddit = new RedditAdapter();
  private final Credentials creds =
      Credentials.of("ad_account_id", "t2_abc123", "access_token", "rdt-token");

  @Test
  void purchasePayload() {
    DeliveryRequest r =
        reddit.build(List.of(TestEvents.purchase()), creds, Map.of("test_id", "t2_test"), ctx());
    assertThat(r.url())
        .isEqualTo("https://ads-api.reddit.com/api/v3/pixels/t2_abc123/conversion_events");
    assertThat(r.header("Authorization")).isEqualTo("Bearer rdt-token");
    assertThat(body(r))
        .isEqualTo(
            TestEvents.json(
                """
                {"data":{"test_id":"t2_test","events":[{
                  "event_at":{{ms}},"action_source":"WEBSITE",
                  "event_source_url":"https://shop.example/checkout/thanks",
                  "type":{"tracking_type":"PURCHASE"},
                  "click_id":"3184742045291813272",
                  "metadata":{"conversion_id":"order-12345","currency":"USD","value":129.99,
                    "item_count":1,"products":[{"id":"SKU-A","quantity":1,"item_price":129.99}]},
                  "user":{"email":"{{reddit_em}}","phone_number":"{{ph}}","external_id":"{{ext}}",
                    "ip_address":"203.0.113.7","user_agent":"{{ua}}"}}]}}
                """
                    .replace("{{reddit_em}}", Sha256.hex("johnsmith@gmail.com")),
                // Reddit: lowercase, +alias out, then only letters and digits left in the local
                // part: John_Smith@gmail.com is johnsmith@gmail.com.
                TestEvents.hashedContact("ms", EVENT_TIME * 1000)));
  }

  @Test
  void redditsPublishedEmailAndPhoneVectors() {
    TrackEvent e = TestEvents.purchase();
    e.userData.email = "Al.ice$+Apple@Example.Com"; // Reddit's own example, "$" and all
    e.userData.phone = "+15554441234";
    var user = body(reddit.build(List.of(e), creds, Map.of(), ctx())).at("/data/events/0/user");
    assertThat(user.get("email").asText())
        .isEqualTo("ff8d9819fc0e12bf0d24892e45987e249a28dce836a85cad60e28eaaa8c6d976");
    assertThat(user.get("phone_number").asText())
        .isEqualTo("e5b124c58580eb16bd959b8d0cac12b12c952e2ceae0203d416cff94f10b994a");
  }

  @Test
  void customEventsCarryTheirName() {
    var type =
        body(reddit.build(List.of(TestEvents.named("quiz_done")), creds, Map.of(), ctx()))
            .at("/data/events/0/type");
    assertThat(type.get("tracking_type").asText()).isEqualTo("CUSTOM");
    assertThat(type.get("custom_event_name").asText()).isEqualTo("quiz_done");
    assertThat(
            body(reddit.build(List.of(TestEvents.named("page_view")), creds, Map.of(), ctx()))
                .at("/data/events/0/type/tracking_type")
                .asText())
        .isEqualTo("PAGE_VISIT");
  }

  @Test
  void classifies() {
    assertThat(
            reddit.classify(
                response(
                    200,
                    "{\"data\":{\"message\":\"Successfully processed 2 conversion events.\"}}"),
                2))
        .allMatch(Outcome::isDelivered);
    String invalid =
        "{\"message\":\"There were 1 invalid conversion events. None were processed.\","
            + "\"invalid_events\":[{\"error_message\":\"event_at must be within the last 7 days\",\"event\":{}}]}";
    Outcome single = reddit.classify(response(400, invalid), 1).get(0);
    assertThat(single.isFailed()).isTrue();
    assertThat(single.message())
        .isEqualTo(
            "There were 1 invalid conversion events. None were processed. event_at must be within the last 7 days");
    List<Outcome> batch = reddit.classify(response(400, invalid), 3);
    assertThat(batch).hasSize(3).allMatch(o -> o.kind() == OutcomeKind.SPLIT);
    assertThat(batch.get(0).message())
        .startsWith("batch refused for 1 of its 3 events; sending in smaller batches:");
    Outcome limited =
        reddit
            .classify(
                response(
                    429,
                    Map.of("Retry-After", "10"),
                    "{\"message\":\"Too many requests/events within timeframe.\"}"),
                1)
            .get(0);
    assertThat(limited.isRetry()).isTrue();
    assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(
            reddit
                .classify(
                    response(
                        403,
                        "{\"message\":\"Missing adsconversions scope to post conversions to Pixel.\"}"),
                    1)
                .get(0)
                .message())
        .isEqualTo("Missing adsconversions scope to post conversions to Pixel.");
  }

  @Test
  void skips() {
    assertThat(
            reddit.skipReason(
                TestEvents.purchase(NOW.minus(Duration.ofDays(8)).getEpochSecond()), NOW))
        .isPresent();
    assertThat(reddit.skipReason(TestEvents.anonymous("purchase"), NOW)).isPresent();
    assertThat(reddit.skipReason(TestEvents.purchase(), NOW)).isEmpty();
  }
}
