package dev.tracklayer.api.platforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.support.ApiIntegrationTest;
import dev.tracklayer.core.destinations.DestinationAdapter;
import dev.tracklayer.core.destinations.DestinationAdapters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /v1/platforms/catalog: the form the dashboard builds for each platform. */
class PlatformCatalogIntegrationTest extends ApiIntegrationTest {

  @Test
  void everyPlatformIsListedWithExactlyItsAdaptersCredentials() {
    JsonNode items =
        body(get("/v1/platforms/catalog").exchange().expectStatus().isOk()).get("items");

    List<String> platforms = new ArrayList<>();
    items.forEach(item -> platforms.add(item.get("platform").asText()));
    assertThat(platforms).isEqualTo(DestinationAdapters.PLATFORMS);

    for (JsonNode item : items) {
      String platform = item.get("platform").asText();
      DestinationAdapter adapter = DestinationAdapters.forPlatform(platform).orElseThrow();
      assertThat(item.get("name").asText()).as(platform).isNotBlank();
      List<String> fields = new ArrayList<>();
      for (JsonNode credential : item.get("credentials")) {
        String field = credential.get("field").asText();
        fields.add(field);
        assertThat(credential.get("label").asText()).as(field).isNotBlank().isNotEqualTo(field);
        assertThat(credential.get("help").asText()).as(field).isNotBlank();
        // Anything that grants access is typed into a password field; identifiers are not.
        assertThat(credential.get("secret").asBoolean())
            .as(platform + " " + field + " secret")
            .isEqualTo(field.matches(".*(token|secret|_key)$"));
      }
      assertThat(fields).as(platform).isEqualTo(adapter.requiredCredentials());
      for (JsonNode setting : item.get("settings")) {
        assertThat(setting.get("type").asText()).isIn("string", "boolean");
        assertThat(setting.has("per_event")).isTrue();
        assertThat(setting.has("default")).isTrue();
        assertThat(setting.get("label").asText()).isNotBlank();
      }
    }

    JsonNode webhook = items.get(DestinationAdapters.PLATFORMS.indexOf("webhook"));
    assertThat(webhook.get("settings")).hasSize(1);
    assertThat(webhook.at("/settings/0/key").asText()).isEqualTo("respect_consent");
    assertThat(webhook.at("/settings/0/type").asText()).isEqualTo("boolean");
    assertThat(webhook.at("/settings/0/default").asText()).isEqualTo("false");
    JsonNode meta = items.get(0);
    assertThat(meta.get("settings").findValuesAsText("key")).contains("test_event_code");
    assertThat(meta.get("docs_url").asText()).startsWith("https://");
  }

  @Test
  void everySettingTheCatalogOffersIsAccepted() {
    for (JsonNode item :
        body(get("/v1/platforms/catalog").exchange().expectStatus().isOk()).get("items")) {
      String platform = item.get("platform").asText();
      Map<String, String> credentials = new LinkedHashMap<>();
      item.get("credentials")
          .forEach(
              c -> {
                String field = c.get("field").asText();
                credentials.put(
                    field,
                    field.equals("url")
                        ? PlatformsIntegrationTest.PUBLIC_WEBHOOK
                        : "value-" + field);
              });
      Map<String, String> settings = new LinkedHashMap<>();
      item.get("settings")
          .forEach(
              s -> {
                String key = s.get("key").asText();
                String value = s.get("type").asText().equals("boolean") ? "true" : "x1";
                settings.put(s.get("per_event").asBoolean() ? key + ".purchase" : key, value);
              });
      JsonNode created =
          body(
              post(
                      "/v1/platforms",
                      Map.of(
                          "platform", platform, "credentials", credentials, "settings", settings))
                  .exchange()
                  .expectStatus()
                  .isCreated());
      assertThat(created.get("settings").size()).as(platform).isEqualTo(settings.size());
    }
  }

  @Test
  void onlyPlatformsOfferingRespectConsentAcceptIt() {
    JsonNode refused =
        body(
            post(
                    "/v1/platforms",
                    Map.of(
                        "platform", "tiktok",
                        "credentials", Map.of("pixel_code", "C1", "access_token", "t"),
                        "settings", Map.of("respect_consent", "true")))
                .exchange()
                .expectStatus()
                .isBadRequest());
    assertThat(refused.at("/error/details/0/path").asText())
        .isEqualTo("$.settings.respect_consent");
  }

  @Test
  void aCredentialFieldWithoutWordsOrWordsWithoutAFieldFailTheCatalog() {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    fields.put("meta", List.of("pixel_id", "access_token", "app_secret"));
    assertThatThrownBy(() -> PlatformCatalog.build(fields, PlatformDescriptions.BY_PLATFORM))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("app_secret");

    fields.put("meta", List.of("pixel_id"));
    assertThatThrownBy(() -> PlatformCatalog.build(fields, PlatformDescriptions.BY_PLATFORM))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("access_token");
  }

  @Test
  void theCatalogNeedsAToken() {
    web.get().uri("/v1/platforms/catalog").exchange().expectStatus().isUnauthorized();
  }
}
