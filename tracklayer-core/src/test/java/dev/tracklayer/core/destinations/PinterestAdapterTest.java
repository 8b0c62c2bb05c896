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

class PinterestAdapterTest {

  private final PinterestAdapter pinterest = new PinterestAdapter();
  private final Credentials creds =
      Credentials.of("ad_account_id", "549755885175", "access_token", "pina_tok");

  @Test
  void purchasePayload() {
    DeliveryRequest r =
        pinterest.build(List.of(TestEvents.purchase()), creds, Map.of("test", "true"), ctx());
    assertThat(r.url())
        .isEqualTo("https://api.pinterest.com/v5/ad_accounts/549755885175/events?test=true");
    assertThat(r.header("Authorization")).isEqualTo("Bearer pina_tok");
    assertThat(body(r))
        .isEqualTo(
            TestEvents.json(
                """
                {"data":[{
                  "event_name":"checkout","action_source":"web","event_time":{{t}},
                  "event_id":"order-12345","event_source_url":"https://shop.example/checkout/thanks",
                  "user_data":{"em":["{{em}}"],"ph":["{{ph}}"],"fn":["{{fn}}"],"ln":["{{ln}}"],
                    "ct":["{{ct}}"],"st":["{{st}}"],"zp":["{{zp}}"],"country":["{{country}}"],
                    "external_id":["{{ext}}"],
                    "client_ip_address":"203.0.113.7","client_user_agent":"{{ua}}",
                    "click_id":"dj0yJnU9epik"},
                  "custom_data":{"currency":"USD","value":"129.99","order_id":"12345",
                    "content_ids":["SKU-A"],
                    "contents":[{"id":"SKU-A","item_price":"129.99","quantity":1}],
                    "num_items":1}}]}
                """,
                TestEvents.metaUserData("t", EVENT_TIME)));
  }

  @Test
  void names() {
    assertThat(name("page_view")).isEqualTo("page_visit");
    assertThat(name("sign_up")).isEqualTo("signup");
    assertThat(name("initiate_checkout")).isEqualTo("custom");
  }

  private String name(String event) {
    return body(pinterest.build(List.of(TestEvents.named(event)), creds, Map.of(), ctx()))
        .at("/data/0/event_name")
        .asText();
  }

  @Test
  void perEventResults() {
    String body =
        """
        {"code":4203,"message":"Not all events were successfully processed.",
         "num_events_received":2,"num_events_processed":1,
         "events":[{"status":"failed","error_message":"Event name 'foo' is not valid.","warning_message":""},
                   {"status":"processed","error_message":"","warning_message":""}]}
        """;
    List<Outcome> out = pinterest.classify(response(422, body), 2);
    assertThat(out.get(0).isFailed()).isTrue();
    assertThat(out.get(0).message()).isEqualTo("Event name 'foo' is not valid.");
    assertThat(out.get(1).isDelivered()).isTrue();

    String ok =
        "{\"num_events_received\":2,\"num_events_processed\":2,\"events\":[{\"status\":\"processed\"},{\"status\":\"processed\"}]}";
    assertThat(pinterest.classify(response(200, ok), 2)).allMatch(Outcome::isDelivered);
  }

  @Test
  void requestErrors() {
    Outcome auth =
        pinterest
            .classify(response(401, "{\"code\":2,\"message\":\"Authentication failed.\"}"), 1)
            .get(0);
    assertThat(auth.isFailed()).isTrue();
    assertThat(auth.message()).isEqualTo("Authentication failed.");
    Outcome limited =
        pinterest
            .classify(
                response(
                    429,
                    Map.of("Retry-After", "60"),
                    "{\"code\":8,\"message\":\"This request exceeded a rate limit.\"}"),
                1)
            .get(0);
    assertThat(limited.isRetry()).isTrue();
    assertThat(limited.retryAfter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(
            pinterest
                .classify(response(503, "{\"code\":4197,\"message\":\"ramped down\"}"), 1)
                .get(0)
                .isRetry())
        .isTrue();
  }

  @Test
  void skipsWithoutEmailMaidsOrIpAndAgent() {
    assertThat(pinterest.skipReason(TestEvents.anonymous("purchase"), NOW)).isPresent();
    var e = TestEvents.anonymous("purchase");
    e.userData.email = "a@b.co";
    assertThat(pinterest.skipReason(e, NOW)).isEmpty();
  }
}
