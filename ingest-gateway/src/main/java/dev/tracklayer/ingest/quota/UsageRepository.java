package dev.tracklayer.ingest.quota;

import dev.tracklayer.core.billing.BillingPeriod;
import dev.tracklayer.core.billing.Subscriptions;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** merchants, plans and usage_periods as the quota needs them. Blocking JDBC. */
class UsageRepository {
  private final JdbcTemplate jdbc;

  UsageRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** One row to add: events accepted by this replica in a period, not yet in PostgreSQL. */
  record Increment(String merchantId, LocalDate period, long events) {}

  /** The merchant's plan state and the current period's count, or empty for no such merchant. */
  Optional<PlanState> load(String merchantId, String freePlan, Instant now) {
    List<PlanState> rows =
        jdbc.query(
            "SELECT m.plan_id, p.monthly_events, p.overage_cents_per_1000 IS NULL AS hard_cap,"
                + " m.subscription_status, m.current_period_start, m.current_period_end,"
                + " m.payment_failed_at, f.monthly_events AS free_events"
                + " FROM merchants m JOIN plans p ON p.id = m.plan_id"
                + " LEFT JOIN plans f ON f.id = ? WHERE m.id = ?",
            (rs, i) -> {
              String status = rs.getString("subscription_status");
              Instant start = instant(rs.getTimestamp("current_period_start"));
              Instant end = instant(rs.getTimestamp("current_period_end"));
              boolean bySubscription = Subscriptions.setsPeriod(status);
              LocalDate key =
                  BillingPeriod.at(now, bySubscription ? start : null, bySubscription ? end : null)
                      .key();
              long freeEvents = rs.getLong("free_events");
              return new PlanState(
                  rs.getString("plan_id"),
                  rs.getLong("monthly_events"),
                  rs.getBoolean("hard_cap"),
                  status,
                  start,
                  end,
                  instant(rs.getTimestamp("payment_failed_at")),
                  freePlan,
                  rs.wasNull() ? 0 : freeEvents,
                  key,
                  0);
            },
            freePlan,
            UUID.fromString(merchantId));
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    PlanState s = rows.get(0);
    List<Long> used =
        jdbc.queryForList(
            "SELECT events FROM usage_periods WHERE merchant_id = ? AND period_start = ?",
            Long.class,
            UUID.fromString(merchantId),
            Date.valueOf(s.usageKey()));
    return Optional.of(
        new PlanState(
            s.planId(),
            s.allowance(),
            s.hardCap(),
            s.subscriptionStatus(),
            s.periodStart(),
            s.periodEnd(),
            s.paymentFailedAt(),
            s.freePlanId(),
            s.freeAllowance(),
            s.usageKey(),
            used.isEmpty() ? 0 : used.get(0)));
  }

  /**
   * Adds the increments in one statement and returns each row's total after it. Rows of merchants
   * deleted meanwhile are skipped (their counts have nowhere to go).
   */
  List<Increment> add(List<Increment> increments) {
    return jdbc.execute(
        (Connection c) -> {
          Object[] merchants = new Object[increments.size()];
          Object[] periods = new Object[increments.size()];
          Object[] events = new Object[increments.size()];
          for (int i = 0; i < increments.size(); i++) {
            Increment inc = increments.get(i);
            merchants[i] = UUID.fromString(inc.merchantId());
            periods[i] = Date.valueOf(inc.period());
            events[i] = inc.events();
          }
          Array m = c.createArrayOf("uuid", merchants);
          Array p = c.createArrayOf("date", periods);
          Array e = c.createArrayOf("bigint", events);
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO usage_periods (merchant_id, period_start, events)"
                      + " SELECT u.m, u.p, u.e FROM unnest(?::uuid[], ?::date[], ?::bigint[])"
                      + " AS u(m, p, e) WHERE EXISTS (SELECT 1 FROM merchants WHERE id = u.m)"
                      + " ON CONFLICT (merchant_id, period_start)"
                      + " DO UPDATE SET events = usage_periods.events + EXCLUDED.events"
                      + " RETURNING merchant_id, period_start, events")) {
            s.setArray(1, m);
            s.setArray(2, p);
            s.setArray(3, e);
            List<Increment> totals = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                totals.add(
                    new Increment(rs.getString(1), rs.getDate(2).toLocalDate(), rs.getLong(3)));
              }
            }
            return totals;
          }
        });
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
