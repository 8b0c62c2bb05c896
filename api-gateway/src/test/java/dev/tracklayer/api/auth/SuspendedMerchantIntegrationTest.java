package dev.tracklayer.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.support.ApiIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A merchant an operator suspended (in SQL) may only read its account; the change applies within
 * the merchant cache's lifetime (1 s in tests, 30 s by default) and so does reactivation.
 */
class SuspendedMerchantIntegrationTest extends ApiIntegrationTest {

  private void setStatus(String merchant, String status) {
    jdbc.sql("UPDATE merchants SET status = :s WHERE id = :id")
        .param("s", status)
        .param("id", UUID.fromString(merchant))
        .update();
  }

  private int status(String uri) {
    return get(uri).exchange().returnResult(Void.class).getStatus().value();
  }

  private void awaitStatus(String uri, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + MERCHANT_CACHE_TTL.plusSeconds(10).toNanos();
    while (status(uri) != expected) {
      assertThat(System.nanoTime()).as("%s never answered %s", uri, expected).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static void assertSuspended(WebTestClient.RequestHeadersSpec<?> request) {
    JsonNode error =
        body(
            request
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_JSON));
    assertThat(error.at("/error/code").asText()).isEqualTo("merchant_suspended");
    assertThat(error.at("/error/message").asText()).isNotBlank();
  }

  @Test
  void aSuspendedMerchantMayOnlyReadItsAccount() throws Exception {
    String merchant = merchantId();
    assertThat(status("/v1/rules")).isEqualTo(200);

    setStatus(merchant, "suspended");
    long suspendedAt = System.nanoTime();
    awaitStatus("/v1/rules", 403);
    assertThat(Duration.ofNanos(System.nanoTime() - suspendedAt))
        .isLessThan(MERCHANT_CACHE_TTL.plusSeconds(5));

    assertSuspended(get("/v1/rules"));
    assertSuspended(post("/v1/rules", Map.of("name", "x", "platforms", List.of("meta"))));
    assertSuspended(get("/v1/platforms"));
    assertSuspended(
        post(
            "/v1/platforms",
            Map.of("platform", "klaviyo", "credentials", Map.of("private_api_key", "pk_1"))));
    assertSuspended(get("/v1/events"));
    assertSuspended(get("/v1/events/order-1"));
    assertSuspended(post("/v1/events/order-1/replay", null));
    assertSuspended(get("/v1/api-keys"));
    assertSuspended(post("/v1/api-keys", null));
    assertSuspended(get("/v1/analytics/overview?range=24h"));
    assertSuspended(get("/v1/analytics/funnel?by=customer"));
    assertSuspended(patch("/v1/account", Map.of("name", "Still here"), token));

    JsonNode account = body(get("/v1/account").exchange().expectStatus().isOk());
    assertThat(account.get("merchant_id").asText()).isEqualTo(merchant);
    assertThat(account.get("status").asText()).isEqualTo("suspended");
    assertThat(account.get("name").asText()).isNotEqualTo("Still here");
    long made =
        jdbc.sql(
                "SELECT (SELECT count(*) FROM routing_rules WHERE merchant_id = :m)"
                    + " + (SELECT count(*) FROM platform_connections WHERE merchant_id = :m)"
                    + " + (SELECT count(*) FROM api_keys WHERE merchant_id = :m)")
            .param("m", UUID.fromString(merchant))
            .query(Long.class)
            .single();
    assertThat(made).isZero();

    setStatus(merchant, "active");
    awaitStatus("/v1/rules", 200);
    post("/v1/api-keys", null).exchange().expectStatus().isCreated();
    assertThat(body(get("/v1/account").exchange().expectStatus().isOk()).get("status").asText())
        .isEqualTo("active");
  }
}
