package dev.tracklayer.api.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.support.ApiIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountIntegrationTest extends ApiIntegrationTest {

  @Test
  void patchUpdatesOnlyTheFieldsSent() {
    merchantId();
    JsonNode updated =
        body(
            patch(
                    "/v1/account",
                    Map.of(
                        "name", "  Ada's Shop ",
                        "store_platform", "Shopify",
                        "store_url", "https://ada.example.com",
                        "onboarding_step", 3),
                    token)
                .exchange()
                .expectStatus()
                .isOk());
    assertThat(updated.get("name").asText()).isEqualTo("Ada's Shop");
    assertThat(updated.get("store_platform").asText()).isEqualTo("shopify");
    assertThat(updated.get("store_url").asText()).isEqualTo("https://ada.example.com");
    assertThat(updated.get("onboarding_step").asInt()).isEqualTo(3);
    assertThat(updated.get("onboarding_completed").asBoolean()).isFalse();
    assertThat(updated.get("email").asText()).isEqualTo(sub + "@example.com");

    JsonNode again =
        body(
            patch(
                    "/v1/account",
                    Map.of("onboarding_completed", true, "email", "owner@ada.example.com"),
                    token)
                .exchange()
                .expectStatus()
                .isOk());
    assertThat(again.get("name").asText()).isEqualTo("Ada's Shop");
    assertThat(again.get("onboarding_completed").asBoolean()).isTrue();
    assertThat(again.get("email").asText()).isEqualTo("owner@ada.example.com");

    JsonNode cleared =
        body(patch("/v1/account", Map.of("store_url", ""), token).exchange().expectStatus().isOk());
    assertThat(cleared.get("store_url").isNull()).isTrue();
    assertThat(body(get("/v1/account").exchange().expectStatus().isOk())).isEqualTo(cleared);
  }

  @Test
  void timezoneIsAnIanaZoneStoredAndReturned() {
    assertThat(body(get("/v1/account").exchange().expectStatus().isOk()).get("timezone").asText())
        .isEqualTo("UTC");
    for (Object bad : java.util.List.of("Mars/Olympus", "+05:00", "UTC+3", "america/new_york")) {
      JsonNode error =
          body(
              patch("/v1/account", Map.of("timezone", bad), token)
                  .exchange()
                  .expectStatus()
                  .isBadRequest());
      assertThat(error.at("/error/code").asText()).as("%s", bad).isEqualTo("validation_failed");
      assertThat(error.at("/error/details/0/path").asText()).isEqualTo("$.timezone");
    }
    // A refused zone changed nothing.
    assertThat(body(get("/v1/account").exchange().expectStatus().isOk()).get("timezone").asText())
        .isEqualTo("UTC");

    JsonNode paris =
        body(
            patch("/v1/account", Map.of("timezone", "Europe/Paris"), token)
                .exchange()
                .expectStatus()
                .isOk());
    assertThat(paris.get("timezone").asText()).isEqualTo("Europe/Paris");
    assertThat(body(get("/v1/account").exchange().expectStatus().isOk()).get("timezone").asText())
        .isEqualTo("Europe/Paris");
    // "" goes back to UTC.
    JsonNode reset =
        body(patch("/v1/account", Map.of("timezone", ""), token).exchange().expectStatus().isOk());
    assertThat(reset.get("timezone").asText()).isEqualTo("UTC");
  }

  @Test
  void patchRejectsInvalidFieldsAllAtOnce() {
    JsonNode error =
        body(
            patch(
                    "/v1/account",
                    Map.of(
                        "email",
                        "not-an-email",
                        "store_url",
                        "ftp://example.com",
                        "onboarding_step",
                        -1,
                        "name",
                        "x".repeat(201)),
                    token)
                .exchange()
                .expectStatus()
                .isBadRequest());
    assertThat(error.at("/error/code").asText()).isEqualTo("validation_failed");
    assertThat(error.at("/error/details").findValuesAsText("path"))
        .containsExactlyInAnyOrder("$.email", "$.store_url", "$.onboarding_step", "$.name");
    JsonNode account = body(get("/v1/account").exchange().expectStatus().isOk());
    assertThat(account.get("onboarding_step").asInt()).isZero();
  }

  @Test
  void patchRejectsUnknownAndMistypedFieldsAndBadJson() {
    JsonNode unknown =
        body(
            patch("/v1/account", Map.of("plan", "scale"), token)
                .exchange()
                .expectStatus()
                .isBadRequest());
    assertThat(unknown.at("/error/code").asText()).isEqualTo("unknown_field");
    assertThat(unknown.at("/error/details/0/path").asText()).isEqualTo("$.plan");

    JsonNode mistyped =
        body(
            patch("/v1/account", Map.of("onboarding_completed", Map.of("x", 1)), token)
                .exchange()
                .expectStatus()
                .isBadRequest());
    assertThat(mistyped.at("/error/details/0/path").asText()).isEqualTo("$.onboarding_completed");

    JsonNode malformed =
        body(patch("/v1/account", "{\"name\": ", token).exchange().expectStatus().isBadRequest());
    assertThat(malformed.at("/error/code").asText()).isEqualTo("invalid_json");

    JsonNode empty =
        body(patch("/v1/account", "{}", token).exchange().expectStatus().isBadRequest());
    assertThat(empty.at("/error/code").asText()).isEqualTo("nothing_to_update");
  }
}
