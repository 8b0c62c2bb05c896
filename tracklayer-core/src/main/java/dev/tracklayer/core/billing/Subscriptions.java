package dev.tracklayer.core.billing;

import java.time.Duration;
import java.time.Instant;

/** What a Stripe subscription's status means for the merchant's allowance. */
public final class Subscriptions {
  private Subscriptions() {}

  /**
   * Whether the merchant is held to the free plan's cap whatever plan it names: its subscription
   * ended ({@code canceled}, {@code incomplete_expired}) or has gone unpaid ({@code past_due},
   * {@code unpaid}) for longer than the grace period since the first failed payment.
   */
  public static boolean fallsBackToFree(
      String status, Instant paymentFailedAt, Duration grace, Instant now) {
    if (status == null) {
      return false;
    }
    return switch (status) {
      case "canceled", "incomplete_expired" -> true;
      case "past_due", "unpaid" ->
          paymentFailedAt != null && !now.isBefore(paymentFailedAt.plus(grace));
      default -> false;
    };
  }

  /** Whether the subscription still sets the billing period (an ended one does not). */
  public static boolean setsPeriod(String status) {
    return status != null && !"canceled".equals(status) && !"incomplete_expired".equals(status);
  }
}
