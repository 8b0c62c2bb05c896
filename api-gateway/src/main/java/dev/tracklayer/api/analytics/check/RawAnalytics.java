package dev.tracklayer.api.analytics.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.analytics.FunnelStages;
import dev.tracklayer.core.analytics.IdentityFields;
import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.clickhouse.ClickHouseSql;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The analytics figures of one merchant and window recomputed from the raw {@code events} and
 * {@code deliveries} tables, by the bucket rules of docs/analytics.md and without the rollups: what
 * {@code ./tracklayer analytics check} holds the endpoints' answers against.
 */
final class RawAnalytics {
  // the stage names are the contract both sides share; the counting here is the check's own
  static final List<String> FUNNEL = FunnelStages.STAGES;
  static final List<String> FINAL = List.of("DELIVERED", "FAILED", "ERROR", "SKIPPED");

  private final ClickHouseDatabase db;
  private final Duration lateness;

  RawAnalytics(ClickHouseDatabase db, Duration lateness) {
    this.db = db;
    this.lateness = lateness;
  }

  /**
   * Unique events of the merchant, each with its bucket time {@code b}; its two placeholders take
   * {@link #events(String)}'s arguments.
   */
  private static final String EVENTS =
      "(SELECT *, if(event_time < received_at - ?, received_at, event_time) AS b"
          + " FROM events FINAL WHERE merchant_id = ?)";

  /** The last state of each of the merchant's deliveries that reached a final one. */
  private static final String FINAL_DELIVERIES =
      "(SELECT event_id, platform, argMax(status, version) AS s, argMax(updated_at, version) AS u,"
          + " argMax(latency_ms, version) AS l, argMax(event_name, version) AS n"
          + " FROM deliveries WHERE merchant_id = ? GROUP BY event_id, platform HAVING s IN ?)";

  private Object[] events(String merchant) {
    return new Object[] {lateness.toSeconds(), merchant};
  }

  private static Object[] finalDeliveries(String merchant) {
    return new Object[] {merchant, FINAL};
  }

  /** The arguments in template order: each element is an argument or an array of them. */
  private static Object[] args(Object... parts) {
    List<Object> out = new ArrayList<>();
    for (Object part : parts) {
      if (part instanceof Object[] many) {
        out.addAll(Arrays.asList(many));
      } else {
        out.add(part);
      }
    }
    return out.toArray();
  }

  Figures compute(String merchant, Instant from, Instant to, ZoneId zone) {
    Figures f = new Figures();
    String tz = zone.getId();
    String fieldSums =
        IdentityFields.ALL.stream()
            .map(x -> "sum(has_" + x.name().toLowerCase() + ") AS " + x.column())
            .collect(Collectors.joining(", "));

    for (JsonNode r :
        db.query(
            ClickHouseSql.bind(
                "SELECT toString(toDate(b, ?)) AS day, event_name, currency, count() AS n,"
                    + " countIf(event_time < received_at - ?) AS late, toString(sum(value)) AS revenue, "
                    + fieldSums
                    + " FROM "
                    + EVENTS
                    + " WHERE b >= ? AND b < ? GROUP BY day, event_name, currency",
                args(tz, lateness.toSeconds(), events(merchant), from, to)))) {
      long n = r.path("n").asLong();
      String name = r.path("event_name").asText();
      f.add("events", n);
      f.add("late_events", r.path("late").asLong());
      f.add("volume." + r.path("day").asText() + ".accepted", n);
      f.add("event_names." + name, n);
      if (FUNNEL.contains(name)) {
        f.add("funnel." + name, n);
      }
      BigDecimal revenue = new BigDecimal(r.path("revenue").asText("0"));
      if (revenue.signum() != 0) {
        f.add("revenue." + r.path("currency").asText(), revenue);
      }
      for (IdentityFields field : IdentityFields.ALL) {
        f.add("completeness." + field.column(), r.path(field.column()).asLong());
      }
    }

    for (JsonNode r :
        db.query(
            ClickHouseSql.bind(
                "SELECT toString(toDate(u, ?)) AS day, n AS event_name, platform, s AS status,"
                    + " count() AS deliveries, sum(l) AS latency FROM "
                    + FINAL_DELIVERIES
                    + " WHERE u >= ? AND u < ? GROUP BY day, event_name, platform, status",
                args(tz, finalDeliveries(merchant), from, to)))) {
      long n = r.path("deliveries").asLong();
      String status = r.path("status").asText();
      String platform = r.path("platform").asText();
      f.add("deliveries." + status, n);
      f.add("settled." + platform + "." + status, n);
      f.add("latency_sum." + status, r.path("latency").asLong());
      String column =
          switch (status) {
            case "DELIVERED" -> "delivered";
            case "SKIPPED" -> "skipped";
            default -> "failed";
          };
      f.add("volume." + r.path("day").asText() + "." + column, n);
      if (status.equals("DELIVERED")) {
        f.add("coverage." + r.path("event_name").asText() + "." + platform, n);
      }
    }

    // Per-platform identity fields, from the events the deliveries carried.
    for (JsonNode r :
        db.query(
            ClickHouseSql.bind(
                "SELECT platform, s AS status, count() AS deliveries, "
                    + fieldSums
                    + " FROM (SELECT event_id, platform, s FROM "
                    + FINAL_DELIVERIES
                    + " WHERE u >= ? AND u < ?) AS d ANY INNER JOIN"
                    + " (SELECT event_id, has_email, has_phone, has_name, has_address,"
                    + " has_external_id, has_ip, has_user_agent, has_fbp, has_fbc, has_click_id"
                    + " FROM events FINAL WHERE merchant_id = ?) AS e USING event_id"
                    + " GROUP BY platform, status",
                args(finalDeliveries(merchant), from, to, merchant)))) {
      String key =
          "platform_fields." + r.path("platform").asText() + "." + r.path("status").asText();
      f.add(key + ".deliveries", r.path("deliveries").asLong());
      for (IdentityFields field : IdentityFields.ALL) {
        f.add(key + "." + field.column(), r.path(field.column()).asLong());
      }
    }

    for (JsonNode r :
        db.query(
            ClickHouseSql.bind(
                "SELECT code, path, count() AS n FROM "
                    + EVENTS
                    + " ARRAY JOIN warning_codes AS code, warning_paths AS path"
                    + " WHERE b >= ? AND b < ? GROUP BY code, path",
                args(events(merchant), from, to)))) {
      f.add(
          "issues.warning." + r.path("code").asText() + "." + r.path("path").asText(),
          r.path("n").asLong());
    }

    funnelByCustomer(f, merchant, from, to);
    attribution(f, merchant, from, to);
    return f;
  }

  /**
   * Customers who passed the funnel's stages in order within the window (greedy, by bucket time).
   */
  private void funnelByCustomer(Figures f, String merchant, Instant from, Instant to) {
    Map<String, Integer> reached = new HashMap<>();
    for (JsonNode r :
        db.query(
            ClickHouseSql.bind(
                "SELECT customer_key, event_name, toUInt32(b) AS t FROM "
                    + EVENTS
                    + " WHERE b >= ? AND b < ? AND customer_key != ? AND event_name IN ?"
                    + " ORDER BY customer_key, t, indexOf(array?, event_name)",
                args(events(merchant), from, to, "", FUNNEL, FUNNEL)))) {
      String customer = r.path("customer_key").asText();
      int level = reached.getOrDefault(customer, 0);
      if (level < FUNNEL.size() && FUNNEL.get(level).equals(r.path("event_name").asText())) {
        reached.put(customer, level + 1);
      }
    }
    for (int level : reached.values()) {
      for (int i = 0; i < level; i++) {
        f.add("funnel_customers." + FUNNEL.get(i), 1);
      }
    }
  }

  /**
   * Purchases in the window by their customer's first touch: the first click platform seen for the
   * customer in the order events were received, else the purchase's own, else direct.
   */
  private void attribution(Figures f, String merchant, Instant from, Instant to) {
    Map<String, String> firstTouch = new HashMap<>();
    for (JsonNode r :
        db.query(
            ClickHouseSql.bind(
                "SELECT customer_key, event_name, first_touch_platform, currency,"
                    + " toString(ifNull(value, toDecimal64(0, 4))) AS amount, b >= ? AND b < ? AS inside FROM "
                    + EVENTS
                    + " WHERE b < ? AND (first_touch_platform != ? OR event_name = ?)"
                    + " ORDER BY received_at, event_time, event_id",
                args(from, to, events(merchant), to, "", "purchase")))) {
      String customer = r.path("customer_key").asText();
      String own = r.path("first_touch_platform").asText();
      String platform = customer.isEmpty() ? "" : firstTouch.getOrDefault(customer, "");
      if (platform.isEmpty() && !own.isEmpty()) {
        platform = own;
        if (!customer.isEmpty()) {
          firstTouch.put(customer, own);
        }
      }
      if (r.path("event_name").asText().equals("purchase") && r.path("inside").asInt() == 1) {
        String key = "attribution." + (platform.isEmpty() ? "direct" : platform);
        f.add(key + ".orders", 1);
        BigDecimal amount = new BigDecimal(r.path("amount").asText("0"));
        if (amount.signum() != 0) {
          f.add(key + ".revenue." + r.path("currency").asText(), amount);
        }
      }
    }
  }
}
