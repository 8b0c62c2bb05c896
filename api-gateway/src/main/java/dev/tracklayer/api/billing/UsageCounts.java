package dev.tracklayer.api.billing;

import dev.tracklayer.core.billing.BillingPeriod;
import dev.tracklayer.core.billing.Subscriptions;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Counts the events this gateway itself puts into {@code events.raw} (replay, forward,
 * retry-failed: new event ids, delivered again) in the merchant's current billing period, as the
 * ingest gateways count theirs.
 */
@Component
public class UsageCounts {
  private final JdbcClient jdbc;
  private final Clock clock;

  public UsageCounts(JdbcClient jdbc, Clock billingClock) {
    this.jdbc = jdbc;
    this.clock = billingClock;
  }

  /** Adds one event; call it in the transaction that writes the event. */
  public void countOne(UUID merchantId) {
    BillingPeriod period =
        jdbc.sql(
                "SELECT subscription_status, current_period_start, current_period_end"
                    + " FROM merchants WHERE id = :id")
            .param("id", merchantId)
            .query(
                (rs, n) -> {
                  boolean bySubscription =
                      Subscriptions.setsPeriod(rs.getString("subscription_status"));
                  Timestamp start = rs.getTimestamp("current_period_start");
                  Timestamp end = rs.getTimestamp("current_period_end");
                  return BillingPeriod.at(
                      clock.instant(),
                      bySubscription && start != null ? start.toInstant() : null,
                      bySubscription && end != null ? end.toInstant() : null);
                })
            .single();
    jdbc.sql(
            "INSERT INTO usage_periods (merchant_id, period_start, events) VALUES (:m, :p, 1)"
                + " ON CONFLICT (merchant_id, period_start)"
                + " DO UPDATE SET events = usage_periods.events + 1")
        .param("m", merchantId)
        .param("p", period.key())
        .update();
  }
}
