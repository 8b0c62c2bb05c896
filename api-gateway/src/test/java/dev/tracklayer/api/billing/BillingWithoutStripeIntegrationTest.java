package dev.tracklayer.api.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.support.ApiIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A server without Stripe keys: plans and usage work; checkout, portal and webhooks say why not.
 */
class BillingWithoutStripeIntegrationTest extends ApiIntegrationTest {

  @DynamicPropertySource
  static void noStripe(DynamicPropertyRegistry registry) {
    registry.add("tracklayer.test.stripe-secret-key", () -> "");
    registry.add("tracklayer.test.stripe-webhook-secret", () -> "");
  }

  @Test
  void plansAndUsageWorkWhileCheckoutPortalAndWebhooksAnswer503() {
    web.get().uri("/v1/billing/plans").exchange().expectStatus().isOk();
    JsonNode usage = body(get("/v1/billing/usage").exchange().expectStatus().isOk());
    assertThat(usage.at("/plan/id").asText()).isEqualTo("free");

    for (String path : new String[] {"/v1/billing/checkout", "/v1/billing/portal"}) {
      JsonNode refused =
          body(post(path, Map.of("plan", "growth")).exchange().expectStatus().isEqualTo(503));
      assertThat(refused.at("/error/code").asText()).as(path).isEqualTo("billing_not_configured");
      assertThat(refused.at("/error/message").asText()).contains("TRACKLAYER_STRIPE_SECRET_KEY");
      assertThat(refused.at("/error/details").isArray()).isTrue();
    }
    JsonNode webhook =
        body(
            web.post()
                .uri("/v1/billing/webhook")
                .header("Stripe-Signature", "t=1,v1=00")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isEqualTo(503));
    assertThat(webhook.at("/error/code").asText()).isEqualTo("billing_not_configured");
    assertThat(STRIPE.requests()).isEmpty();
  }
}
