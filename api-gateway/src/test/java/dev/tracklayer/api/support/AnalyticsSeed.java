package dev.tracklayer.api.support;

import dev.tracklayer.core.analytics.FunnelStages;
import dev.tracklayer.core.analytics.IdentityFields;
import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.clickhouse.ClickHouseSql;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Generated events, their final deliveries and the rollups of both, made inside ClickHouse ({@code
 * numbers()}) so that millions take seconds. The rollups are summed from the generated rows with
 * the rollup tables' meaning (docs/analytics.md), one firing per key, as the rollup job leaves
 * them: minute rows for everything, hourly rows and the progress mark up to two hours ago, daily
 * rows for the whole UTC days before that, and each customer's funnel row.
 */
public final class AnalyticsSeed {
  private static final String FIELD_SUMS =
      IdentityFields.ALL.stream()
          .map(f -> "sum(has_" + f.name().toLowerCase(Locale.ROOT) + ")")
          .collect(Collectors.joining(", "));
  private static final String FIELD_COLUMNS =
      IdentityFields.ALL.stream().map(IdentityFields::column).collect(Collectors.joining(", "));

  private static final long CHUNK = 1_000_000;
  private static final long SPAN = 90L * 86_400;
  private static final long WINDOW = 10L * 86_400;

  private AnalyticsSeed() {}

  /**
   * {@code n} events spread evenly over the last 90 days (half page views, 4 % purchases with a
   * value, 40 % with an email that is also the customer, 30 % with a first-touch click, 5 % with a
   * warning), one to three final deliveries each (raw rows too), and the minute and hourly rollups
   * of them.
   */
  public static void load(ClickHouseDatabase db, String merchant, long n, long now, int seed) {
    // In pieces: one statement over 10 M rows outlasts the client's 60 s read timeout here.
    for (long offset = 0; offset < n; offset += CHUNK) {
      insertEvents(db, merchant, n, now, seed, offset, Math.min(CHUNK, n - offset));
    }
    long until = (now / 3600 - 2) * 3600;
    // A small merchant's rows fit one statement of each kind; a big one's go by ten days.
    long window = n > CHUNK ? WINDOW : SPAN + 2 * 3600;
    for (long from = (now - SPAN) / 3600 * 3600; from <= now; from += window) {
      rollups(db, merchant, Instant.ofEpochSecond(from), Instant.ofEpochSecond(from + window));
      if (from < until) {
        buildHourly(db, merchant, from, Math.min(from + window, until));
      }
    }
    long daysUntil = until / 86_400 * 86_400;
    for (long from = (now - SPAN) / 86_400 * 86_400; from < daysUntil; from += window) {
      buildDaily(db, merchant, from, Math.min(from + window, daysUntil));
    }
    // The big merchant's customers in pieces, as its events.
    int pieces = (int) Math.max(1, n / CHUNK);
    for (int piece = 0; piece < pieces; piece++) {
      funnel(db, merchant, pieces, piece);
    }
  }

  /**
   * Each customer's funnel row as the rollup job leaves it: per stage k the latest start of a run
   * through k, found from its end (the latest event of stage k, then each earlier stage's latest
   * event at or before the next one's), over the events packed as second * 8 + stage.
   */
  private static void funnel(ClickHouseDatabase db, String merchant, int pieces, int piece) {
    List<String> starts = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    for (int k = 1; k <= 6; k++) {
      String bound = "l" + k + "_" + k;
      starts.add("arrayReverseSort(arrayFilter(x -> x % 8 = " + k + ", es))[1] AS " + bound);
      for (int i = k - 1; i >= 1; i--) {
        String next = bound;
        bound = "l" + k + "_" + i;
        starts.add(
            "arrayReverseSort(arrayFilter(x -> x % 8 = "
                + i
                + " AND x <= "
                + next
                + ", es))[1] AS "
                + bound);
      }
      columns.add("toDateTime(intDiv(" + bound + ", 8)) AS start_" + k);
    }
    String sql =
        "INSERT INTO analytics_funnel_customers (merchant_id, customer_key, start_1, start_2,"
            + " start_3, start_4, start_5, start_6, version) SELECT merchant_id, customer_key, "
            + String.join(", ", columns)
            + ", 1 FROM (SELECT merchant_id, customer_key, "
            + String.join(", ", starts)
            + " FROM (SELECT merchant_id, customer_key, groupArray(toUInt64(event_time) * 8"
            + " + indexOf(array?, event_name)) AS es FROM events WHERE merchant_id = ?"
            + " AND customer_key != ? AND event_name IN ? AND cityHash64(customer_key) % ? = ?"
            + " GROUP BY merchant_id, customer_key))";
    db.execute(
        ClickHouseSql.bind(
            sql, FunnelStages.STAGES, merchant, "", FunnelStages.STAGES, pieces, piece));
  }

  private static void insertEvents(
      ClickHouseDatabase db, String merchant, long n, long now, int seed, long offset, long count) {
    long span = SPAN;
    db.execute(
        ClickHouseSql.bind(
            "INSERT INTO events (merchant_id, event_id, event_name, source, event_time,"
                + " received_at, value, currency, has_email, has_phone, has_external_id, has_ip,"
                + " has_user_agent, has_fbp, has_fbc, has_click_id, payload, version,"
                + " first_touch_platform, warning_codes, warning_paths, customer_key)"
                + " SELECT ?, concat(?, toString(number)),"
                + " multiIf(h % 100 < 50, ?, h % 100 < 70, ?, h % 100 < 82, ?, h % 100 < 89, ?,"
                + " h % 100 < 93, ?, h % 100 < 97, ?, ?) AS name,"
                + " if(h % 3 = 0, ?, ?), toDateTime(? - intDiv(number * ?, ?)) AS t, t,"
                + " if(name = ?, toDecimal64(h % 50000, 4) / 100, NULL), if(name = ?, ?, ?),"
                + " intDiv(h, 100) % 10 < 4 AS email, intDiv(h, 1000) % 10 < 2,"
                + " intDiv(h, 1000) % 10 < 1, 1, 1, h % 3 = 0, intDiv(h, 10000) % 10 < 3,"
                + " intDiv(h, 10000) % 10 < 3, ?, 1,"
                + " if(intDiv(h, 10000) % 10 < 3, multiIf(h % 7 < 3, ?, h % 7 < 5, ?, ?), ?),"
                + " if(intDiv(h, 100000) % 20 = 0, [?], emptyArrayString()),"
                + " if(intDiv(h, 100000) % 20 = 0, [?], emptyArrayString()),"
                + " if(email, concat(?, toString(intDiv(h, 1000000) % 200000)), ?)"
                + " FROM (SELECT number, cityHash64(number, ?) AS h FROM numbers(?, ?))",
            merchant,
            "evt-" + seed + "-",
            "page_view",
            "view_content",
            "add_to_cart",
            "initiate_checkout",
            "add_payment_info",
            "purchase",
            "lead",
            "browser",
            "server",
            now,
            span,
            n,
            "purchase",
            "purchase",
            "USD",
            "",
            "{}",
            "meta",
            "google_ads",
            "tiktok",
            "",
            "missing_fbp",
            "$.browser_ids.fbp",
            "em:",
            "",
            seed,
            offset,
            count));
  }

  /** The rollups of the events with event_time in [from, to): whole hours, so no key straddles. */
  private static void rollups(ClickHouseDatabase db, String merchant, Instant from, Instant to) {
    db.execute(
        ClickHouseSql.bind(
            "INSERT INTO analytics_events_minute (merchant_id, bucket, event_name, source,"
                + " currency, events, late_events, with_value, revenue, "
                + FIELD_COLUMNS
                + ", version) SELECT merchant_id, toStartOfMinute(event_time) AS b, event_name,"
                + " source, currency, count(), 0, countIf(isNotNull(value)),"
                + " sum(ifNull(value, toDecimal64(0, 4))), "
                + FIELD_SUMS
                + ", 1 FROM events WHERE merchant_id = ? AND event_time >= ? AND event_time < ?"
                + " GROUP BY merchant_id, b, event_name, source, currency",
            merchant,
            from,
            to));
    // One final delivery per (event, platform): meta always, tiktok and google_ads for a third of
    // the events; reached when the event was received. Raw rows and rollup from one expression.
    Object[] platformArgs = {
      "DELIVERED",
      "FAILED",
      "ERROR",
      "SKIPPED",
      "meta",
      "tiktok",
      "google_ads",
      merchant,
      from,
      to,
      "meta"
    };
    String platformRows =
        "(SELECT *, platform AS p, cityHash64(event_id, platform) AS d,"
            + " multiIf(d % 100 < 90, ?, d % 100 < 95, ?, d % 100 < 97, ?, ?) AS status,"
            + " 80 + d % 400 AS lat FROM events ARRAY JOIN [?, ?, ?] AS platform"
            + " WHERE merchant_id = ? AND event_time >= ? AND event_time < ?"
            + " AND (platform = ? OR cityHash64(event_id) % 3 = 0))";
    db.execute(
        ClickHouseSql.bind(
            "INSERT INTO deliveries (merchant_id, event_id, event_name, event_date, platform,"
                + " connection_id, status, attempts, http_status, error, latency_ms, value,"
                + " received_at, updated_at, version) SELECT merchant_id, event_id, event_name,"
                + " toDate(event_time), p, p, status, 1, 200, ?, lat, value, received_at,"
                + " received_at, 2 FROM "
                + platformRows,
            concat(new Object[] {""}, platformArgs)));
    db.execute(
        ClickHouseSql.bind(
            "INSERT INTO analytics_deliveries_minute (merchant_id, bucket, event_name, source,"
                + " platform, status, deliveries, latency_sum_ms, latency_buckets, "
                + FIELD_COLUMNS
                + ", version) SELECT merchant_id, toStartOfMinute(received_at) AS b, event_name,"
                + " source, p, status, count(), sum(lat),"
                + " sumForEach(arrayMap(i -> toUInt64(i = if(lat <= 100, 0, if(lat <= 250, 1, 2))),"
                + " range(12))), "
                + FIELD_SUMS
                + ", 1 FROM "
                + platformRows
                + " GROUP BY merchant_id, b, event_name, source, p, status",
            platformArgs));
    db.execute(
        ClickHouseSql.bind(
            "INSERT INTO analytics_issues_minute (merchant_id, bucket, source, origin, code, path,"
                + " issues, example_event_id, version) SELECT merchant_id,"
                + " toStartOfMinute(event_time) AS b, source, ?, code, path, count(), any(event_id),"
                + " 1 FROM events ARRAY JOIN warning_codes AS code, warning_paths AS path"
                + " WHERE merchant_id = ? AND event_time >= ? AND event_time < ?"
                + " GROUP BY merchant_id, b, source, code, path",
            "warning",
            merchant,
            from,
            to));
    // A purchase goes to its customer's first click if that was received before it (in the order
    // received_at, event_time, event_id, as the rollup job sees them), else to its own click.
    db.execute(
        ClickHouseSql.bind(
            "INSERT INTO analytics_attribution_minute (merchant_id, bucket, platform, currency,"
                + " orders, revenue, version) SELECT merchant_id, toStartOfMinute(event_time) AS b,"
                + " if(ft != ? AND fk <= tuple(received_at, event_time, event_id), ft,"
                + " if(first_touch_platform = ?, ?, first_touch_platform)) AS p, currency, count(),"
                + " sum(ifNull(value, toDecimal64(0, 4))), 1 FROM (SELECT * FROM events"
                + " WHERE merchant_id = ? AND event_time >= ? AND event_time < ? AND event_name = ?)"
                + " AS o ANY LEFT JOIN (SELECT customer_key,"
                + " argMin(first_touch_platform, tuple(received_at, event_time, event_id)) AS ft,"
                + " min(tuple(received_at, event_time, event_id)) AS fk FROM events"
                + " WHERE merchant_id = ? AND first_touch_platform != ? AND customer_key != ?"
                + " GROUP BY customer_key) AS f USING customer_key"
                + " GROUP BY merchant_id, b, p, currency",
            "",
            "",
            "direct",
            merchant,
            from,
            to,
            "purchase",
            merchant,
            "",
            ""));
  }

  /**
   * The daily twins of the hourly rows of the UTC days in [from, until), as the job builds them.
   */
  private static void buildDaily(ClickHouseDatabase db, String merchant, long from, long until) {
    for (String table : List.of("events", "deliveries", "issues", "attribution")) {
      String dims =
          switch (table) {
            case "events" -> "event_name, source, currency";
            case "deliveries" -> "event_name, source, platform, status";
            case "issues" -> "source, origin, code, path";
            default -> "platform, currency";
          };
      String measures =
          switch (table) {
            case "events" -> "events, late_events, with_value, revenue, " + FIELD_COLUMNS;
            case "deliveries" -> "deliveries, latency_sum_ms, latency_buckets, " + FIELD_COLUMNS;
            case "issues" -> "issues, example_event_id";
            default -> "orders, revenue";
          };
      List<String> sums = new ArrayList<>();
      for (String measure : measures.split(", ")) {
        sums.add(
            switch (measure) {
              case "latency_buckets" -> "sumForEach(latency_buckets)";
              case "example_event_id" -> "any(example_event_id)";
              default -> "sum(" + measure + ")";
            });
      }
      db.execute(
          ClickHouseSql.bind(
              "INSERT INTO analytics_"
                  + table
                  + "_daily (merchant_id, bucket, "
                  + dims
                  + ", "
                  + measures
                  + ", version) SELECT merchant_id, toStartOfDay(bucket) AS d, "
                  + dims
                  + ", "
                  + String.join(", ", sums)
                  + ", 1 FROM analytics_"
                  + table
                  + "_hourly WHERE merchant_id = ? AND bucket >= ? AND bucket < ?"
                  + " GROUP BY merchant_id, d, "
                  + dims,
              merchant,
              Instant.ofEpochSecond(from),
              Instant.ofEpochSecond(until)));
    }
  }

  /** The hourly twins of the minute rows before {@code until}, as the rollup job builds them. */
  private static void buildHourly(ClickHouseDatabase db, String merchant, long from, long until) {
    Map<String, String> tables = new LinkedHashMap<>();
    tables.put(
        "events",
        "event_name, source, currency | events, late_events, with_value, revenue, "
            + FIELD_COLUMNS);
    tables.put(
        "deliveries",
        "event_name, source, platform, status | deliveries, latency_sum_ms, latency_buckets, "
            + FIELD_COLUMNS);
    tables.put("issues", "source, origin, code, path | issues, example_event_id");
    tables.put("attribution", "platform, currency | orders, revenue");
    for (var table : tables.entrySet()) {
      String[] parts = table.getValue().split(" \\| ");
      List<String> sums = new ArrayList<>();
      for (String measure : parts[1].split(", ")) {
        sums.add(
            switch (measure) {
              case "latency_buckets" -> "sumForEach(latency_buckets)";
              case "example_event_id" -> "any(example_event_id)";
              default -> "sum(" + measure + ")";
            });
      }
      db.execute(
          ClickHouseSql.bind(
              "INSERT INTO analytics_"
                  + table.getKey()
                  + "_hourly (merchant_id, bucket, "
                  + parts[0]
                  + ", "
                  + parts[1]
                  + ", version) SELECT merchant_id, toStartOfHour(bucket) AS h, "
                  + parts[0]
                  + ", "
                  + String.join(", ", sums)
                  + ", 1 FROM analytics_"
                  + table.getKey()
                  + "_minute WHERE merchant_id = ? AND bucket >= ? AND bucket < ?"
                  + " GROUP BY merchant_id, h, "
                  + parts[0],
              merchant,
              Instant.ofEpochSecond(from),
              Instant.ofEpochSecond(until)));
    }
  }

  /**
   * The progress marks the rollup job leaves: hourly rows complete up to two hours before now,
   * daily rows up to that day's start.
   */
  public static void markBuilt(ClickHouseDatabase db, long now) {
    long until = (now / 3600 - 2) * 3600;
    db.execute(
        ClickHouseSql.bind(
            "INSERT INTO analytics_progress (job, built_until, version) VALUES (?, ?, ?), (?, ?, ?)",
            "rollup",
            Instant.ofEpochSecond(until),
            System.currentTimeMillis(),
            "rollup-daily",
            Instant.ofEpochSecond(until / 86_400 * 86_400),
            System.currentTimeMillis()));
  }

  private static Object[] concat(Object[] a, Object[] b) {
    Object[] out = new Object[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
