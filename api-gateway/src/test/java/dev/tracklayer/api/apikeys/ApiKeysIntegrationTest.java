package dev.tracklayer.api.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.support.ApiIntegrationTest;
import dev.tracklayer.api.support.Tokens;
import dev.tracklayer.core.identity.Sha256;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class ApiKeysIntegrationTest extends ApiIntegrationTest {

  @Test
  void aKeyIsShownOnceAndStoredOnlyAsItsHash(CapturedOutput output) {
    String merchant = merchantId();
    JsonNode created =
        body(
            post("/v1/api-keys", Map.of("name", "Shopify app"))
                .exchange()
                .expectStatus()
                .isCreated());
    String key = created.get("key").asText();
    assertThat(key).matches("tl_live_[0-9A-Za-z]{40}");
    assertThat(created.get("prefix").asText()).isEqualTo(key.substring(0, 12));
    assertThat(created.get("name").asText()).isEqualTo("Shopify app");

    Map<String, Object> row =
        jdbc.sql("SELECT merchant_id::text AS m, key_sha256, prefix FROM api_keys WHERE id = :id")
            .param("id", UUID.fromString(created.get("id").asText()))
            .query()
            .singleRow();
    assertThat(row.get("m")).isEqualTo(merchant);
    assertThat(row.get("key_sha256")).isEqualTo(Sha256.hex(key));

    JsonNode list = body(get("/v1/api-keys").exchange().expectStatus().isOk());
    assertThat(list.get("items")).hasSize(1);
    JsonNode listed = list.get("items").get(0);
    assertThat(listed.get("id")).isEqualTo(created.get("id"));
    assertThat(listed.get("prefix").asText()).isEqualTo(key.substring(0, 12));
    assertThat(listed.has("created_at")).isTrue();
    assertThat(listed.get("last_used_at").isNull()).isTrue();
    assertThat(listed.get("revoked_at").isNull()).isTrue();
    assertThat(list.toString()).doesNotContain(key).doesNotContain(Sha256.hex(key));
    assertThat(output.getAll()).doesNotContain(key).doesNotContain(key.substring(12));
  }

  @Test
  void keysAreRandomAndUnnamedKeysGetADefaultName() {
    JsonNode a = body(post("/v1/api-keys", null).exchange().expectStatus().isCreated());
    JsonNode b = body(post("/v1/api-keys", Map.of()).exchange().expectStatus().isCreated());
    assertThat(a.get("key").asText()).isNotEqualTo(b.get("key").asText());
    assertThat(a.get("name").asText()).isEqualTo("API key");
  }

  @Test
  void revokingSetsRevokedAtOnceAndIsIdempotent() {
    JsonNode created =
        body(post("/v1/api-keys", Map.of("name", "old")).exchange().expectStatus().isCreated());
    String id = created.get("id").asText();
    JsonNode revoked = body(delete("/v1/api-keys/" + id, token).exchange().expectStatus().isOk());
    assertThat(revoked.get("ok").asBoolean()).isTrue();
    String at = revoked.get("revoked_at").asText();
    JsonNode again = body(delete("/v1/api-keys/" + id, token).exchange().expectStatus().isOk());
    assertThat(again.get("revoked_at").asText()).isEqualTo(at);
    JsonNode listed =
        body(get("/v1/api-keys").exchange().expectStatus().isOk()).get("items").get(0);
    assertThat(listed.get("revoked_at").asText()).isEqualTo(at);
  }

  @Test
  void anotherMerchantsKeyIsNotFound() {
    JsonNode created =
        body(post("/v1/api-keys", Map.of("name", "mine")).exchange().expectStatus().isCreated());
    String intruder = Tokens.valid(Tokens.newSub());
    JsonNode error =
        body(
            delete("/v1/api-keys/" + created.get("id").asText(), intruder)
                .exchange()
                .expectStatus()
                .isNotFound());
    assertThat(error.at("/error/code").asText()).isEqualTo("not_found");
    assertThat(body(get("/v1/api-keys", intruder).exchange().expectStatus().isOk()).get("items"))
        .isEmpty();
    JsonNode mine = body(get("/v1/api-keys").exchange().expectStatus().isOk()).get("items").get(0);
    assertThat(mine.get("revoked_at").isNull()).isTrue();
  }

  @Test
  void malformedIdsAreNotFoundAndBadNamesAreRejected() {
    delete("/v1/api-keys/not-a-uuid", token).exchange().expectStatus().isNotFound();
    delete("/v1/api-keys/" + UUID.randomUUID(), token).exchange().expectStatus().isNotFound();
    JsonNode error =
        body(
            post("/v1/api-keys", Map.of("name", "x".repeat(101)))
                .exchange()
                .expectStatus()
                .isBadRequest());
    assertThat(error.at("/error/details/0/path").asText()).isEqualTo("$.name");
  }
}
