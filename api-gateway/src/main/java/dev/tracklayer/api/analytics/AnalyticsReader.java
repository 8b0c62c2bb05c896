package dev.tracklayer.api.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.analytics.FunnelStages;
import dev.tracklayer.core.analytics.IdentityFields;
import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.clickhouse.ClickHouseSql;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Every ClickHouse read of the analytics endpoints, always for one merchant, values only through
 * {@link ClickHouseSql#bind}.
 *
 * <p>The rollup tables (migrations V006, V009) are ReplacingMergeTree: each firing of the rollup
 * job writes a key's whole running total again with a larger version. So a read sums, for the
 * window's whole UTC days below the daily {@code built_until}, the rows of each day's latest build
 * in {@code *_daily}, for its other whole hours below {@code built_until} those of each hour's
 * latest build in {@code *_hourly} (one build writes every key of a bucket with one version), and
 * for the rest the {@code *_minute} rows collapsed to each key's latest version with {@code
 * argMax(…, version)} ({@link AnalyticsWindow}). Every part filters on {@code (merchant_id,
 * bucket)}, the sort key's prefix, so a read touches only the merchant's granules of the window.
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

  /**
   * Up to where the hourly and the daily tables are complete (the epoch for one not built), and
   * which of their buckets were built more than once.
   */
  public record Progress(Instant hourly, Instant daily, Rebuilt rebuilt) {}

  /**
   * The hourly and daily buckets built more than once (a replay, or a build repeated after a
   * restart): only these are read with a filter on the version; every other bucket holds the rows
   * of one build (migration V010).
   */
  public record Rebuilt(Set<Instant> hours, Set<Instant> days) {}

  /** The progress marks, and the buckets from {@code since} on that were built more than once. */
  public Progress progress(Instant since) {
    Instant hourly = Instant.EPOCH;
    Instant daily = Instant.EPOCH;
    Set<Instant> hours = new HashSet<>();
    Set<Instant> days = new HashSet<>();
    for (JsonNode row :
        db.query(
            ClickHouseSql.bind(
                "SELECT job AS k, toUnixTimestamp(argMax(built_until, version)) AS t"
                    + " FROM analytics_progress WHERE job IN ? GROUP BY job"
                    + " UNION ALL SELECT grain AS k, toUnixTimestamp(bucket) AS t"
                    + " FROM analytics_builds WHERE bucket >= ? GROUP BY grain, bucket"
                    + " HAVING uniqExact(version) > 1",
                List.of(HOURLY_JOB, DAILY_JOB),
                since))) {
      Instant t = Instant.ofEpochSecond(row.path("t").asLong());
      switch (row.path("k").asText()) {
        case HOURLY_JOB -> hourly = t;
        case DAILY_JOB -> daily = t;
        case "hourly" -> hours.add(t);
        case "daily" -> days.add(t);
        default -> {}
      }
    }
    return new Progress(hourly, daily, new Rebuilt(Set.copyOf(hours), Set.copyOf(days)));
  }

  static final String HOURLY_JOB = "rollup";
  static final String DAILY_JOB = "rollup-daily";

  /**
   * Which buckets of a window each table gives: whole UTC days from the daily tables (when {@code
   * days}, and at least {@link #MIN_DAYS} of them in a row), the other hours before the hourly end
   * from the hourly ones, the rest from the minute ones. A day is taken whole only if no {@code
   * boundary} (of a period the read splits its sums by) falls inside it.
   */
  record Parts(List<Instant[]> days, List<Instant[]> hours, Instant minutesFrom, Instant end) {
    /**
     * Fewer whole days than this are read as hours: a daily part is one more read with its own
     * latest-build filter, and at 7 days it cost as much as the hours it saved (bench profile,
     * docs/benchmarks/2026-12-06-analytics-2.md).
     */
    static final Duration MIN_DAYS = Duration.ofDays(14);

    static Parts of(AnalyticsWindow w, boolean days, List<Instant> boundaries) {
      List<Instant[]> dayRanges = new ArrayList<>();
      List<Instant[]> hourRanges = new ArrayList<>();
      if (w.hourlyEnd().isAfter(w.start())) {
        List<Instant> cuts = new ArrayList<>(List.of(w.start(), w.hourlyEnd()));
        if (days && w.hasDays()) {
          for (Instant b : boundaries) {
            if (b.isAfter(w.start()) && b.isBefore(w.hourlyEnd())) {
              cuts.add(b);
            }
          }
        }
        cuts = cuts.stream().distinct().sorted().toList();
        for (int i = 0; i + 1 < cuts.size(); i++) {
          Instant a = cuts.get(i);
          Instant b = cuts.get(i + 1);
          Instant dayFrom = a.truncatedTo(ChronoUnit.DAYS);
          if (dayFrom.isBefore(a)) {
            dayFrom = dayFrom.plus(Duration.ofDays(1));
          }
          Instant dayTo = b.truncatedTo(ChronoUnit.DAYS);
          if (w.dailyUntil().isBefore(dayTo)) {
            dayTo = w.dailyUntil();
          }
          if (days && !dayTo.isBefore(dayFrom.plus(MIN_DAYS))) {
            add(hourRanges, a, dayFrom);
            dayRanges.add(new Instant[] {dayFrom, dayTo});
            add(hourRanges, dayTo, b);
          } else {
            add(hourRanges, a, b);
          }
        }
      }
      return new Parts(dayRanges, hourRanges, w.hourlyEnd(), w.end());
    }

    /** Adds [a, b) if not empty, joined to the last range when they touch. */
    private static void add(List<Instant[]> ranges, Instant a, Instant b) {
      if (!b.isAfter(a)) {
        return;
      }
      if (!ranges.isEmpty() && ranges.get(ranges.size() - 1)[1].equals(a)) {
        ranges.get(ranges.size() - 1)[1] = b;
      } else {
        ranges.add(new Instant[] {a, b});
      }
    }
  }

  /**
   * Sums over a window's collapsed rows. {@code select} and {@code groupBy} (may be empty) name key
   * columns, {@code bucket} and the collapsed measures as {@code v_<column>}; the key columns are
   * always collapsed on in full, so a firing replaces exactly its own row. With {@code days}, whole
   * UTC days come from the daily tables (only for figures that do not place rows in another zone).
   */
  List<JsonNode> sum(
      Rollup rollup,
      String merchantId,
      AnalyticsWindow w,
      boolean days,
      String select,
      String groupBy) {
    return sum(rollup, merchantId, w, Parts.of(w, days, List.of()), select, "", List.of(), groupBy);
  }

  /**
   * As above, over the given parts, with {@code arrayJoin} (its values in {@code arrayJoinArgs})
   * between FROM and GROUP BY.
   */
  private List<JsonNode> sum(
      Rollup rollup,
      String merchantId,
      AnalyticsWindow w,
      Parts parts,
      String select,
      String arrayJoin,
      List<Object> arrayJoinArgs,
      String groupBy) {
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
    List<String> sql = new ArrayList<>();
    String values =
        keys
            + ", "
            + measures.stream().map(m -> m + " AS v_" + m).collect(Collectors.joining(", "));
    Rebuilt rebuilt = w.rebuilt();
    latestBuild(
        rollup.table + "_daily", values, merchantId, parts.days(), rebuilt.days(), sql, args);
    latestBuild(
        rollup.table + "_hourly", values, merchantId, parts.hours(), rebuilt.hours(), sql, args);
    sql.add(
        "SELECT "
            + collapse
            + " FROM "
            + rollup.table
            + "_minute WHERE merchant_id = ? AND bucket >= ? AND bucket < ? GROUP BY "
            + keys);
    args.addAll(List.of(merchantId, parts.minutesFrom(), parts.end()));
    args.addAll(arrayJoinArgs);
    String query =
        "SELECT "
            + select
            + " FROM ("
            + String.join(" UNION ALL ", sql)
            + ")"
            + arrayJoin
            + (groupBy.isEmpty() ? "" : " GROUP BY " + groupBy);
    return db.query(ClickHouseSql.bind(query, args.toArray()));
  }

  /**
   * The rows of a daily or hourly table in {@code ranges}, each bucket's from its latest build. One
   * build writes every key of a bucket with one version (HourlyBuild), so a bucket built once is
   * read as it is, and only the buckets built more than once ({@code rebuilt}) are read apart, the
   * merchant's rows of each from its latest build: filtering every row on (bucket, version) was
   * half of each read (docs/benchmarks/2026-12-06-analytics-3.md), collapsing every key cost
   * 1.2-1.7 s for 90 days of a big merchant.
   */
  private static void latestBuild(
      String table,
      String values,
      String merchantId,
      List<Instant[]> ranges,
      Set<Instant> rebuilt,
      List<String> sql,
      List<Object> args) {
    if (ranges.isEmpty()) {
      return;
    }
    List<Object> rangeArgs = new ArrayList<>();
    List<String> conditions = new ArrayList<>();
    for (Instant[] r : ranges) {
      conditions.add("bucket >= ? AND bucket < ?");
      rangeArgs.add(r[0]);
      rangeArgs.add(r[1]);
    }
    List<Instant> again =
        rebuilt.stream()
            .filter(b -> ranges.stream().anyMatch(r -> !b.isBefore(r[0]) && b.isBefore(r[1])))
            .sorted()
            .toList();
    String select = "SELECT " + values + " FROM " + table + " WHERE merchant_id = ? AND ";
    sql.add(
        select
            + "("
            + String.join(" OR ", conditions)
            + ")"
            + (again.isEmpty() ? "" : " AND bucket NOT IN ?"));
    args.add(merchantId);
    args.addAll(rangeArgs);
    if (again.isEmpty()) {
      return;
    }
    args.add(again);
    sql.add(
        select
            + "bucket IN ? AND (bucket, version) IN (SELECT bucket, max(version) FROM "
            + table
            + " WHERE merchant_id = ? AND bucket IN ? GROUP BY bucket)");
    args.addAll(List.of(merchantId, again, merchantId, again));
  }

  /**
   * Sums of several periods in one read of the window that spans them all: {@code select} is
   * computed per period (its index in {@code periods}, as column {@code period}) and {@code
   * groupBy}. A row counts in every period its bucket falls in.
   */
  List<JsonNode> sumByPeriod(
      Rollup rollup,
      String merchantId,
      AnalyticsWindow span,
      List<AnalyticsWindow> periods,
      String select,
      String groupBy) {
    List<Instant> boundaries = new ArrayList<>();
    List<String> ifs = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    for (int i = 0; i < periods.size(); i++) {
      AnalyticsWindow p = periods.get(i);
      boundaries.add(p.start());
      boundaries.add(p.end());
      ifs.add("if(bucket >= ? AND bucket < ?, ?, -1)");
      args.addAll(List.of(p.start(), p.end(), i));
    }
    String arrayJoin =
        " ARRAY JOIN arrayFilter(p -> p >= 0, [" + String.join(", ", ifs) + "]) AS period";
    return sum(
        rollup,
        merchantId,
        span,
        Parts.of(span, true, boundaries),
        "period, " + select,
        arrayJoin,
        args,
        "period, " + groupBy);
  }

  private static String sumsOfFields() {
    return IdentityFields.ALL.stream()
        .map(f -> "sum(v_" + f.column() + ") AS " + f.column())
        .collect(Collectors.joining(", "));
  }

  private static String eventSelect(boolean fields) {
    return "event_name, currency, sum(v_events) AS events, toString(sum(v_revenue)) AS revenue"
        + (fields ? ", " + sumsOfFields() : "");
  }

  private static EventTotals eventTotals(JsonNode row, boolean fields) {
    return new EventTotals(
        row.get("event_name").asText(),
        row.get("currency").asText(),
        row.get("events").asLong(),
        new BigDecimal(row.get("revenue").asText()),
        fields ? FieldCounts.of(row) : FieldCounts.zero());
  }

  /**
   * Accepted events per name and currency: counts, revenue and, with {@code fields}, identity-field
   * presence (zero otherwise: collapsing ten more columns is most of the cost).
   */
  public List<EventTotals> events(String merchantId, AnalyticsWindow w, boolean fields) {
    List<EventTotals> out = new ArrayList<>();
    for (JsonNode row :
        sum(Rollup.EVENTS, merchantId, w, true, eventSelect(fields), "event_name, currency")) {
      out.add(eventTotals(row, fields));
    }
    return out;
  }

  /** {@link #events} of each period, in one read of {@code span} (which covers them all). */
  public List<List<EventTotals>> events(
      String merchantId, AnalyticsWindow span, List<AnalyticsWindow> periods, boolean fields) {
    List<List<EventTotals>> out = new ArrayList<>();
    periods.forEach(p -> out.add(new ArrayList<>()));
    for (JsonNode row :
        sumByPeriod(
            Rollup.EVENTS,
            merchantId,
            span,
            periods,
            eventSelect(fields),
            "event_name, currency")) {
      out.get(row.get("period").asInt()).add(eventTotals(row, fields));
    }
    return out;
  }

  private static String deliverySelect(boolean latency, boolean fields) {
    return "event_name, platform, status, sum(v_deliveries) AS deliveries"
        + (latency
            ? ", sum(v_latency_sum_ms) AS latency_sum_ms,"
                + " sumForEach(v_latency_buckets) AS latency_buckets"
            : "")
        + (fields ? ", " + sumsOfFields() : "");
  }

  private static DeliveryTotals deliveryTotals(JsonNode row, boolean fields) {
    JsonNode buckets = row.path("latency_buckets");
    long[] counts = new long[buckets.size()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = buckets.get(i).asLong();
    }
    return new DeliveryTotals(
        row.get("event_name").asText(),
        row.get("platform").asText(),
        row.get("status").asText(),
        row.get("deliveries").asLong(),
        row.path("latency_sum_ms").asLong(),
        counts,
        fields ? FieldCounts.of(row) : FieldCounts.zero());
  }

  /**
   * Final deliveries per event name, platform and status; with {@code latency} their latency sum
   * and histogram, with {@code fields} their identity fields (each zero when not asked for: the
   * latency array alone costs as much to collapse as all the counts).
   */
  public List<DeliveryTotals> deliveries(
      String merchantId, AnalyticsWindow w, boolean latency, boolean fields) {
    List<DeliveryTotals> out = new ArrayList<>();
    for (JsonNode row :
        sum(
            Rollup.DELIVERIES,
            merchantId,
            w,
            true,
            deliverySelect(latency, fields),
            "event_name, platform, status")) {
      out.add(deliveryTotals(row, fields));
    }
    return out;
  }

  /** {@link #deliveries} of each period, in one read of {@code span}. */
  public List<List<DeliveryTotals>> deliveries(
      String merchantId,
      AnalyticsWindow span,
      List<AnalyticsWindow> periods,
      boolean latency,
      boolean fields) {
    List<List<DeliveryTotals>> out = new ArrayList<>();
    periods.forEach(p -> out.add(new ArrayList<>()));
    for (JsonNode row :
        sumByPeriod(
            Rollup.DELIVERIES,
            merchantId,
            span,
            periods,
            deliverySelect(latency, fields),
            "event_name, platform, status")) {
      out.get(row.get("period").asInt()).add(deliveryTotals(row, fields));
    }
    return out;
  }

  /**
   * Accepted events and final deliveries per slot of 15 minutes (an hour where the hourly tables
   * are read, a day where the daily ones are: only with {@code utc}), for days in a time zone: 15
   * minutes divide every zone's offset.
   */
  public List<Slot> slots(String merchantId, AnalyticsWindow w, boolean utc) {
    List<Slot> out = new ArrayList<>();
    for (JsonNode row :
        sum(
            Rollup.EVENTS,
            merchantId,
            w,
            utc,
            "toUnixTimestamp(toStartOfFifteenMinutes(bucket)) AS slot, sum(v_events) AS n",
            "slot")) {
      out.add(new Slot(Instant.ofEpochSecond(row.get("slot").asLong()), "ACCEPTED", n(row)));
    }
    for (JsonNode row :
        sum(
            Rollup.DELIVERIES,
            merchantId,
            w,
            utc,
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
            true,
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
            true,
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
   * Unique customers who reached each funnel stage in order within the window: index k-1 counts
   * those with a run through stage k that starts at or after the window's start ({@code
   * analytics_funnel_customers}, docs/analytics.md). {@code FINAL} keeps each customer's last row
   * (a merge of sorted parts: cheaper than grouping 200,000 customer keys). A customer's starts
   * only grow with each row written, so the filter on start_1, wherever it applies, drops only rows
   * that cannot reach the window.
   */
  public long[] funnelCustomers(String merchantId, AnalyticsWindow w) {
    List<String> counts = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    for (int k = 1; k <= FunnelStages.STAGES.size(); k++) {
      counts.add("countIf(start_" + k + " >= ?) AS c" + k);
      args.add(w.start());
    }
    args.addAll(List.of(merchantId, w.start()));
    String sql =
        "SELECT "
            + String.join(", ", counts)
            + " FROM analytics_funnel_customers FINAL WHERE merchant_id = ? AND start_1 >= ?";
    JsonNode row = db.query(ClickHouseSql.bind(sql, args.toArray())).get(0);
    long[] out = new long[FunnelStages.STAGES.size()];
    for (int k = 1; k <= out.length; k++) {
      out[k - 1] = row.path("c" + k).asLong();
    }
    return out;
  }

  /** The statuses a delivery settles in with a reason worth showing. */
  static final List<String> REASON_STATUSES = List.of("FAILED", "ERROR", "SKIPPED");

  static final List<String> FINAL_STATUSES = List.of("DELIVERED", "FAILED", "ERROR", "SKIPPED");

  /**
   * How far before the window's first day the reasons look for events: a delivery settles at most
   * the retry horizon (24 h) after its event reached TrackLayer, so its event's date is at most a
   * day before the day it settled in, plus a day for the time the event took to arrive.
   */
  static final Duration REASON_DATE_SLACK = Duration.ofDays(2);

  /**
   * The top {@code limit} reasons per platform and status (FAILED, ERROR, SKIPPED) of the
   * deliveries that settled in the window, each with its count and the largest event id. The rollup
   * has no reasons, so this reads the raw {@code deliveries} table with the settled-state rule of
   * the events list (docs/contracts.md): final rows only, and of those the highest version (a
   * delivery's first final state), whose {@code updated_at} places it in the window as the rollup
   * does.
   *
   * <p>Cost: {@code deliveries} is sorted by event, not by time, so the read is bounded by the
   * window's dates ({@code event_date} from {@link #REASON_DATE_SLACK} before the window, which
   * prunes partitions and parts) and first narrows to the deliveries that have a FAILED, ERROR or
   * SKIPPED row at all, so the settling (a GROUP BY per delivery) runs over those only, not over
   * the DELIVERED majority. The answer is bounded by {@code LIMIT n BY platform, status}. An event
   * dated further back (a backfill) that settles in the window counts in the status totals, not
   * here.
   */
  public List<ReasonTotals> reasons(String merchantId, AnalyticsWindow w, int limit) {
    LocalDate from = LocalDate.ofInstant(w.start().minus(REASON_DATE_SLACK), ZoneOffset.UTC);
    String sql =
        ClickHouseSql.bind(
            "SELECT platform, s AS settled, e AS reason, count() AS n, max(event_id) AS example"
                + " FROM (SELECT event_id, platform, argMax(status, version) AS s,"
                + " argMax(error, version) AS e, argMax(updated_at, version) AS u"
                + " FROM deliveries WHERE merchant_id = ? AND event_date >= ? AND status IN ?"
                + " AND (event_id, platform) IN (SELECT event_id, platform FROM deliveries"
                + " WHERE merchant_id = ? AND event_date >= ? AND status IN ?)"
                + " GROUP BY event_id, platform)"
                + " WHERE s IN ? AND u >= ? AND u < ?"
                + " GROUP BY platform, settled, reason"
                + " ORDER BY platform, settled, n DESC, reason"
                + " LIMIT ? BY platform, settled",
            merchantId,
            from,
            FINAL_STATUSES,
            merchantId,
            from,
            REASON_STATUSES,
            REASON_STATUSES,
            w.start(),
            w.end(),
            limit);
    List<ReasonTotals> out = new ArrayList<>();
    for (JsonNode row : db.query(sql)) {
      out.add(
          new ReasonTotals(
              row.get("platform").asText(),
              row.get("settled").asText(),
              row.get("reason").asText(),
              n(row),
              row.get("example").asText()));
    }
    return out;
  }

  /**
   * Per platform, the deliveries of events dated in the window's days whose state now is QUEUED or
   * RETRY, from {@code delivery_index} (V011): the few rows that ever waited narrow the set, then
   * each of their deliveries counts if its highest-version row still waits (as the events list's
   * status filter).
   */
  public Map<String, Long> waiting(String merchantId, AnalyticsWindow w) {
    List<String> waiting = List.of("QUEUED", "RETRY");
    LocalDate from = LocalDate.ofInstant(w.start(), ZoneOffset.UTC);
    String sql =
        ClickHouseSql.bind(
            "SELECT platform, count() AS n FROM (SELECT platform FROM delivery_index"
                + " WHERE merchant_id = ? AND event_date >= ? AND event_id IN (SELECT event_id"
                + " FROM delivery_index WHERE merchant_id = ? AND event_date >= ? AND status IN ?)"
                + " GROUP BY event_id, platform HAVING argMax(status, version) IN ?)"
                + " GROUP BY platform",
            merchantId,
            from,
            merchantId,
            from,
            waiting,
            waiting);
    Map<String, Long> out = new HashMap<>();
    for (JsonNode row : db.query(sql)) {
      out.put(row.get("platform").asText(), n(row));
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

  /** Deliveries that settled in {@code status} for one reason ("" when none was given). */
  public record ReasonTotals(
      String platform, String status, String reason, long count, String exampleEventId) {}

  public record AttributionTotals(
      String platform, String currency, long orders, BigDecimal revenue) {}
}
