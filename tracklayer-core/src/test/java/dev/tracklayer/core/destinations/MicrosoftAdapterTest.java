package dev.tracklayer.core.destinations;

import static dev.tracklayer.core.destinations.TestEvents.EVENT_TIME;
import static dev.tracklayer.core.destinations.TestEvents.NOW;
import static dev.tracklayer.core.destinations.TestEvents.body;
import static dev.tracklayer.core.destinations.TestEvents.ctx;
import static dev.tracklayer.core.destinations.TestEvents.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.event.Consent;
import dev.tracklayer.core.event.TrackEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MicrosoftAdapterTest {

  private final MicrosoftAdapter microsoft = new MicrosoftAdapter();
  private final Credentials creds =
      Credentials.of("uet_tag_id", "343009876", "access_token", "ms-token");

  @Test
  void purchasePayload() {
    TrackEvent e = TestEvents.purchase();
    e.consent = new Consent(false, null);
    DeliveryRequest r = microsoft.build(List.of(e), creds, Map.of(), ctx());
    assertThat(r.url()).isEqualTo("https://capi.uet.microsoft.com/v1/343009876/events");
    assertThat(r.header("Authorization")).isEqualTo("Bearer ms-token");
    assertThat(body(r))
        .isEqualTo(
            TestEvents.json(
                """
                {"data":[{
                  "eventType":"custom","eventId":"order-12345","eventName":"purchase",
                  "eventTime":{{t}},"eventSourceUrl":"https://shop.example/checkout/thanks",
                  "adStorageConsent":"D",
                  "userData":{"em":"{{em}}","ph":"{{ph}}","msclkid":"dd4afcccb1c9a4cad9544dd7e5006",
                    "clientIpAddress":"203.0.113.7","clientUserAgent":"{{ua}}","externalId":"{{ext}}"},
                  "customData":{"value":129.99,"currency":"USD","transactionId":"12345",
                    "pageType":"purchase","itemIds":["SKU-A"],
                    "items":[{"id":"SKU-A","quantity":1,"price":129.99}],"ecommTotalValue":129.99}}],
                 "continueOnValidationError":false}
                """,
                // Microsoft: local part without dots or +alias (there are none here), lowercase.
                TestEvents.hashedContact("t", EVENT_TIME)));
  }

  @Test
  void microsoftsPublishedHashExamples() {
    TrackEvent e = TestEvents.purchase();
    e.userData.email = " John@Contoso.com ";
    e.userData.phone = "+1 (425) 555-1234";
    var user = body(microsoft.build(List.of(e), creds, Map.of(), ctx())).at("/data/0/userData");
    assertThat(user.get("em").asText())
        .isEqualTo("ec81f3ac7b2b19675bab9d54cf416f9f18cff87c97da5cca82c0f0891bc40602");
    assertThat(user.get("ph").asText())
        .isEqualTo("c59475d96e9f01d7d18d06cfad84dd02333207f02c0c2c5663ef2782cda0390e");
    e.userData.email = "j.o.h.n+ads@contoso.com";
    assertThat(
            body(microsoft.build(List.of(e), creds, Map.of(), ctx()))
                .at("/data/0/userData/em")
                .asText())
        .isEqualTo("ec81f3ac7b2b19675bab9d54cf416f9f18cff87c97da5cca82c0f0891bc40602");
  }

  @Test
  void pageViewsArePageLoads() {
    var ev =
        body(microsoft.build(List.of(TestEvents.named("page_view")), creds, Map.of(), ctx()))
            .at("/data/0");
    assertThat(ev.get("eventType").asText()).isEqualTo("pageLoad");
    assertThat(ev.has("eventName")).isFalse();
    assertThat(ev.has("customData")).isFalse();
    TrackEvent noUrl = TestEvents.named("page_view");
    noUrl.eventSourceUrl = null;
    assertThat(
            body(microsoft.build(List.of(noUrl), creds, Map.of(), ctx()))
                .at("/data/0/eventType")
                .asText())
        .isEqualTo("custom");
  }

  @Test
  void validationErrorsFailTheNamedEventsAndRetryTheRest() {
    String body =
        """
        {"error":{"code":"ValidationError","message":"One or multiple parameters did not pass validation checks, see details.",
          "details":[{"index":1,"propertyName":"data[1].eventType","errorMessage":"'eventType' must be one of the following: pageLoad, custom."},
                     {"index":1,"propertyName":"data[1].eventTime","errorMessage":"'eventTime' must not be empty."}]}}
        """;
    List<Outcome> out = microsoft.classify(response(400, body), 3);
    assertThat(out.get(0).isRetry()).isTrue();
    assertThat(out.get(2).isRetry()).isTrue();
    assertThat(out.get(1).isFailed()).isTrue();
    assertThat(out.get(1).message())
        .contains("data[1].eventType: 'eventType' must be one of the following")
        .contains("data[1].eventTime: 'eventTime' must not be empty.");
  }

  @Test
  void otherErrors() {
    Outcome auth =
        microsoft
            .classify(
                response(
                    401,
                    "{\"error\":{\"code\":\"Unauthorized\",\"message\":\"You are not authorized to access this resource.\"}}"),
                1)
            .get(0);
    assertThat(auth.isFailed()).isTrue();
    assertThat(auth.message())
        .isEqualTo("Unauthorized: You are not authorized to access this resource.");
    assertThat(microsoft.classify(response(200, "{}"), 2)).allMatch(Outcome::isDelivered);
    assertThat(microsoft.classify(response(502, ""), 1).get(0).isRetry()).isTrue();
  }

  @Test
  void skips() {
    assertThat(microsoft.skipReason(TestEvents.anonymous("purchase"), NOW)).isPresent();
    assertThat(microsoft.skipReason(TestEvents.purchase(), NOW)).isEmpty();
  }
}
