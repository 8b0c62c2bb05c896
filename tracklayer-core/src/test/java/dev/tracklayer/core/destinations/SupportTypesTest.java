package dev.tracklayer.core.destinations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Endpoints, credentials, outcomes and the shared response rules. */
class SupportTypesTest {

  @Test
  void endpointsDefaultToThePublicOriginsAndReadTheEnvironment() {
    Endpoints d = Endpoints.defaults();
    assertThat(d.baseUrl("meta")).isEqualTo("https://graph.facebook.com");
    assertThat(d.baseUrl("google_ads")).isEqualTo("https://googleads.googleapis.com");
    assertThat(d.baseUrl(Endpoints.GOOGLE_OAUTH)).isEqualTo("https://oauth2.googleapis.com");
    assertThat(d.baseUrl("microsoft")).isEqualTo("https://capi.uet.microsoft.com");
    assertThat(Endpoints.envVar("google_ads"))
        .isEqualTo("TRACKLAYER_DESTINATION_GOOGLE_ADS_BASE_URL");

    Endpoints env =
        Endpoints.fromEnvironment(
            Map.of(
                "TRACKLAYER_DESTINATION_META_BASE_URL", "http://localhost:9000/",
                "TRACKLAYER_DESTINATION_GOOGLE_OAUTH_BASE_URL", "http://localhost:9001",
                "TRACKLAYER_DESTINATION_X_BASE_URL", " "));
    assertThat(env.baseUrl("meta")).isEqualTo("http://localhost:9000");
    assertThat(env.baseUrl("google_oauth")).isEqualTo("http://localhost:9001");
    assertThat(env.baseUrl("x")).isEqualTo("https://ads-api.x.com");
    assertThatThrownBy(() -> env.baseUrl("webhook")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void credentialsParseTheDecryptedJsonAndHideValues() {
    Credentials c =
        Credentials.fromJson(
            "{\"pixel_id\":\"123\",\"access_token\":\"  secret \",\"blank\":\"\"}");
    assertThat(c.require("access_token")).isEqualTo("secret");
    assertThat(c.get("blank")).isEmpty();
    assertThat(c.missing(java.util.List.of("pixel_id", "blank", "other")))
        .containsExactly("blank", "other");
    assertThat(c.toString()).doesNotContain("secret").doesNotContain("123");
    assertThatThrownBy(() -> Credentials.fromJson("[1]"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Credentials.fromJson("{\"a\":{}}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requestsNeverPrintTheirSecrets() {
    DeliveryRequest r =
        DeliveryRequest.post(
            "https://graph.facebook.com/v25.0/1/events?access_token=SECRET",
            Map.of("Authorization", "Bearer SECRET"),
            "{}");
    assertThat(r.toString()).doesNotContain("SECRET").contains("/v25.0/1/events");
  }

  @Test
  void outcomeMessagesAreTrimmed() {
    Outcome o = Outcome.failed(400, "x".repeat(2000));
    assertThat(o.message()).hasSize(Outcome.MAX_MESSAGE);
    assertThat(Outcome.failed(400, "   ").message()).isNull();
  }

  @Test
  void retryAfterIsSecondsOrAnHttpDate() {
    assertThat(Responses.retryAfter(DeliveryResponse.of(429, Map.of("Retry-After", "120"), "")))
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(
            Responses.retryAfter(
                DeliveryResponse.of(
                    503,
                    Map.of(
                        "Date",
                        "Wed, 21 Oct 2026 07:28:00 GMT",
                        "Retry-After",
                        "Wed, 21 Oct 2026 07:29:30 GMT"),
                    "")))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(Responses.retryAfter(DeliveryResponse.of(503, Map.of("Retry-After", "soon"), "")))
        .isNull();
    assertThat(Responses.retryAfter(DeliveryResponse.of(503, ""))).isNull();
  }

  @Test
  void statusRules() {
    assertThat(Responses.byStatus(DeliveryResponse.of(201, ""), "x").isDelivered()).isTrue();
    assertThat(Responses.byStatus(DeliveryResponse.of(408, ""), "x").isRetry()).isTrue();
    assertThat(Responses.byStatus(DeliveryResponse.of(429, ""), "x").isRetry()).isTrue();
    assertThat(Responses.byStatus(DeliveryResponse.of(500, ""), "x").isRetry()).isTrue();
    assertThat(Responses.byStatus(DeliveryResponse.of(404, ""), "x").isFailed()).isTrue();
    assertThat(Responses.byStatus(DeliveryResponse.of(422, ""), "bad").message()).isEqualTo("bad");
  }

  @Test
  void standardEventsResolveFromEveryCommonSpelling() {
    assertThat(StandardEvent.of("Purchase")).contains(StandardEvent.PURCHASE);
    assertThat(StandardEvent.of("InitiateCheckout")).contains(StandardEvent.INITIATE_CHECKOUT);
    assertThat(StandardEvent.of("begin-checkout")).contains(StandardEvent.INITIATE_CHECKOUT);
    assertThat(StandardEvent.of("generate_lead")).contains(StandardEvent.LEAD);
    assertThat(StandardEvent.of("view_item")).contains(StandardEvent.VIEW_CONTENT);
    assertThat(StandardEvent.of("quiz")).isEmpty();
  }
}
