package dev.tracklayer.api.billing;

import static dev.tracklayer.api.billing.StripeEvents.checkoutSession;
import static dev.tracklayer.api.billing.StripeEvents.event;
import static dev.tracklayer.api.billing.StripeEvents.invoice;
import static dev.tracklayer.api.billing.StripeEvents.newId;
import static dev.tracklayer.api.billing.StripeEvents.signature;
import static dev.tracklayer.api.billing.StripeEvents.subscription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.support.ApiIntegrationTest;
import dev.tracklayer.api.support.FakeStripe;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Plans, usage, Checkout and the portal against a local fake of Stripe, and signed webhooks. */
class BillingIntegrationTest extends ApiIntegrationTest {
  static final String GROWTH_PRICE = "price_tracklayer_growth_monthly";
  static final String SCALE_PRICE = "price_tracklayer_scale_monthly";

  @BeforeEach
  void resetStripe() {
    STRIPE.reset();
  }

  // ------------------------------------------------------------------ plans

  @Test
  void thePlanCatalogIsPublicAndKeepsStripeIdsInside() throws Exception {
    String raw =
        web.get()
            .uri("/v1/billing/plans")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(raw).doesNotContain("price_tracklayer").doesNotContain("stripe");
    JsonNode plans = dev.tracklayer.core.event.Json.readTree(raw);
    assertThat(plans.get("currency").asText()).isEqualTo("usd");
    assertThat(plans.get("items")).hasSize(4);
    JsonNode free = plans.at("/items/0");
    assertThat(free.get("id").asText()).isEqualTo("free");
    assertThat(free.get("included_events").asLong()).isEqualTo(10_000);
    assertThat(free.get("hard_cap").asBoolean()).isTrue();
    assertThat(free.get("overage_cents_per_1000").isNull()).isTrue();
    JsonNode growth = plans.at("/items/2");
    assertThat(growth.get("id").asText()).isEqualTo("growth");
    assertThat(growth.get("monthly_price_cents").asLong()).isEqualTo(19_900);
    assertThat(growth.get("overage_cents_per_1000").asLong()).isEqualTo(30);
    assertThat(growth.get("hard_cap").asBoolean()).isFalse();
    // and written where the ingest gateways read allowances
    assertThat(
            jdbc.sql("SELECT overage_cents_per_1000 FROM plans WHERE id = 'growth'")
                .query(Integer.class)
                .single())
        .isEqualTo(30);
  }

  // ------------------------------------------------------------------ usage

  @Test
  void usageOfTheCalendarMonthOnTheFreePlan() {
    String merchant = merchantId();
    LocalDate month = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
    countEvents(merchant, month, 2_500);
    countEvents(merchant, month.minusMonths(1), 9_999); // last month's do not count

    JsonNode usage = body(get("/v1/billing/usage").exchange().expectStatus().isOk());
    assertThat(usage.at("/plan/id").asText()).isEqualTo("free");
    assertThat(usage.get("events").asLong()).isEqualTo(2_500);
    assertThat(usage.get("allowance").asLong()).isEqualTo(10_000);
    assertThat(usage.get("percent_used").asDouble()).isEqualTo(25.0);
    assertThat(usage.get("hard_cap").asBoolean()).isTrue();
    assertThat(usage.get("overage_events").asLong()).isZero();
    assertThat(usage.at("/period/source").asText()).isEqualTo("calendar_month");
    assertThat(usage.at("/period/start").asText()).isEqualTo(month + "T00:00:00Z");
    assertThat(usage.at("/period/end").asText()).isEqualTo(month.plusMonths(1) + "T00:00:00Z");
    assertThat(usage.get("projected_events").asLong()).isGreaterThanOrEqualTo(2_500);
    assertThat(usage.at("/subscription/status").isNull()).isTrue();
  }

  @Test
  void usageFollowsTheSubscriptionPeriodAndPricesTheOverage() {
    String merchant = merchantId();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant start = now.minus(Duration.ofDays(10));
    Instant end = now.plus(Duration.ofDays(20));
    String sub = newId("sub");
    deliver(
        "customer.subscription.created",
        now.getEpochSecond(),
        subscription(sub, newId("cus"), "active", merchant, GROWTH_PRICE, start, end));
    countEvents(merchant, start.atZone(ZoneOffset.UTC).toLocalDate(), 1_234_567);

    JsonNode usage = body(get("/v1/billing/usage").exchange().expectStatus().isOk());
    assertThat(usage.at("/plan/id").asText()).isEqualTo("growth");
    assertThat(usage.at("/period/source").asText()).isEqualTo("subscription");
    assertThat(Instant.parse(usage.at("/period/start").asText())).isEqualTo(start);
    assertThat(Instant.parse(usage.at("/period/end").asText())).isEqualTo(end);
    assertThat(usage.get("allowance").asLong()).isEqualTo(1_000_000);
    assertThat(usage.get("percent_used").asDouble()).isEqualTo(123.46);
    assertThat(usage.get("hard_cap").asBoolean()).isFalse();
    assertThat(usage.get("overage_events").asLong()).isEqualTo(234_567);
    // 235 started thousands at 30 cents
    assertThat(usage.get("overage_cents").asLong()).isEqualTo(7_050);
    // 10 of 30 days gone: three times as many by the end
    assertThat((double) usage.get("projected_events").asLong()).isCloseTo(3_703_701, within(50.0));
    assertThat(usage.at("/subscription/status").asText()).isEqualTo("active");
  }

  // ------------------------------------------------------------------ checkout and portal

  @Test
  void checkoutCreatesASubscriptionSessionAtStripe() {
    String merchant = merchantId();
    JsonNode answer =
        body(
            post("/v1/billing/checkout", Map.of("plan", "growth"))
                .exchange()
                .expectStatus()
                .isOk());
    assertThat(answer.get("url").asText()).startsWith("https://checkout.stripe.com/c/pay/cs_test_");

    assertThat(STRIPE.requests()).hasSize(1);
    FakeStripe.Request sent = STRIPE.requests().get(0);
    assertThat(sent.path()).isEqualTo("/v1/checkout/sessions");
    assertThat(sent.authorization()).isEqualTo("Bearer " + FakeStripe.SECRET_KEY);
    assertThat(sent.form())
        .containsEntry("mode", "subscription")
        .containsEntry("client_reference_id", merchant)
        .containsEntry("line_items[0][price]", GROWTH_PRICE)
        .containsEntry("line_items[0][quantity]", "1")
        .containsEntry("success_url", "http://127.0.0.1:8081/billing?checkout=success")
        .containsEntry("cancel_url", "http://127.0.0.1:8081/billing?checkout=cancel")
        .containsEntry("subscription_data[metadata][merchant_id]", merchant)
        .containsEntry("subscription_data[metadata][plan]", "growth")
        .containsEntry("customer_email", sub + "@example.com")
        .doesNotContainKey("customer");

    // once Stripe has a customer for the merchant, the next checkout reuses it
    String customer = newId("cus");
    deliver(
        "checkout.session.completed",
        Instant.now().getEpochSecond(),
        checkoutSession(merchant, customer, newId("sub"), "growth"));
    post("/v1/billing/checkout", Map.of("plan", "scale")).exchange().expectStatus().isOk();
    FakeStripe.Request again = STRIPE.requests().get(1);
    assertThat(again.form())
        .containsEntry("customer", customer)
        .containsEntry("line_items[0][price]", SCALE_PRICE)
        .doesNotContainKey("customer_email");
  }

  @Test
  void checkoutRefusesPlansWithoutAPriceAndReportsStripesRefusal() {
    for (Object plan : new Object[] {"free", "platinum", ""}) {
      JsonNode refused =
          body(
              post("/v1/billing/checkout", Map.of("plan", plan))
                  .exchange()
                  .expectStatus()
                  .isBadRequest());
      assertThat(refused.at("/error/code").asText()).isEqualTo("validation_failed");
      assertThat(refused.at("/error/details/0/path").asText()).isEqualTo("$.plan");
      assertThat(refused.at("/error/details/0/message").asText())
          .contains("starter, growth, scale");
    }
    assertThat(STRIPE.requests()).isEmpty();

    STRIPE.failWith(400);
    String raw =
        post("/v1/billing/checkout", Map.of("plan", "growth"))
            .exchange()
            .expectStatus()
            .isEqualTo(502)
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(raw).contains("\"stripe_error\"").doesNotContain(FakeStripe.SECRET_KEY);
  }

  @Test
  void thePortalNeedsAStripeCustomerAndOpensForIt() {
    String merchant = merchantId();
    JsonNode none = body(post("/v1/billing/portal", null).exchange().expectStatus().isEqualTo(409));
    assertThat(none.at("/error/code").asText()).isEqualTo("no_billing_account");
    assertThat(STRIPE.requests()).isEmpty();

    String customer = newId("cus");
    deliver(
        "checkout.session.completed",
        Instant.now().getEpochSecond(),
        checkoutSession(merchant, customer, newId("sub"), "starter"));
    JsonNode portal = body(post("/v1/billing/portal", null).exchange().expectStatus().isOk());
    assertThat(portal.get("url").asText()).startsWith("https://billing.stripe.com/p/session/");
    FakeStripe.Request sent = STRIPE.requests().get(0);
    assertThat(sent.path()).isEqualTo("/v1/billing_portal/sessions");
    assertThat(sent.authorization()).isEqualTo("Bearer " + FakeStripe.SECRET_KEY);
    assertThat(sent.form())
        .containsEntry("customer", customer)
        .containsEntry("return_url", "http://127.0.0.1:8081/billing");
    assertThat(account(merchant).get("plan_id")).isEqualTo("starter");
  }

  @Test
  void billingNeedsAToken() {
    web.get().uri("/v1/billing/usage").exchange().expectStatus().isUnauthorized();
    web.post().uri("/v1/billing/checkout").exchange().expectStatus().isUnauthorized();
    web.post().uri("/v1/billing/portal").exchange().expectStatus().isUnauthorized();
  }

  // ------------------------------------------------------------------ webhooks

  @Test
  void aSignedSubscriptionEventUpdatesTheMerchant() {
    String merchant = merchantId();
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String sub = newId("sub");
    String customer = newId("cus");
    JsonNode result =
        deliver(
            "customer.subscription.created",
            start.getEpochSecond(),
            subscription(
                sub,
                customer,
                "active",
                merchant,
                GROWTH_PRICE,
                start,
                start.plus(Duration.ofDays(30))));
    assertThat(result.get("outcome").asText()).isEqualTo("applied");
    Map<String, Object> row = account(merchant);
    assertThat(row)
        .containsEntry("plan_id", "growth")
        .containsEntry("stripe_subscription_id", sub)
        .containsEntry("stripe_customer_id", customer)
        .containsEntry("subscription_status", "active");
    assertThat(((java.sql.Timestamp) row.get("current_period_end")).toInstant())
        .isEqualTo(start.plus(Duration.ofDays(30)));
    JsonNode accountAnswer = body(get("/v1/account").exchange().expectStatus().isOk());
    assertThat(accountAnswer.get("plan").asText()).isEqualTo("growth");
  }

  @Test
  void aBadSignatureIsRefusedAndChangesNothing() {
    String merchant = merchantId();
    Instant now = Instant.now();
    String payload =
        event(
            newId("evt"),
            "customer.subscription.created",
            now.getEpochSecond(),
            subscription(
                newId("sub"),
                newId("cus"),
                "active",
                merchant,
                GROWTH_PRICE,
                now,
                now.plus(Duration.ofDays(30))));
    long t = now.getEpochSecond();
    String wrongSecret = signature(payload, "whsec_not_ours", t);
    String tooOld = signature(payload, STRIPE_WEBHOOK_SECRET, t - 301);
    String altered = signature(payload.replace("growth", "scale"), STRIPE_WEBHOOK_SECRET, t);
    for (String signature : new String[] {wrongSecret, tooOld, altered, "garbage", "t=1,v1="}) {
      JsonNode refused = body(webhook(payload, signature).expectStatus().isBadRequest());
      assertThat(refused.at("/error/code").asText()).isEqualTo("invalid_signature");
    }
    JsonNode unsigned =
        body(
            web.post()
                .uri("/v1/billing/webhook")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(payload)
                .exchange()
                .expectStatus()
                .isBadRequest());
    assertThat(unsigned.at("/error/code").asText()).isEqualTo("invalid_signature");
    assertThat(account(merchant))
        .containsEntry("plan_id", "free")
        .containsEntry("subscription_status", null);
    // ... and nothing recorded: the same event, signed properly, is still applied
    JsonNode ok =
        body(webhook(payload, signature(payload, STRIPE_WEBHOOK_SECRET, t)).expectStatus().isOk());
    assertThat(ok.get("outcome").asText()).isEqualTo("applied");
    assertThat(account(merchant)).containsEntry("plan_id", "growth");
  }

  @Test
  void aReplayedEventChangesNothing() {
    String merchant = merchantId();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String sub = newId("sub");
    String customer = newId("cus");
    String first =
        event(
            newId("evt"),
            "customer.subscription.created",
            now.getEpochSecond() - 10,
            subscription(
                sub,
                customer,
                "active",
                merchant,
                GROWTH_PRICE,
                now,
                now.plus(Duration.ofDays(30))));
    assertThat(send(first).get("outcome").asText()).isEqualTo("applied");
    // the operator changes the plan meanwhile; Stripe then delivers the first event again
    jdbc.sql("UPDATE merchants SET plan_id = 'scale' WHERE id = :id::uuid")
        .param("id", merchant)
        .update();
    JsonNode replay = send(first);
    assertThat(replay.get("outcome").asText()).isEqualTo("duplicate");
    assertThat(account(merchant)).containsEntry("plan_id", "scale");
    assertThat(
            jdbc.sql("SELECT count(*) FROM stripe_webhook_events WHERE id = :id")
                .param("id", replay.get("id").asText())
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void anOlderEventArrivingLateDoesNotUndoANewerOne() {
    String merchant = merchantId();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String sub = newId("sub");
    String customer = newId("cus");
    Instant end = now.plus(Duration.ofDays(30));
    // updated to scale at t=now; the created (growth, t=now-60) arrives after it
    deliver(
        "customer.subscription.updated",
        now.getEpochSecond(),
        subscription(sub, customer, "active", merchant, SCALE_PRICE, now, end));
    JsonNode late =
        deliver(
            "customer.subscription.created",
            now.getEpochSecond() - 60,
            subscription(sub, customer, "incomplete", merchant, GROWTH_PRICE, now, end));
    assertThat(late.get("outcome").asText()).isEqualTo("ignored");
    assertThat(account(merchant))
        .containsEntry("plan_id", "scale")
        .containsEntry("subscription_status", "active");

    // deleted, then a stale "updated" from before the cancellation: still canceled, free
    deliver(
        "customer.subscription.deleted",
        now.getEpochSecond() + 60,
        subscription(sub, customer, "canceled", merchant, SCALE_PRICE, now, end));
    deliver(
        "customer.subscription.updated",
        now.getEpochSecond() + 30,
        subscription(sub, customer, "active", merchant, SCALE_PRICE, now, end));
    // even one stamped later cannot bring a canceled subscription back
    deliver(
        "customer.subscription.updated",
        now.getEpochSecond() + 90,
        subscription(sub, customer, "active", merchant, SCALE_PRICE, now, end));
    assertThat(account(merchant))
        .containsEntry("plan_id", "free")
        .containsEntry("subscription_status", "canceled");
    JsonNode usage = body(get("/v1/billing/usage").exchange().expectStatus().isOk());
    assertThat(usage.at("/plan/id").asText()).isEqualTo("free");
    assertThat(usage.at("/period/source").asText()).isEqualTo("calendar_month");
  }

  @Test
  void anUnpaidSubscriptionKeepsItsPlanForTheGracePeriodThenFallsBackToFree() {
    String merchant = merchantId();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String sub = newId("sub");
    String customer = newId("cus");
    Instant start = now.minus(Duration.ofDays(20));
    deliver(
        "customer.subscription.created",
        start.getEpochSecond(),
        subscription(
            sub,
            customer,
            "active",
            merchant,
            GROWTH_PRICE,
            start,
            start.plus(Duration.ofDays(30))));

    // a failed payment 3 days ago: still growth, the grace period's end is shown
    Instant failed = now.minus(Duration.ofDays(3));
    deliver("invoice.payment_failed", failed.getEpochSecond(), invoice(customer, sub));
    JsonNode usage = body(get("/v1/billing/usage").exchange().expectStatus().isOk());
    assertThat(usage.at("/subscription/status").asText()).isEqualTo("past_due");
    assertThat(usage.at("/plan/id").asText()).isEqualTo("growth");
    assertThat(Instant.parse(usage.at("/subscription/grace_ends_at").asText()))
        .isEqualTo(failed.plus(Duration.ofDays(7)));

    // paid: the failure is cleared
    deliver("invoice.paid", now.getEpochSecond() - 1, invoice(customer, sub));
    assertThat(account(merchant))
        .containsEntry("subscription_status", "active")
        .containsEntry("payment_failed_at", null);

    // failed 8 days ago and never paid: the free plan's cap applies, the plan stays growth
    deliver("invoice.payment_failed", now.getEpochSecond(), invoice(customer, sub));
    jdbc.sql(
            "UPDATE merchants SET payment_failed_at = now() - interval '8 days' WHERE id = :id::uuid")
        .param("id", merchant)
        .update();
    usage = body(get("/v1/billing/usage").exchange().expectStatus().isOk());
    assertThat(usage.at("/plan/id").asText()).isEqualTo("free");
    assertThat(usage.get("subscribed_plan").asText()).isEqualTo("growth");
    assertThat(usage.get("allowance").asLong()).isEqualTo(10_000);
    assertThat(usage.get("hard_cap").asBoolean()).isTrue();
  }

  @Test
  void eventsAboutNoKnownMerchantAreRecordedAndIgnored() {
    Instant now = Instant.now();
    JsonNode result =
        deliver(
            "customer.subscription.updated",
            now.getEpochSecond(),
            subscription(
                newId("sub"),
                newId("cus"),
                "active",
                UUID.randomUUID().toString(),
                GROWTH_PRICE,
                now,
                now.plus(Duration.ofDays(30))));
    assertThat(result.get("outcome").asText()).isEqualTo("ignored");
    JsonNode other =
        deliver(
            "charge.succeeded", now.getEpochSecond(), "{\"id\":\"ch_1\",\"object\":\"charge\"}");
    assertThat(other.get("outcome").asText()).isEqualTo("ignored");
  }

  // ------------------------------------------------------------------ helpers

  private void countEvents(String merchant, LocalDate periodStart, long events) {
    jdbc.sql(
            "INSERT INTO usage_periods (merchant_id, period_start, events)"
                + " VALUES (:m::uuid, :p, :e)")
        .param("m", merchant)
        .param("p", periodStart)
        .param("e", events)
        .update();
  }

  private Map<String, Object> account(String merchant) {
    return jdbc.sql(
            "SELECT plan_id, stripe_customer_id, stripe_subscription_id, subscription_status,"
                + " current_period_start, current_period_end, payment_failed_at"
                + " FROM merchants WHERE id = :id::uuid")
        .param("id", merchant)
        .query()
        .singleRow();
  }

  private JsonNode deliver(String type, long created, String object) {
    return send(event(newId("evt"), type, created, object));
  }

  private JsonNode send(String payload) {
    return body(
        webhook(payload, signature(payload, STRIPE_WEBHOOK_SECRET, Instant.now().getEpochSecond()))
            .expectStatus()
            .isOk());
  }

  private WebTestClient.ResponseSpec webhook(String payload, String signature) {
    return web.post()
        .uri("/v1/billing/webhook")
        .header("Stripe-Signature", signature)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(payload)
        .exchange();
  }
}
