package dev.tracklayer.core.destinations;

import static dev.tracklayer.core.destinations.TestEvents.EVENT_TIME;
import static dev.tracklayer.core.destinations.TestEvents.NOW;
import static dev.tracklayer.core.destinations.TestEvents.body;
import static dev.tracklayer.core.destinations.TestEvents.ctx;
import static dev.tracklayer.core.destinations.TestEvents.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracklayer.core.event.Consent;
import dev.tracklayer.core.event.TrackEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Ga4AdapterTest {

  private final Ga4Adapter ga4 = new Ga4Adapter();
  private final Credentials creds =
      Credentials.of("measurement_id", "G-ABC123", "api_secret", "s3cr3t");

  @Test
  void purchasePayload() {
    TrackEvent e = TestEvents.purchase();
    e.consent = new Consent(true, true);
    DeliveryRequest r = ga4.build(List.of(e), creds, Map.of(), ctx());
    assertThat(r.url())
        .isEqualTo(
            "https://www.google-analytics.com/mp/collect?measurement_id=G-ABC123&api_secret=s3cr3t");
    assertThat(body(r))
        .isEqualTo(
            TestEvents.json(
                """
                {"client_id":"{{cid}}","user_id":"cust_123","timestamp_micros":{{micros}},
                 "user_data":{"sha256_email_address":"{{em}}","sha256_phone_number":"{{ph}}",
                   "address":[{"sha256_first_name":"{{fn}}","sha256_last_name":"{{ln}}",
                     "city":"san francisco","region":"ca","postal_code":"94103","country":"us"}]},
                 "consent":{"ad_user_data":"GRANTED","ad_personalization":"GRANTED"},
                 "ip_override":"203.0.113.7",
                 "events":[{"name":"purchase","params":{
                   "currency":"USD","value":129.99,"transaction_id":"12345","event_id":"order-12345",
                   "page_location":"https://shop.example/checkout/thanks",
                   "items":[{"item_id":"SKU-A","quantity":1,"price":129.99}]}}]}
                """,
                // Google: gmail local parts lose their dots (there are none here), lowercase.
                TestEvents.googleUser(
                    "cid", Ga4Adapter.clientId(e), "micros", EVENT_TIME * 1_000_000L)));
  }

  @Test
  void clientIdIsStablePerCustomerAndShapedLikeGas() {
    TrackEvent a = TestEvents.purchase();
    TrackEvent b = TestEvents.named("page_view");
    b.eventId = "other";
    assertThat(Ga4Adapter.clientId(a))
        .matches("\\d{10}\\.\\d{10}")
        .isEqualTo(Ga4Adapter.clientId(b));
    TrackEvent anon = TestEvents.purchase();
    anon.userData.anonId = "1234.5678";
    assertThat(Ga4Adapter.clientId(anon)).isEqualTo("1234.5678");
    TrackEvent nobody = TestEvents.anonymous("page_view");
    assertThat(Ga4Adapter.clientId(nobody)).matches("\\d{10}\\.\\d{10}");
  }

  @Test
  void namesAreGa4sOrFoldedIntoItsAlphabet() {
    assertThat(name("initiate_checkout")).isEqualTo("begin_checkout");
    assertThat(name("lead")).isEqualTo("generate_lead");
    assertThat(name("complete_registration")).isEqualTo("sign_up");
    assertThat(name("quote requested!")).isEqualTo("quote_requested_");
    assertThat(name("1st_visit")).isEqualTo("e_1st_visit");
  }

  private String name(String event) {
    return body(ga4.build(List.of(TestEvents.named(event)), creds, Map.of(), ctx()))
        .at("/events/0/name")
        .asText();
  }

  @Test
  void validateSettingUsesTheValidationServer() {
    DeliveryRequest r =
        ga4.build(
            List.of(TestEvents.purchase()),
            creds,
            Map.of("validate", "true", "debug_mode", "true"),
            ctx());
    assertThat(r.url()).startsWith("https://www.google-analytics.com/debug/mp/collect?");
    assertThat(body(r).at("/events/0/params/debug_mode").asBoolean()).isTrue();
  }

  @Test
  void oneEventPerRequest() {
    assertThatThrownBy(
            () ->
                ga4.build(
                    List.of(TestEvents.purchase(), TestEvents.purchase()), creds, Map.of(), ctx()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ga4.maxBatchSize()).isEqualTo(1);
  }

  @Test
  void skipsEventsOlderThan72Hours() {
    assertThat(
            ga4.skipReason(
                TestEvents.purchase(NOW.minus(Duration.ofHours(73)).getEpochSecond()), NOW))
        .hasValueSatisfying(r -> assertThat(r).contains("72 hours"));
    assertThat(ga4.skipReason(TestEvents.anonymous("page_view"), NOW)).isEmpty();
  }

  @Test
  void classifies() {
    assertThat(ga4.classify(response(204, ""), 1)).containsExactly(Outcome.delivered(204));
    Outcome invalid =
        ga4.classify(
                response(
                    200,
                    "{\"validationMessages\":[{\"fieldPath\":\"events\",\"description\":\"Event name is reserved\",\"validationCode\":\"NAME_RESERVED\"}]}"),
                1)
            .get(0);
    assertThat(invalid.kind()).isEqualTo(OutcomeKind.FAILED);
    assertThat(invalid.message()).isEqualTo("NAME_RESERVED: Event name is reserved");
    assertThat(ga4.classify(response(200, "{\"validationMessages\":[]}"), 1).get(0).isDelivered())
        .isTrue();
    assertThat(ga4.classify(response(500, ""), 1).get(0).isRetry()).isTrue();
    assertThat(ga4.classify(response(403, "forbidden"), 1).get(0).isFailed()).isTrue();
  }
}
