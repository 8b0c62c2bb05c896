package dev.tracklayer.api.bench;

import dev.tracklayer.api.support.AnalyticsSeed;
import dev.tracklayer.api.support.Tokens;
import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.clickhouse.ClickHouseMigrations;
import dev.tracklayer.core.clickhouse.ClickHouseSettings;
import dev.tracklayer.core.clickhouse.ClickHouseSql;
import dev.tracklayer.core.event.Json;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

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

  private AnalyticsBenchmark() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = parse(argv);
    long events = Long.parseLong(args.getOrDefault("events", "10000000"));
    int smallMerchants = Integer.parseInt(args.getOrDefault("merchants", "100"));
    long smallEvents = Long.parseLong(args.getOrDefault("small-events", "20000"));
    int requests = Integer.parseInt(args.getOrDefault("requests", "100"));
    BenchSupport.Target target = BenchSupport.target(args);
    String apiUrl = target.apiUrl();
    String secret = target.secret();
    ClickHouseSettings clickhouse = target.clickhouse();
    try (ClickHouseDatabase db = new ClickHouseDatabase(clickhouse, Json.newMapper())) {
      ClickHouseMigrations.apply(db);
      HttpClient http = BenchSupport.http();
      String sub = "bench-" + UUID.randomUUID();
      String token = Tokens.valid(sub, secret);
      String loaded = args.get("merchant");
      if (loaded != null) {
        // The data of an earlier run on the same --clickhouse-url: measure it again, unloaded.
        adopt(target, sub, loaded);
      } else {
        load(
            db, merchantOf(http, apiUrl, token), events, smallMerchants, smallEvents, http, target);
      }
      measure(http, apiUrl, token, requests);
    } finally {
      target.close();
    }
    System.exit(0);
  }

  /** 10 M events (by default) for {@code big}, and fewer for each of the small merchants. */
  private static void load(
      ClickHouseDatabase db,
      String big,
      long events,
      int smallMerchants,
      long smallEvents,
      HttpClient http,
      BenchSupport.Target target)
      throws Exception {
    String apiUrl = target.apiUrl();
    String secret = target.secret();
    long now = Instant.now().getEpochSecond();
    long started = System.nanoTime();
    System.out.printf(Locale.ROOT, "loading %,d events for merchant %s%n", events, big);
    AnalyticsSeed.load(db, big, events, now, 1);
    for (int i = 0; i < smallMerchants; i++) {
      String small = merchantOf(http, apiUrl, Tokens.valid("bench-" + UUID.randomUUID(), secret));
      AnalyticsSeed.load(db, small, smallEvents, now, i + 2);
    }
    AnalyticsSeed.markBuilt(db, now);
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
    for (String table :
        List.of(
            "analytics_events_hourly",
            "analytics_deliveries_hourly",
            "analytics_events_daily",
            "analytics_deliveries_daily",
            "analytics_funnel_customers")) {
      System.out.println(
          table
              + " parts: "
              + db.query(
                      ClickHouseSql.bind(
                          "SELECT count() AS n FROM system.parts WHERE active AND table = ?",
                          table))
                  .get(0)
                  .get("n")
                  .asText());
    }
    for (String table : List.of("minute", "hourly", "daily")) {
      System.out.println(
          "analytics_deliveries_"
              + table
              + " rows: "
              + db.query("SELECT count() AS n FROM analytics_deliveries_" + table)
                  .get(0)
                  .get("n")
                  .asText());
    }
  }

  /** Times every endpoint for every range and prints the figures. */
  private static void measure(HttpClient http, String apiUrl, String token, int requests)
      throws Exception {
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
  }

  /** Links a new subject to the merchant whose rows an earlier run loaded. */
  private static void adopt(BenchSupport.Target target, String sub, String merchant) {
    if (target.app() == null) {
      throw new IllegalArgumentException("--merchant needs the in-process gateway");
    }
    JdbcClient jdbc = target.app().getBean(JdbcClient.class);
    UUID id = UUID.fromString(merchant);
    jdbc.sql("INSERT INTO merchants (id, email) VALUES (:id, 'bench@example.com')")
        .param("id", id)
        .update();
    jdbc.sql(
            "INSERT INTO merchant_users (sub, merchant_id, email) VALUES (:sub, :id, 'bench@example.com')")
        .param("sub", sub)
        .param("id", id)
        .update();
  }

  private static String merchantOf(HttpClient http, String apiUrl, String token) throws Exception {
    return Json.readTree(BenchSupport.call(http, apiUrl + "/v1/account", token).body())
        .get("merchant_id")
        .asText();
  }

  private static Map<String, String> parse(String[] argv) {
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
        throw new IllegalArgumentException(
            "usage: tools/bench/analytics [--events N] [--merchants N] [--small-events N]"
                + " [--merchant ID (with --clickhouse-url: measure an earlier run's data)]"
                + " [--requests N] [--api-url URL --jwt-secret S --clickhouse-url URL"
                + " --clickhouse-database DB]");
      }
      args.put(argv[i].substring(2), argv[++i]);
    }
    return args;
  }
}
