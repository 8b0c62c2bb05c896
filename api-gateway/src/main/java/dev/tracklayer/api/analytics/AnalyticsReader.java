package dev.tracklayer.api.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.analytics.IdentityFields;
import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.clickhouse.ClickHouseSql;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Every ClickHouse read of the analytics endpoints, always for one merchant, values only through
 * {@link ClickHouseSql#bind}.
 *
 * <p>The rollup tables (migration V006) are ReplacingMergeTree: each firing of the rollup job
 * writes a key's whole running total again with a larger version. So a read sums, for the window's
 * whole hours below {@code built_until}, the rows of each hour's latest build in {@code *_hourly}
 * (one build writes every key of an hour with one version), and for the rest the {@code *_minute}
 * rows collapsed to each key's latest version with {@code argMax(…, version)} ({@link
 * AnalyticsWindow}). Both parts filter on {@code (merchant_id, bucket)}, the sort key's prefix, so
 * a read touches only the merchant's granules of the window.
 */
@Component
public class AnalyticsReader {
  /** A rollup table pair, its key columns besides merchant_id and bucket, and its measures. */
  enum Rollup {
    EVENTS(
        "analytics_events",
        List.of("event_name", "source", "currency"),
        withFields("events", "late_events", "with_value", "revenue")),
    DELIVERIES(
        "analytics_deliveries",
        List.of("event_name", "source", "platform", "status"),
        withFields("deliveries", "latency_sum_ms", "latency_buckets")),
    ISSUES(
        "analytics_issues",
        List.of("source", "origin", "code", "path"),
        List.of("issues", "example_event_id")),
    ATTRIBUTION(
        "analytics_attribution", List.of("platform", "currency"), List.of("orders", "revenue"));

    final String table;
    final List<String> keys;
    final List<String> measures;

    Rollup(String table, List<String> keys, List<String> measures) {
      this.table = table;
      this.keys = keys;
      this.measures = measures;
    }

    private static List<String> withFields(String... measures) {
      List<String> all = new ArrayList<>(List.of(measures));
      IdentityFields.ALL.forEach(f -> all.add(f.column()));
      return all;
    }
  }

  private final ClickHouseDatabase db;

  public AnalyticsReader(ClickHouseDatabase db) {
    this.db = db;
  }

  /** Up to where the hourly tables are complete; the epoch when the job has built none. */
  public Instant builtUntil() {
    List<JsonNode> rows =
        db.query(
            ClickHouseSql.bind(
                "SELECT toUnixTimestamp(argMax(built_until, version)) AS until"
                    + " FROM analytics_progress WHERE job = ?",
                "rollup"));
    return rows.isEmpty()
        ? Instant.EPOCH
        : Instant.ofEpochSecond(rows.get(0).path("until").asLong());
  }

  /**
   * Sums over a window's collapsed rows. {@code select} and {@code groupBy} (may be empty) name key
   * columns, {@code bucket} and the collapsed measures as {@code v_<column>}; the key columns are
   * always collapsed on in full, so a firing replaces exactly its own row.
   */
  List<JsonNode> sum(
      Rollup rollup, String merchantId, AnalyticsWindow w, String select, String groupBy) {
    // Only the measures the select names are collapsed: argMax of the latency array alone costs
    // as much as all the counts together.
    List<String> measures =
        rollup.measures.stream()
            .filter(m -> Pattern.compile("\\bv_" + m + "\\b").matcher(select).find())
            .toList();
    String keys = String.join(", ", rollup.keys) + ", bucket";
    String collapse =
        keys
            + ", "
            + measures.stream()
                .map(m -> "argMax(" + m + ", version) AS v_" + m)
                .collect(Collectors.joining(", "));
    List<Object> args = new ArrayList<>();
    List<String> parts = new ArrayList<>();
    if (w.hourlyEnd().isAfter(w.start())) {
      // One build writes every key of an hour with one version (HourlyBuild), so the rows of each
      // hour's latest build are the hour, each key once: a filter on (bucket, version) instead of
      // collapsing every key, which cost 1.2-1.7 s for 90 days of a big merchant.
      String hourly = rollup.table + "_hourly";
      parts.add(
          "SELECT "
              + keys
              + ", "
              + measures.stream().map(m -> m + " AS v_" + m).collect(Collectors.joining(", "))
              + " FROM "
              + hourly
              + " WHERE merchant_id = ? AND bucket >= ? AND bucket < ? AND (bucket, version) IN"
              + " (SELECT bucket, max(version) FROM "
              + hourly
              + " WHERE merchant_id = ? AND bucket >= ? AND bucket < ? GROUP BY bucket)");
      args.addAll(
          List.of(merchantId, w.start(), w.hourlyEnd(), merchantId, w.start(), w.hourlyEnd()));
    }
    parts.add(
        "SELECT "
            + collapse
            + " FROM "
            + rollup.table
            + "_minute WHERE merchant_id = ? AND bucket >= ? AND bucket < ? GROUP BY "
            + keys);
    args.addAll(List.of(merchantId, w.hourlyEnd(), w.end()));
    String sql =
        "SELECT "
            + select
            + " FROM ("
            + String.join(" UNION ALL ", parts)
            + ")"
            + (groupBy.isEmpty() ? "" : " GROUP BY " + groupBy);
    return db.query(ClickHouseSql.bind(sql, args.toArray()));
  }

  private static String sumsOfFields() {
    return IdentityFields.ALL.stream()
        .map(f -> "sum(v_" + f.column() + ") AS " + f.column())
        .collect(Collectors.joining(", "));
  }

  /**
   * Accepted events per name and currency: counts, revenue and, with {@code fields}, identity-field
   * presence (zero otherwise: collapsing ten more columns is most of the cost).
   */
  public List<EventTotals> events(String merchantId, AnalyticsWindow w, boolean fields) {
    List<JsonNode> rows =
        sum(
            Rollup.EVENTS,
            merchantId,
            w,
            "event_name, currency, sum(v_events) AS events, toString(sum(v_revenue)) AS revenue"
                + (fields ? ", " + sumsOfFields() : ""),
            "event_name, currency");
    List<EventTotals> out = new ArrayList<>(rows.size());
    for (JsonNode row : rows) {
      out.add(
          new EventTotals(
              row.get("event_name").asText(),
              row.get("currency").asText(),
              row.get("events").asLong(),
              new BigDecimal(row.get("revenue").asText()),
              fields ? FieldCounts.of(row) : FieldCounts.zero()));
    }
    return out;
  }

  /**
   * Final deliveries per event name, platform and status; with {@code latency} their latency sum
   * and histogram, with {@code fields} their identity fields (each zero when not asked for: the
   * latency array alone costs as much to collapse as all the counts).
   */
  public List<DeliveryTotals> deliveries(
      String merchantId, AnalyticsWindow w, boolean latency, boolean fields) {
    List<JsonNode> rows =
        sum(
            Rollup.DELIVERIES,
            merchantId,
            w,
            "event_name, platform, status, sum(v_deliveries) AS deliveries"
                + (latency
                    ? ", sum(v_latency_sum_ms) AS latency_sum_ms,"
                        + " sumForEach(v_latency_buckets) AS latency_buckets"
                    : "")
                + (fields ? ", " + sumsOfFields() : ""),
            "event_name, platform, status");
    List<DeliveryTotals> out = new ArrayList<>(rows.size());
    for (JsonNode row : rows) {
      JsonNode buckets = row.path("latency_buckets");
      long[] counts = new long[buckets.size()];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = buckets.get(i).asLong();
      }
      out.add(
          new DeliveryTotals(
              row.get("event_name").asText(),
              row.get("platform").asText(),
              row.get("status").asText(),
              row.get("deliveries").asLong(),
              row.path("latency_sum_ms").asLong(),
              counts,
              fields ? FieldCounts.of(row) : FieldCounts.zero()));
    }
    return out;
  }

  /**
   * Accepted events and final deliveries per slot of 15 minutes (an hour where the hourly tables
   * are read), for days in a time zone: 15 minutes divide every zone's offset.
   */
  public List<Slot> slots(String merchantId, AnalyticsWindow w) {
    List<Slot> out = new ArrayList<>();
    for (JsonNode row :
        sum(
            Rollup.EVENTS,
            merchantId,
            w,
            "toUnixTimestamp(toStartOfFifteenMinutes(bucket)) AS slot, sum(v_events) AS n",
            "slot")) {
      out.add(new Slot(Instant.ofEpochSecond(row.get("slot").asLong()), "ACCEPTED", n(row)));
    }
    for (JsonNode row :
        sum(
            Rollup.DELIVERIES,
            merchantId,
            w,
            "toUnixTimestamp(toStartOfFifteenMinutes(bucket)) AS slot, status,"
                + " sum(v_deliveries) AS n",
            "slot, status")) {
      out.add(
          new Slot(
              Instant.ofEpochSecond(row.get("slot").asLong()), row.get("status").asText(), n(row)));
    }
    return out;
  }

  /** Issues per code, path and origin, with the largest example event id (deterministic). */
  public List<IssueTotals> issues(String merchantId, AnalyticsWindow w) {
    List<IssueTotals> out = new ArrayList<>();
    for (JsonNode row :
        sum(
            Rollup.ISSUES,
            merchantId,
            w,
            "code, path, origin, sum(v_issues) AS n, max(v_example_event_id) AS example",
            "code, path, origin")) {
      out.add(
          new IssueTotals(
              row.get("code").asText(),
              row.get("path").asText(),
              row.get("origin").asText(),
              n(row),
              row.get("example").asText()));
    }
    return out;
  }

  /** Purchases per first-touch platform and currency. */
  public List<AttributionTotals> attribution(String merchantId, AnalyticsWindow w) {
    List<AttributionTotals> out = new ArrayList<>();
    for (JsonNode row :
        sum(
            Rollup.ATTRIBUTION,
            merchantId,
            w,
            "platform, currency, sum(v_orders) AS n, toString(sum(v_revenue)) AS revenue",
            "platform, currency")) {
      out.add(
          new AttributionTotals(
              row.get("platform").asText(),
              row.get("currency").asText(),
              n(row),
              new BigDecimal(row.get("revenue").asText())));
    }
    return out;
  }

  /**
   * Unique customers by the furthest of {@code stages} they reached in order, the first to the last
   * within {@code seconds}, among the window's events ({@code windowFunnel} over the raw events,
   * one group per {@code customer_key}). Copies of an event a recovering pipeline wrote twice need
   * no collapsing here: a second identical event cannot change the level a customer reached. Index
   * i of the answer counts customers whose level is i (0: none of the stages).
   */
  public long[] funnelLevels(
      String merchantId, AnalyticsWindow w, long seconds, List<String> stages) {
    StringBuilder conditions = new StringBuilder();
    for (int i = 0; i < stages.size(); i++) {
      conditions.append(", event_name = ?");
    }
    List<Object> args = new ArrayList<>();
    args.add(seconds);
    args.addAll(stages);
    LocalDate firstDay = LocalDate.ofInstant(w.start(), ZoneOffset.UTC);
    LocalDate lastDay = LocalDate.ofInstant(w.end(), ZoneOffset.UTC);
    args.addAll(List.of(merchantId, firstDay, lastDay, w.start(), w.end(), stages, ""));
    String sql =
        "SELECT level, count() AS n FROM (SELECT customer_key, windowFunnel(?)(event_time"
            + conditions
            + ") AS level FROM events WHERE merchant_id = ? AND event_date >= ?"
            + " AND event_date <= ? AND event_time >= ? AND event_time < ?"
            + " AND event_name IN ? AND customer_key != ?"
            + " GROUP BY customer_key) GROUP BY level";
    long[] out = new long[stages.size() + 1];
    for (JsonNode row : db.query(ClickHouseSql.bind(sql, args.toArray()))) {
      int level = row.get("level").asInt();
      if (level >= 0 && level < out.length) {
        out[level] += n(row);
      }
    }
    return out;
  }

  private static long n(JsonNode row) {
    return row.get("n").asLong();
  }

  /** How many of the counted events (or deliveries) carried each identity field. */
  public record FieldCounts(long[] counts) {
    static FieldCounts of(JsonNode row) {
      long[] counts = new long[IdentityFields.ALL.size()];
      for (IdentityFields f : IdentityFields.ALL) {
        counts[f.ordinal()] = row.get(f.column()).asLong();
      }
      return new FieldCounts(counts);
    }

    public long get(IdentityFields f) {
      return counts[f.ordinal()];
    }

    public static FieldCounts zero() {
      return new FieldCounts(new long[IdentityFields.ALL.size()]);
    }

    public FieldCounts plus(FieldCounts o) {
      long[] sum = counts.clone();
      for (int i = 0; i < sum.length; i++) {
        sum[i] += o.counts[i];
      }
      return new FieldCounts(sum);
    }
  }

  public record EventTotals(
      String eventName, String currency, long events, BigDecimal revenue, FieldCounts fields) {}

  public record DeliveryTotals(
      String eventName,
      String platform,
      String status,
      long deliveries,
      long latencySumMs,
      long[] latencyBuckets,
      FieldCounts fields) {}

  /** Accepted events (status ACCEPTED) or deliveries in a final status in one slot. */
  public record Slot(Instant start, String status, long count) {}

  public record IssueTotals(
      String code, String path, String origin, long count, String exampleEventId) {}

  public record AttributionTotals(
      String platform, String currency, long orders, BigDecimal revenue) {}
}
