package dev.tracklayer.api.bench;

import dev.tracklayer.api.support.Tokens;
import dev.tracklayer.core.analytics.IdentityFields;
import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.clickhouse.ClickHouseMigrations;
import dev.tracklayer.core.clickhouse.ClickHouseSettings;
import dev.tracklayer.core.clickhouse.ClickHouseSql;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.testing.ClickHouseTestServer;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * tools/bench/analytics: one merchant with 10 M events over 90 days and 100 smaller ones, their
 * rollups as the rollup job leaves them (minute rows for the last hours, hourly rows before), then
 * p50/p95/p99 of every {@code /v1/analytics} endpoint for every range of the big merchant.
 *
 * <p>The rows are generated inside ClickHouse ({@code numbers()}), not sent through the pipeline:
 * what is measured is how the endpoints read, and 10 M events through the pipeline would take this
 * box an hour. The rollups are summed from the generated events with the rollup tables' meaning
 * (docs/analytics.md), one firing per key.
 */
public final class AnalyticsBenchmark {
  private static final List<String> RANGES = List.of("24h", "7d", "30d", "90d");
  private static final List<String> ENDPOINTS =
      List.of(
          "overview",
          "volume",
          "coverage",
          "quality",
          "funnel",
          "funnel?by=customer",
          "revenue-attribution");
  private static final String FIELD_SUMS =
      IdentityFields.ALL.stream()
          .map(f -> "sum(has_" + f.name().toLowerCase(Locale.ROOT) + ")")
          .collect(Collectors.joining(", "));
  private static final String FIELD_COLUMNS =
      IdentityFields.ALL.stream().map(IdentityFields::column).collect(Collectors.joining(", "));

  private AnalyticsBenchmark() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = parse(argv);
    long events = Long.parseLong(args.getOrDefault("events", "10000000"));
    int smallMerchants = Integer.parseInt(args.getOrDefault("merchants", "100"));
    long smallEvents = Long.parseLong(args.getOrDefault("small-events", "20000"));
    int requests = Integer.parseInt(args.getOrDefault("requests", "100"));
    String apiUrl = args.get("api-url");
    String secret = args.getOrDefault("jwt-secret", System.getenv("TRACKLAYER_JWT_SECRET"));
    ConfigurableApplicationContext app = null;
    ClickHouseSettings clickhouse;
    if (apiUrl == null) {
      secret = Tokens.SECRET;
      clickhouse =
          new ClickHouseSettings(ClickHouseTestServer.shared().url(), "bench", "default", "");
      app = BenchSupport.startGateway(clickhouse, secret);
      apiUrl = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
      System.out.println("api-gateway started in-process at " + apiUrl);
    } else {
      if (secret == null) {
        throw new IllegalArgumentException("--jwt-secret or TRACKLAYER_JWT_SECRET is required");
      }
      clickhouse =
          new ClickHouseSettings(
              args.getOrDefault("clickhouse-url", "http://127.0.0.1:8123"),
              args.getOrDefault("clickhouse-database", "tracklayer"),
              "default",
              "");
    }
    try (ClickHouseDatabase db = new ClickHouseDatabase(clickhouse, Json.newMapper())) {
      ClickHouseMigrations.apply(db);
      HttpClient http = BenchSupport.http();
      long now = Instant.now().getEpochSecond();
      String token = Tokens.valid("bench-" + UUID.randomUUID(), secret);
      String big = merchantOf(http, apiUrl, token);
      long started = System.nanoTime();
      System.out.printf(Locale.ROOT, "loading %,d events for merchant %s%n", events, big);
      load(db, big, events, now, 1);
      for (int i = 0; i < smallMerchants; i++) {
        String small = merchantOf(http, apiUrl, Tokens.valid("bench-" + UUID.randomUUID(), secret));
        load(db, small, smallEvents, now, i + 2);
      }
      long built = (now / 3600 - 2) * 3600;
      db.execute(
          ClickHouseSql.bind(
              "INSERT INTO analytics_progress (job, built_until, version) VALUES (?, ?, ?)",
              "rollup",
              Instant.ofEpochSecond(built),
              System.currentTimeMillis()));
      System.out.printf(
          Locale.ROOT,
          "loaded %,d + %d x %,d events and their rollups in %.1f s%n",
          events,
          smallMerchants,
          smallEvents,
          (System.nanoTime() - started) / 1e9);
      for (String table : List.of("events", "analytics_deliveries_minute")) {
        BenchSupport.awaitMerges(db, table);
      }
      for (String table : List.of("minute", "hourly")) {
        System.out.println(
            "analytics_deliveries_"
                + table
                + " rows: "
                + db.query("SELECT count() AS n FROM analytics_deliveries_" + table)
                    .get(0)
                    .get("n")
                    .asText());
      }

      System.out.println("load average before: " + BenchSupport.loadAverage());
      BenchSupport.header(requests);
      double worst = 0;
      String worstLabel = "";
      for (String endpoint : ENDPOINTS) {
        for (String range : RANGES) {
          String path =
              "/v1/analytics/" + endpoint + (endpoint.contains("?") ? "&" : "?") + "range=" + range;
          double p95 = BenchSupport.time(http, apiUrl, token, path, requests, i -> path);
          if (p95 > worst) {
            worst = p95;
            worstLabel = path;
          }
        }
      }
      System.out.println("load average after: " + BenchSupport.loadAverage());
      System.out.printf(
          Locale.ROOT, "%nslowest p95: %.1f ms (%s); goal < 100 ms%n", worst, worstLabel);
    } finally {
      if (app != null) {
        app.close();
      }
    }
    System.exit(0);
  }

  private static String merchantOf(HttpClient http, String apiUrl, String token) throws Exception {
    return Json.readTree(BenchSupport.call(http, apiUrl + "/v1/account", token).body())
        .get("merchant_id")
        .asText();
  }

  /**
   * {@code n} events spread evenly over the last 90 days (half page views, 4 % purchases with a
   * value, 40 % with an email that is also the customer, 30 % with a first-touch click, 5 % with a
   * warning), one to three final deliveries each, and the minute and hourly rollups of them.
   */
  static void load(ClickHouseDatabase db, String merchant, long n, long now, int seed) {
    long span = 90L * 86_400;
    db.execute(
        ClickHouseSql.bind(
            "INSERT INTO events (merchant_id, event_id, event_name, source, event_time,"
                + " received_at, value, currency, has_email, has_phone, has_external_id, has_ip,"
                + " has_user_agent, has_fbp, has_fbc, has_click_id, payload, version,"
                + " first_touch_platform, warning_codes, warning_paths, customer_key)"
                + " SELECT ?, concat(?, toString(number)),"
                + " multiIf(h % 100 < 50, ?, h % 100 < 70, ?, h % 100 < 82, ?, h % 100 < 89, ?,"
                + " h % 100 < 93, ?, h % 100 < 97, ?, ?) AS name,"
                + " if(h % 3 = 0, ?, ?), toDateTime(? - intDiv(number * ?, ?)) AS t, t + h % 3,"
                + " if(name = ?, toDecimal64(h % 50000, 4) / 100, NULL), if(name = ?, ?, ?),"
                + " intDiv(h, 100) % 10 < 4 AS email, intDiv(h, 1000) % 10 < 2,"
                + " intDiv(h, 1000) % 10 < 1, 1, 1, h % 3 = 0, intDiv(h, 10000) % 10 < 3,"
                + " intDiv(h, 10000) % 10 < 3, ?, 1,"
                + " if(intDiv(h, 10000) % 10 < 3, multiIf(h % 7 < 3, ?, h % 7 < 5, ?, ?), ?),"
                + " if(intDiv(h, 100000) % 20 = 0, [?], emptyArrayString()),"
                + " if(intDiv(h, 100000) % 20 = 0, [?], emptyArrayString()),"
                + " if(email, concat(?, toString(intDiv(h, 1000000) % 200000)), ?)"
                + " FROM (SELECT number, cityHash64(number, ?) AS h FROM numbers(?))",
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
            n));
    db.execute(
        ClickHouseSql.bind(
            "INSERT INTO analytics_events_minute (merchant_id, bucket, event_name, source,"
                + " currency, events, late_events, with_value, revenue, "
                + FIELD_COLUMNS
                + ", version) SELECT merchant_id, toStartOfMinute(event_time) AS b, event_name,"
                + " source, currency, count(), 0, countIf(isNotNull(value)),"
                + " sum(ifNull(value, toDecimal64(0, 4))), "
                + FIELD_SUMS
                + ", 1 FROM events WHERE merchant_id = ?"
                + " GROUP BY merchant_id, b, event_name, source, currency",
            merchant));
    db.execute(
        ClickHouseSql.bind(
            "INSERT INTO analytics_deliveries_minute (merchant_id, bucket, event_name, source,"
                + " platform, status, deliveries, latency_sum_ms, latency_buckets, "
                + FIELD_COLUMNS
                + ", version) SELECT merchant_id, toStartOfMinute(event_time) AS b, event_name,"
                + " source, p, status, count(), sum(lat),"
                + " sumForEach(arrayMap(i -> toUInt64(i = if(lat <= 100, 0, if(lat <= 250, 1, 2))),"
                + " range(12))), "
                + FIELD_SUMS
                + ", 1 FROM (SELECT *, platform AS p, cityHash64(event_id, platform) AS d,"
                + " multiIf(d % 100 < 90, ?, d % 100 < 95, ?, d % 100 < 97, ?, ?) AS status,"
                + " 80 + d % 400 AS lat FROM events ARRAY JOIN [?, ?, ?] AS platform"
                + " WHERE merchant_id = ? AND (platform = ? OR cityHash64(event_id) % 3 = 0))"
                + " GROUP BY merchant_id, b, event_name, source, p, status",
            "DELIVERED",
            "FAILED",
            "ERROR",
            "SKIPPED",
            "meta",
            "tiktok",
            "google_ads",
            merchant,
            "meta"));
    db.execute(
        ClickHouseSql.bind(
            "INSERT INTO analytics_issues_minute (merchant_id, bucket, source, origin, code, path,"
                + " issues, example_event_id, version) SELECT merchant_id,"
                + " toStartOfMinute(event_time) AS b, source, ?, code, path, count(), any(event_id),"
                + " 1 FROM events ARRAY JOIN warning_codes AS code, warning_paths AS path"
                + " WHERE merchant_id = ? GROUP BY merchant_id, b, source, code, path",
            "warning",
            merchant));
    db.execute(
        ClickHouseSql.bind(
            "INSERT INTO analytics_attribution_minute (merchant_id, bucket, platform, currency,"
                + " orders, revenue, version) SELECT merchant_id, toStartOfMinute(event_time) AS b,"
                + " if(first_touch_platform = ?, ?, first_touch_platform) AS p, currency, count(),"
                + " sum(ifNull(value, toDecimal64(0, 4))), 1 FROM events"
                + " WHERE merchant_id = ? AND event_name = ? GROUP BY merchant_id, b, p, currency",
            "",
            "direct",
            merchant,
            "purchase"));
    buildHourly(db, merchant, (now / 3600 - 2) * 3600);
  }

  /** The hourly twins of the minute rows before {@code until}, as the rollup job builds them. */
  private static void buildHourly(ClickHouseDatabase db, String merchant, long until) {
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
                  + "_minute WHERE merchant_id = ? AND bucket < ? GROUP BY merchant_id, h, "
                  + parts[0],
              merchant,
              Instant.ofEpochSecond(until)));
    }
  }

  private static Map<String, String> parse(String[] argv) {
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
        throw new IllegalArgumentException(
            "usage: tools/bench/analytics [--events N] [--merchants N] [--small-events N]"
                + " [--requests N] [--api-url URL --jwt-secret S --clickhouse-url URL"
                + " --clickhouse-database DB]");
      }
      args.put(argv[i].substring(2), argv[++i]);
    }
    return args;
  }
}
