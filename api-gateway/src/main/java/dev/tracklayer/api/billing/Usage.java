package dev.tracklayer.api.billing;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** GET /v1/billing/usage: the current billing period's accepted events against the plan. */
public record Usage(
    @Schema(description = "the plan whose allowance applies now") Plan plan,
    @Schema(
            description =
                "the plan the merchant is on (merchants.plan_id); differs from plan.id while an"
                    + " ended or long-unpaid subscription falls back to the free plan")
        String subscribedPlan,
    Period period,
    @Schema(
            description =
                "events accepted (202) in this period; copies refused with 409 do not count")
        long events,
    @Schema(description = "events included in the plan per period") long allowance,
    @Schema(description = "events / allowance × 100, two decimals") double percentUsed,
    @Schema(description = "events at the period's end if they keep arriving at the rate so far")
        long projectedEvents,
    @Schema(description = "events past the allowance (0 on a hard-cap plan, which refuses them)")
        long overageEvents,
    @Schema(description = "their price so far: each started 1,000 at the plan's overage price")
        long overageCents,
    @Schema(description = "true when events past the allowance are refused with 429")
        boolean hardCap,
    Subscription subscription) {

  /**
   * @param source {@code subscription} (Stripe's current period) or {@code calendar_month} (UTC)
   */
  public record Period(
      Instant start,
      @Schema(description = "exclusive: when the allowance resets") Instant end,
      @Schema(allowableValues = {"subscription", "calendar_month"}) String source) {}

  /** What the Stripe webhooks last said; every field null without a subscription. */
  public record Subscription(
      @Schema(
              description =
                  "Stripe's subscription status: active, trialing, past_due, unpaid, canceled, …",
              nullable = true)
          String status,
      @Schema(nullable = true) Instant currentPeriodStart,
      @Schema(nullable = true) Instant currentPeriodEnd,
      @Schema(description = "the first failed payment not yet paid", nullable = true)
          Instant paymentFailedAt,
      @Schema(
              description = "when an unpaid subscription falls back to the free plan's cap",
              nullable = true)
          Instant graceEndsAt,
      @Schema(description = "whether a Stripe customer exists (the portal needs one)")
          boolean hasCustomer) {}
}
