package dev.tracklayer.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.support.ApiIntegrationTest;
import dev.tracklayer.api.support.TopicReader;
import dev.tracklayer.core.config.MerchantConfig;
import dev.tracklayer.core.event.Json;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, consent enforced: the three settings the pipeline's routing follows (the account's
 * consent_when_unstated, a rule's require_consent, a webhook's respect_consent) are validated,
 * stored, answered and published to config.changes.
 */
class ConsentSettingsIntegrationTest extends ApiIntegrationTest {
  /** A documentation address: public, and nothing to resolve (tests run without DNS). */
  private static final String PUBLIC_WEBHOOK = "https://203.0.113.7/hooks/tracklayer";

  @Test
  void theAccountSaysWhatUnstatedConsentMeansAndThePipelineIsTold() {
    String merchant = merchantId();
    assertThat(account().get("consent_when_unstated").asText()).isEqualTo("allow");

    for (Object bad : List.of("maybe", "Deny", "", " deny", true)) {
      JsonNode error =
          body(
              patch("/v1/account", Map.of("consent_when_unstated", bad), token)
                  .exchange()
                  .expectStatus()
                  .isBadRequest());
      assertThat(error.at("/error/code").asText()).as("%s", bad).isEqualTo("validation_failed");
      assertThat(error.at("/error/details/0/path").asText()).isEqualTo("$.consent_when_unstated");
    }
    assertThat(account().get("consent_when_unstated").asText()).isEqualTo("allow");

    JsonNode denied =
        body(
            patch("/v1/account", Map.of("consent_when_unstated", "deny"), token)
                .exchange()
                .expectStatus()
                .isOk());
    assertThat(denied.get("consent_when_unstated").asText()).isEqualTo("deny");
    assertThat(account().get("consent_when_unstated").asText()).isEqualTo("deny");
    assertThat(latestConfig(merchant, 1).consentWhenUnstated).isEqualTo("deny");

    // Other account fields are not routing: they publish nothing.
    patch("/v1/account", Map.of("name", "Consent shop"), token).exchange().expectStatus().isOk();
    patch("/v1/account", Map.of("consent_when_unstated", "allow"), token)
        .exchange()
        .expectStatus()
        .isOk();
    assertThat(latestConfig(merchant, 2).consentWhenUnstated).isEqualTo("allow");
  }

  @Test
  void aRuleCanRequireConsent() {
    String merchant = merchantId();
    JsonNode plain =
        body(
            post("/v1/rules", Map.of("name", "All", "platforms", List.of("tiktok")))
                .exchange()
                .expectStatus()
                .isCreated());
    assertThat(plain.get("require_consent").asBoolean()).isFalse();
    JsonNode rule =
        body(
            post(
                    "/v1/rules",
                    Map.of(
                        "name",
                        "Consented purchases",
                        "conditions",
                        Map.of("event_names", List.of("purchase")),
                        "require_consent",
                        true,
                        "platforms",
                        List.of("meta")))
                .exchange()
                .expectStatus()
                .isCreated());
    assertThat(rule.get("require_consent").asBoolean()).isTrue();
    var published = latestConfig(merchant, 2).rules;
    assertThat(published).extracting(r -> r.requireConsent).containsExactly(false, true);

    String id = rule.get("id").asText();
    JsonNode wrongType =
        body(
            patch("/v1/rules/" + id, Map.of("require_consent", "sometimes"), token)
                .exchange()
                .expectStatus()
                .isBadRequest());
    assertThat(wrongType.at("/error/code").asText()).isEqualTo("validation_failed");
    assertThat(wrongType.at("/error/details/0/path").asText()).isEqualTo("$.require_consent");

    JsonNode off =
        body(
            patch("/v1/rules/" + id, Map.of("require_consent", false), token)
                .exchange()
                .expectStatus()
                .isOk());
    assertThat(off.get("require_consent").asBoolean()).isFalse();
    assertThat(off.at("/conditions/event_names/0").asText()).isEqualTo("purchase");
    assertThat(latestConfig(merchant, 3).rules.get(1).requireConsent).isFalse();
    assertThat(body(get("/v1/rules").exchange().expectStatus().isOk()).at("/items/1"))
        .isEqualTo(off);
  }

  @Test
  void aWebhookFollowsConsentOnlyWhenToldToAndAdPlatformsCannotBeToldOtherwise() {
    String merchant = merchantId();
    for (Object bad : List.of("yes", "1", "")) {
      JsonNode error =
          body(
              post("/v1/platforms", webhook(Map.of("respect_consent", bad)))
                  .exchange()
                  .expectStatus()
                  .isBadRequest());
      assertThat(error.at("/error/code").asText()).as("%s", bad).isEqualTo("validation_failed");
      assertThat(error.at("/error/details/0/path").asText())
          .isEqualTo("$.settings.respect_consent");
    }
    // Meta always follows consent: a setting that says otherwise would only mislead.
    JsonNode meta =
        body(
            post(
                    "/v1/platforms",
                    Map.of(
                        "platform",
                        "meta",
                        "credentials",
                        Map.of("pixel_id", "123456789012345", "access_token", "EAAG-token"),
                        "settings",
                        Map.of("respect_consent", "false")))
                .exchange()
                .expectStatus()
                .isBadRequest());
    assertThat(meta.at("/error/details/0/path").asText()).isEqualTo("$.settings.respect_consent");
    assertThat(meta.at("/error/details/0/message").asText()).contains("only webhook");
    assertThat(body(get("/v1/platforms").exchange().expectStatus().isOk()).get("items")).isEmpty();

    JsonNode hook =
        body(
            post("/v1/platforms", webhook(Map.of("respect_consent", true)))
                .exchange()
                .expectStatus()
                .isCreated());
    assertThat(hook.at("/settings/respect_consent").asText()).isEqualTo("true");
    var connection = latestConfig(merchant, 1).connections.get(0);
    assertThat(connection.settings).containsEntry("respect_consent", "true");
    assertThat(connection.followsConsent()).isTrue();
  }

  @Test
  void theOpenApiDocumentNamesTheConsentFields() {
    JsonNode doc = body(web.get().uri("/v3/api-docs").exchange().expectStatus().isOk());
    JsonNode schemas = doc.at("/components/schemas");
    assertThat(schemas.at("/Account/properties/consent_when_unstated/enum").toString())
        .isEqualTo("[\"allow\",\"deny\"]");
    assertThat(schemas.at("/AccountUpdate/properties/consent_when_unstated/enum").toString())
        .isEqualTo("[\"allow\",\"deny\"]");
    for (String rule : List.of("Rule", "NewRule", "RuleUpdate")) {
      assertThat(schemas.at("/" + rule + "/properties/require_consent/type").asText())
          .as(rule)
          .isEqualTo("boolean");
    }
    assertThat(schemas.at("/NewPlatform/properties/settings/description").asText())
        .contains("respect_consent");
    assertThat(doc.at("/paths/~1v1~1account/patch/responses").has("503")).isTrue();
  }

  private JsonNode account() {
    return body(get("/v1/account").exchange().expectStatus().isOk());
  }

  private static Map<String, Object> webhook(Map<String, Object> settings) {
    return Map.of(
        "platform",
        "webhook",
        "credentials",
        Map.of("url", PUBLIC_WEBHOOK, "signing_secret", "whsec-1"),
        "settings",
        settings);
  }

  /** The merchant's last snapshot on config.changes, after exactly {@code expected} of them. */
  private MerchantConfig latestConfig(String merchant, int expected) {
    List<ConsumerRecord<String, byte[]>> records =
        TopicReader.await(CONFIG_TOPIC, r -> r.key().equals(merchant), expected);
    assertThat(records).hasSize(expected);
    return Json.read(records.get(records.size() - 1).value(), MerchantConfig.class);
  }
}
