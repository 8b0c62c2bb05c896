package dev.tracklayer.api.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.support.ApiIntegrationTest;
import dev.tracklayer.api.support.Tokens;
import dev.tracklayer.api.support.TopicReader;
import dev.tracklayer.core.config.MerchantConfig;
import dev.tracklayer.core.config.RuleConfig;
import dev.tracklayer.core.event.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class RulesIntegrationTest extends ApiIntegrationTest {

  static final String PURCHASES =
      """
      {"name":" Big purchases ","enabled":true,
       "conditions":{"event_names":["purchase","purchase"],"sources":["server","browser"],
                     "min_value":50.5,"countries":["US","de"]},
       "platforms":["meta","tiktok"]}""";

  @Test
  void createsARuleAndPublishesIt() {
    String merchant = merchantId();
    JsonNode rule = body(post("/v1/rules", PURCHASES).exchange().expectStatus().isCreated());
    assertThat(rule.get("name").asText()).isEqualTo("Big purchases");
    assertThat(rule.get("enabled").asBoolean()).isTrue();
    assertThat(rule.at("/conditions/event_names")).hasSize(1);
    assertThat(rule.at("/conditions/countries").toString()).isEqualTo("[\"us\",\"de\"]");
    assertThat(rule.at("/conditions/min_value").decimalValue()).isEqualByComparingTo("50.5");
    assertThat(rule.get("platforms").toString()).isEqualTo("[\"meta\",\"tiktok\"]");

    RuleConfig published = latestConfig(merchant, 1).rules.get(0);
    assertThat(published.id).isEqualTo(rule.get("id").asText());
    assertThat(published.enabled).isTrue();
    assertThat(published.eventNames).containsExactly("purchase");
    assertThat(published.sources).containsExactly("server", "browser");
    assertThat(published.countries).containsExactly("us", "de");
    assertThat(published.minValue).isEqualByComparingTo(new BigDecimal("50.5"));
    assertThat(published.platforms).containsExactly("meta", "tiktok");

    JsonNode list = body(get("/v1/rules").exchange().expectStatus().isOk());
    assertThat(list.get("items")).hasSize(1);
    assertThat(list.at("/items/0")).isEqualTo(rule);
  }

  @Test
  void aRuleWithoutConditionsMatchesEverything() {
    JsonNode rule =
        body(
            post("/v1/rules", Map.of("name", "All to GA4", "platforms", List.of("ga4")))
                .exchange()
                .expectStatus()
                .isCreated());
    assertThat(rule.get("conditions").size()).isZero();
    assertThat(rule.get("enabled").asBoolean()).isTrue();
    RuleConfig published = latestConfig(merchantId(), 1).rules.get(0);
    assertThat(published.eventNames).isEmpty();
    assertThat(published.minValue).isNull();
  }

  @Test
  void patchTogglesEnabledAndSwapsPlatforms() {
    String merchant = merchantId();
    String id =
        body(post("/v1/rules", PURCHASES).exchange().expectStatus().isCreated()).get("id").asText();
    JsonNode off =
        body(
            patch("/v1/rules/" + id, Map.of("enabled", false), token)
                .exchange()
                .expectStatus()
                .isOk());
    assertThat(off.get("enabled").asBoolean()).isFalse();
    assertThat(off.get("platforms").toString()).isEqualTo("[\"meta\",\"tiktok\"]");
    assertThat(latestConfig(merchant, 2).rules.get(0).enabled).isFalse();

    JsonNode swapped =
        body(
            patch("/v1/rules/" + id, Map.of("platforms", List.of("ga4", "webhook")), token)
                .exchange()
                .expectStatus()
                .isOk());
    assertThat(swapped.get("platforms").toString()).isEqualTo("[\"ga4\",\"webhook\"]");
    assertThat(swapped.get("enabled").asBoolean()).isFalse();
    assertThat(swapped.at("/conditions/event_names/0").asText()).isEqualTo("purchase");
    assertThat(latestConfig(merchant, 3).rules.get(0).platforms).containsExactly("ga4", "webhook");

    JsonNode renamed =
        body(
            patch("/v1/rules/" + id, Map.of("name", "Everything", "conditions", Map.of()), token)
                .exchange()
                .expectStatus()
                .isOk());
    assertThat(renamed.get("conditions").size()).isZero();
    assertThat(renamed.get("name").asText()).isEqualTo("Everything");
  }

  @Test
  void invalidRulesAreRejectedWithEveryProblem() {
    JsonNode error =
        body(
            post(
                    "/v1/rules",
                    """
                    {"name":"","conditions":{"sources":["fax"],"min_value":-1,
                     "countries":["usa"],"event_names":[""]},
                     "platforms":["meta","myspace"]}""")
                .exchange()
                .expectStatus()
                .isBadRequest());
    assertThat(error.at("/error/details").findValuesAsText("path"))
        .containsExactlyInAnyOrder(
            "$.name",
            "$.conditions.sources[0]",
            "$.conditions.min_value",
            "$.conditions.countries[0]",
            "$.conditions.event_names[0]",
            "$.platforms[1]");

    JsonNode unknownCondition =
        body(
            post(
                    "/v1/rules",
                    Map.of(
                        "name", "x",
                        "conditions", Map.of("user_agent", "bot"),
                        "platforms", List.of("meta")))
                .exchange()
                .expectStatus()
                .isBadRequest());
    assertThat(unknownCondition.at("/error/code").asText()).isEqualTo("unknown_field");
    assertThat(unknownCondition.at("/error/details/0/path").asText())
        .isEqualTo("$.conditions.user_agent");

    JsonNode noPlatforms =
        body(
            post("/v1/rules", Map.of("name", "x", "platforms", List.of()))
                .exchange()
                .expectStatus()
                .isBadRequest());
    assertThat(noPlatforms.at("/error/details/0/path").asText()).isEqualTo("$.platforms");

    JsonNode wrongType =
        body(
            post("/v1/rules", Map.of("name", "x", "platforms", "meta", "enabled", "maybe"))
                .exchange()
                .expectStatus()
                .isBadRequest());
    assertThat(wrongType.at("/error/code").asText()).isEqualTo("validation_failed");

    String id =
        body(post("/v1/rules", PURCHASES).exchange().expectStatus().isCreated()).get("id").asText();
    patch("/v1/rules/" + id, Map.of("platforms", List.of("nope")), token)
        .exchange()
        .expectStatus()
        .isBadRequest();
    patch("/v1/rules/" + id, Map.of(), token).exchange().expectStatus().isBadRequest();
    assertThat(body(get("/v1/rules").exchange().expectStatus().isOk()).get("items")).hasSize(1);
  }

  @Test
  void deleteRemovesTheRuleAndPublishes() {
    String merchant = merchantId();
    String id =
        body(post("/v1/rules", PURCHASES).exchange().expectStatus().isCreated()).get("id").asText();
    assertThat(
            body(delete("/v1/rules/" + id, token).exchange().expectStatus().isOk())
                .get("ok")
                .asBoolean())
        .isTrue();
    assertThat(latestConfig(merchant, 2).rules).isEmpty();
    delete("/v1/rules/" + id, token).exchange().expectStatus().isNotFound();
    patch("/v1/rules/" + id, Map.of("enabled", true), token).exchange().expectStatus().isNotFound();
    delete("/v1/rules/" + UUID.randomUUID() + "x", token).exchange().expectStatus().isNotFound();
  }

  @Test
  void anotherMerchantCanNeitherSeeNorChangeARule() {
    String id =
        body(post("/v1/rules", PURCHASES).exchange().expectStatus().isCreated()).get("id").asText();
    String intruder = Tokens.valid(Tokens.newSub());
    assertThat(body(get("/v1/rules", intruder).exchange().expectStatus().isOk()).get("items"))
        .isEmpty();
    patch("/v1/rules/" + id, Map.of("enabled", false), intruder)
        .exchange()
        .expectStatus()
        .isNotFound();
    delete("/v1/rules/" + id, intruder).exchange().expectStatus().isNotFound();
    JsonNode mine = body(get("/v1/rules").exchange().expectStatus().isOk()).at("/items/0");
    assertThat(mine.get("enabled").asBoolean()).isTrue();
  }

  private MerchantConfig latestConfig(String merchant, int expected) {
    List<ConsumerRecord<String, byte[]>> records =
        TopicReader.await(CONFIG_TOPIC, r -> r.key().equals(merchant), expected);
    assertThat(records).hasSize(expected);
    return Json.read(records.get(records.size() - 1).value(), MerchantConfig.class);
  }
}
