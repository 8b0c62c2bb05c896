package dev.tracklayer.core.destinations;

import static dev.tracklayer.core.destinations.TestEvents.EVENT_TIME;
import static dev.tracklayer.core.destinations.TestEvents.NOW;
import static dev.tracklayer.core.destinations.TestEvents.body;
import static dev.tracklayer.core.destinations.TestEvents.ctx;
import static dev.tracklayer.core.destinations.TestEvents.response;
import static dev.tracklayer.core.destinations.TestEvents.sha;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.event.TrackEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkedInAdapterTest {

  private final LinkedInAdapter linkedin = new LinkedInAdapter();
  private final Credentials creds =
      Credentials.of("conversion_rule_id", "104012", "access_token", "li-token");

  @Test
  void purchasePayload() {
    DeliveryRequest r = linkedin.build(List.of(TestEvents.purchase()), creds, Map.of(), ctx());
    assertThat(r.url()).isEqualTo("https://api.linkedin.com/rest/conversionEvents");
    assertThat(r.headers())
        .containsEntry("Authorization", "Bearer li-token")
        .containsEntry("LinkedIn-Version", "202607")
        .containsEntry("X-Restli-Protocol-Version", "2.0.0")
        .containsEntry("X-RestLi-Method", "BATCH_CREATE");
    assertThat(body(r))
        .isEqualTo(
            TestEvents.json(
                """
                {"elements":[{
                  "conversion":"urn:lla:llaPartnerConversion:104012",
                  "conversionHappenedAt":{{ms}},
                  "conversionValue":{"currencyCode":"USD","amount":"129.99"},
                  "eventId":"order-12345",
                  "user":{"userIds":[
                      {"idType":"SHA256_EMAIL","idValue":"{{em}}"},
                      {"idType":"LINKEDIN_FIRST_PARTY_ADS_TRACKING_UUID","idValue":"df5gf5-gh6t7-ph4j7h-fgf6n1"},
                      {"idType":"PLAINTEXT_IP_ADDRESS","idValue":"203.0.113.7"}],
                    "userInfo":{"firstName":"Mary","lastName":"Smith","countryCode":"US"}}}]}
                """,
                "ms",
                EVENT_TIME * 1000,
                "em",
                sha("john_smith@gmail.com")));
  }

  @Test
  void onlyConfiguredConversionsGo() {
    assertThat(linkedin.skipReason(TestEvents.named("page_view"), Map.of(), NOW)).isPresent();
    assertThat(linkedin.skipReason(TestEvents.purchase(), Map.of(), NOW)).isEmpty();
    Map<String, String> settings = Map.of("conversion_rule_id.lead", "200");
    assertThat(linkedin.skipReason(TestEvents.named("lead"), settings, NOW)).isEmpty();
    assertThat(
            body(linkedin.build(List.of(TestEvents.named("lead")), creds, settings, ctx()))
                .at("/elements/0/conversion")
                .asText())
        .isEqualTo("urn:lla:llaPartnerConversion:200");
  }

  @Test
  void userIdsAreAlwaysPresentAndNamesTravelInPairs() {
    TrackEvent e = TestEvents.anonymous("purchase");
    e.userData.firstName = "Ada";
    assertThat(linkedin.skipReason(e, Map.of(), NOW)).isPresent();
    e.userData.lastName = "Lovelace";
    assertThat(linkedin.skipReason(e, Map.of(), NOW)).isEmpty();
    var user = body(linkedin.build(List.of(e), creds, Map.of(), ctx())).at("/elements/0/user");
    assertThat(user.get("userIds").isArray()).isTrue();
    assertThat(user.get("userIds")).isEmpty();
    assertThat(user.at("/userInfo/lastName").asText()).isEqualTo("Lovelace");
  }

  @Test
  void classifies() {
    assertThat(
            linkedin.classify(
                response(200, "{\"elements\":[{\"status\":201},{\"status\":201}]}"), 2))
        .allMatch(Outcome::isDelivered);
    List<Outcome> mixed =
        linkedin.classify(
            response(
                200,
                "{\"elements\":[{\"status\":201},{\"status\":400,\"error\":{\"message\":\"conversionHappenedAt is too old\"}}]}"),
            2);
    assertThat(mixed.get(0).isDelivered()).isTrue();
    assertThat(mixed.get(1).isFailed()).isTrue();
    assertThat(mixed.get(1).message()).isEqualTo("conversionHappenedAt is too old");
    Outcome unprocessable =
        linkedin
            .classify(
                response(
                    422,
                    "{\"status\":422,\"message\":\"ERROR :: /elements/0/user/userIds :: field is required but not found\"}"),
                1)
            .get(0);
    assertThat(unprocessable.isFailed()).isTrue();
    assertThat(unprocessable.message()).contains("/user/userIds");
    assertThat(
            linkedin
                .classify(
                    response(
                        401,
                        "{\"status\":401,\"code\":\"EXPIRED_ACCESS_TOKEN\",\"message\":\"The token used in the request has expired\"}"),
                    1)
                .get(0)
                .isFailed())
        .isTrue();
    assertThat(linkedin.classify(response(429, ""), 1).get(0).isRetry()).isTrue();
  }
}
