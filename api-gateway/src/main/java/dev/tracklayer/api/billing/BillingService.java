package dev.tracklayer.api.billing;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.param.checkout.SessionCreateParams;
import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.errors.ApiException;
import dev.tracklayer.core.billing.BillingPeriod;
import dev.tracklayer.core.billing.Subscriptions;
import dev.tracklayer.core.event.FieldError;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Usage of the current period, and the Stripe pages where a merchant subscribes or manages it. */
@Service
public class BillingService {
  private static final Logger LOG = LoggerFactory.getLogger(BillingService.class);

  private final JdbcClient jdbc;
  private final PlanCatalog catalog;
  private final StripeAccount stripe;
  private final BillingProperties properties;
  private final Clock clock;

  public BillingService(
      JdbcClient jdbc,
      PlanCatalog catalog,
      StripeAccount stripe,
      BillingProperties properties,
      Clock billingClock) {
    this.jdbc = jdbc;
    this.catalog = catalog;
    this.stripe = stripe;
    this.properties = properties;
    this.clock = billingClock;
  }

  /** The merchant's billing columns. */
  record Account(
      String planId,
      String email,
      String customerId,
      String subscriptionStatus,
      Instant periodStart,
      Instant periodEnd,
      Instant paymentFailedAt) {}

  Account account(Caller caller) {
    return jdbc.sql(
            "SELECT plan_id, email, stripe_customer_id, subscription_status, current_period_start,"
                + " current_period_end, payment_failed_at FROM merchants WHERE id = :id")
        .param("id", caller.merchantId())
        .query(
            (rs, n) ->
                new Account(
                    rs.getString("plan_id"),
                    rs.getString("email"),
                    rs.getString("stripe_customer_id"),
                    rs.getString("subscription_status"),
                    instant(rs.getTimestamp("current_period_start")),
                    instant(rs.getTimestamp("current_period_end")),
                    instant(rs.getTimestamp("payment_failed_at"))))
        .optional()
        .orElseThrow(() -> ApiException.notFound("account"));
  }

  public Usage usage(Caller caller) {
    Instant now = clock.instant();
    Account a = account(caller);
    boolean subscriptionPeriod = Subscriptions.setsPeriod(a.subscriptionStatus());
    BillingPeriod period =
        BillingPeriod.at(
            now,
            subscriptionPeriod ? a.periodStart() : null,
            subscriptionPeriod ? a.periodEnd() : null);
    Duration grace = properties.gracePeriod();
    Plan plan =
        Subscriptions.fallsBackToFree(a.subscriptionStatus(), a.paymentFailedAt(), grace, now)
            ? catalog.free()
            : catalog.find(a.planId()).orElse(catalog.free());
    long events =
        jdbc.sql(
                "SELECT events FROM usage_periods WHERE merchant_id = :id AND period_start = :start")
            .param("id", caller.merchantId())
            .param("start", period.key())
            .query(Long.class)
            .optional()
            .orElse(0L);
    long allowance = plan.includedEvents();
    double percent =
        allowance == 0
            ? (events == 0 ? 0 : 100)
            : BigDecimal.valueOf(events * 100.0 / allowance)
                .setScale(2, RoundingMode.HALF_UP)
                .doubleValue();
    long overage = plan.hardCap() ? 0 : Math.max(0, events - allowance);
    long overageCents = plan.hardCap() ? 0 : ((overage + 999) / 1000) * plan.overageCentsPer1000();
    Instant graceEnds = a.paymentFailedAt() == null ? null : a.paymentFailedAt().plus(grace);
    return new Usage(
        plan,
        a.planId(),
        new Usage.Period(
            period.start(),
            period.end(),
            period.fromSubscription() ? "subscription" : "calendar_month"),
        events,
        allowance,
        percent,
        projected(events, period, now),
        overage,
        overageCents,
        plan.hardCap(),
        new Usage.Subscription(
            a.subscriptionStatus(),
            a.periodStart(),
            a.periodEnd(),
            a.paymentFailedAt(),
            graceEnds,
            a.customerId() != null));
  }

  /**
   * Linear: the rate so far over the elapsed part (at least an hour, so a first minute's burst is
   * not multiplied by 40,000).
   */
  static long projected(long events, BillingPeriod period, Instant now) {
    double elapsed =
        Math.max(Duration.ofHours(1).toMillis(), Duration.between(period.start(), now).toMillis());
    double length = Duration.between(period.start(), period.end()).toMillis();
    if (elapsed >= length) {
      return events;
    }
    return Math.max(events, Math.round(events * (length / elapsed)));
  }

  public SessionUrl checkout(Caller caller, CheckoutRequest request) {
    var client = stripe.client();
    if (request == null) {
      throw ApiException.badRequest("missing_body", "a JSON body with `plan` is required");
    }
    Plan plan = catalog.find(request.plan()).filter(Plan::purchasable).orElse(null);
    if (plan == null) {
      throw ApiException.validation(
          List.of(
              new FieldError(
                  FieldError.INVALID_VALUE,
                  "$.plan",
                  "must be one of the plans with a price: "
                      + String.join(
                          ", ",
                          catalog.plans().stream()
                              .filter(Plan::purchasable)
                              .map(Plan::id)
                              .toList()))));
    }
    Account a = account(caller);
    String merchant = caller.merchant();
    SessionCreateParams.Builder params =
        SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setClientReferenceId(merchant)
            .setSuccessUrl(properties.successUrl())
            .setCancelUrl(properties.cancelUrl())
            .addLineItem(
                SessionCreateParams.LineItem.builder()
                    .setPrice(plan.stripePriceId())
                    .setQuantity(1L)
                    .build())
            .putMetadata("merchant_id", merchant)
            .putMetadata("plan", plan.id())
            .setSubscriptionData(
                SessionCreateParams.SubscriptionData.builder()
                    .putMetadata("merchant_id", merchant)
                    .putMetadata("plan", plan.id())
                    .build());
    if (a.customerId() != null) {
      params.setCustomer(a.customerId());
    } else if (a.email() != null) {
      params.setCustomerEmail(a.email());
    }
    try {
      return new SessionUrl(client.v1().checkout().sessions().create(params.build()).getUrl());
    } catch (StripeException e) {
      throw stripeFailed("checkout session", e);
    }
  }

  public SessionUrl portal(Caller caller) {
    var client = stripe.client();
    Account a = account(caller);
    if (a.customerId() == null) {
      throw ApiException.conflict(
          "no_billing_account", "there is no Stripe customer yet: subscribe with a checkout first");
    }
    var params =
        com.stripe.param.billingportal.SessionCreateParams.builder()
            .setCustomer(a.customerId())
            .setReturnUrl(properties.portalReturnUrl())
            .build();
    try {
      return new SessionUrl(client.v1().billingPortal().sessions().create(params).getUrl());
    } catch (StripeException e) {
      throw stripeFailed("portal session", e);
    }
  }

  /** Stripe's own message may name the request's values; the log gets its code, the client ours. */
  private static ApiException stripeFailed(String what, StripeException e) {
    LOG.warn(
        "Stripe refused to create a {}: status {}, code {}, request {}",
        what,
        e.getStatusCode(),
        e.getCode(),
        e.getRequestId());
    if (e instanceof ApiConnectionException) {
      return ApiException.unavailable(
          "Stripe could not be reached; retry later", Duration.ofSeconds(5));
    }
    return new ApiException(
        HttpStatus.BAD_GATEWAY, "stripe_error", "Stripe refused to create the " + what);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
