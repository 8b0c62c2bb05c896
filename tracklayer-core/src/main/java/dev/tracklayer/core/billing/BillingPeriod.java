package dev.tracklayer.core.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The billing period an instant falls in: the Stripe subscription's period when there is one, else
 * the calendar month in UTC. The ingest gateways (which count) and the api-gateway (which reports)
 * both derive it here, so they agree on the {@code usage_periods} row.
 *
 * @param start inclusive
 * @param end exclusive: when the allowance resets
 * @param fromSubscription whether Stripe's period decided it
 */
public record BillingPeriod(Instant start, Instant end, boolean fromSubscription) {

  /**
   * @param subscriptionStart the subscription's current period start, or null
   * @param subscriptionEnd its end, or null
   */
  public static BillingPeriod at(Instant now, Instant subscriptionStart, Instant subscriptionEnd) {
    if (subscriptionStart != null
        && subscriptionEnd != null
        && subscriptionEnd.isAfter(subscriptionStart)
        && !now.isBefore(subscriptionStart)) {
      if (now.isBefore(subscriptionEnd)) {
        return new BillingPeriod(subscriptionStart, subscriptionEnd, true);
      }
      // Stripe's renewal has not reached us yet: the next periods follow the same monthly anchor.
      ZonedDateTime anchor = subscriptionStart.atZone(ZoneOffset.UTC);
      for (int months = 1; months < 1200; months++) {
        Instant start = anchor.plusMonths(months).toInstant();
        Instant end = anchor.plusMonths(months + 1).toInstant();
        if (!now.isBefore(start) && now.isBefore(end)) {
          return new BillingPeriod(start, end, true);
        }
      }
    }
    ZonedDateTime month =
        now.atZone(ZoneOffset.UTC).withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC);
    return new BillingPeriod(month.toInstant(), month.plusMonths(1).toInstant(), false);
  }

  /** The {@code usage_periods.period_start} of this period. */
  public LocalDate key() {
    return start.atZone(ZoneOffset.UTC).toLocalDate();
  }

  public boolean contains(Instant instant) {
    return !instant.isBefore(start) && instant.isBefore(end);
  }
}
