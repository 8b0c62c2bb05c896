package dev.tracklayer.core.destinations;

import static dev.tracklayer.core.destinations.TestEvents.NOW;
import static dev.tracklayer.core.destinations.TestEvents.body;
import static dev.tracklayer.core.destinations.TestEvents.ctx;
import static dev.tracklayer.core.destinations.TestEvents.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.event.TrackEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KlaviyoAdapterTest {

  private final KlaviyoAdapter klaviyo = new KlaviyoAdapter();
  private final Credentials creds = Credentials.of("private_api_key", "pk_live_abc");

  @Test
  void purchasePayloadIsJsonApiWithTheRawProfile() {
    DeliveryRequest r = klaviyo.build(List.of(TestEvents.purchase()), creds, Map.of(), ctx());
    assertThat(r.url()).isEqualTo("https://a.klaviyo.com/api/events");
    assertThat(r.headers())
        .containsEntry("Authorization", "Klaviyo-API-Key pk_live_abc")
        .containsEntry("revision", "2026-07-15")
        .containsEntry("Content-Type", "application/vnd.api+json")
        .containsEntry("Accept", "application/vnd.api+json");
    assertThat(body(r))
        .isEqualTo(
            TestEvents.json(
                """
                {"data":{"type":"event","attributes":{
                  "properties":{"event_id":"order-12345","order_id":"12345","source":"browser",
                    "event_source_url":"https://shop.example/checkout/thanks",
                    "items":[{"id":"SKU-A","quantity":1,"price":129.99}],"item_count":1},
                  "time":"2026-04-20T09:40:00Z","value":129.99,"value_currency":"USD",
                  "unique_id":"order-12345",
                  "metric":{"data":{"type":"metric","attributes":{"name":"Placed Order"}}},
                  "profile":{"data":{"type":"profile","attributes":{
                    "email":"john_smith@gmail.com","phone_number":"+16505551212",
                    "external_id":"cust_123","first_name":"Mary","last_name":"Smith",
                    "location":{"city":"San Francisco","region":"CA","zip":"94103","country":"US",
                                "ip":"203.0.113.7"}}}}}}}
                """));
  }

  @Test
  void metricNames() {
    assertThat(metric("add_to_cart")).isEqualTo("Added to Cart");
    assertThat(metric("begin_checkout")).isEqualTo("Started Checkout");
    assertThat(metric("view_item")).isEqualTo("Viewed Product");
    assertThat(metric("Quiz Completed")).isEqualTo("Quiz Completed");
  }

  private String metric(String name) {
    return body(klaviyo.build(List.of(TestEvents.named(name)), creds, Map.of(), ctx()))
        .at("/data/attributes/metric/data/attributes/name")
        .asText();
  }

  @Test
  void preHashedValuesAreNotSentAsIfRaw() {
    TrackEvent e = TestEvents.anonymous("purchase");
    e.userData.email = "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f";
    assertThat(klaviyo.skipReason(e, NOW)).isPresent();
    e.userData.anonId = "anon-7";
    assertThat(klaviyo.skipReason(e, NOW)).isEmpty();
    var profile =
        body(klaviyo.build(List.of(e), creds, Map.of(), ctx()))
            .at("/data/attributes/profile/data/attributes");
    assertThat(profile.has("email")).isFalse();
    assertThat(profile.get("anonymous_id").asText()).isEqualTo("anon-7");
  }

  @Test
  void classifies() {
    assertThat(klaviyo.classify(response(202, ""), 1)).containsExactly(Outcome.delivered(202));
    Outcome invalid =
        klaviyo
            .classify(
                response(
                    400,
                    "{\"errors\":[{\"id\":\"1\",\"status\":400,\"code\":\"invalid\",\"title\":\"Invalid input.\","
                        + "\"detail\":\"Invalid phone number format\",\"source\":{\"pointer\":\"/data/attributes/profile/data/attributes/phone_number\"}}]}"),
                1)
            .get(0);
    assertThat(invalid.isFailed()).isTrue();
    assertThat(invalid.message())
        .isEqualTo(
            "Invalid input. Invalid phone number format (/data/attributes/profile/data/attributes/phone_number)");
    Outcome throttled =
        klaviyo
            .classify(
                response(
                    429, Map.of("Retry-After", "3"), "{\"errors\":[{\"title\":\"Throttled\"}]}"),
                1)
            .get(0);
    assertThat(throttled.isRetry()).isTrue();
    assertThat(throttled.retryAfter()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void contract() {
    assertThat(klaviyo.maxBatchSize()).isEqualTo(1);
    assertThat(klaviyo.requiredCredentials()).containsExactly("private_api_key");
  }
}
