package dev.tracklayer.api.bench;

import dev.tracklayer.api.support.Tokens;
import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.clickhouse.ClickHouseMigrations;
import dev.tracklayer.core.clickhouse.ClickHouseSettings;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.identity.Sha256;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * tools/bench/api: loads generated events with their deliveries into ClickHouse for one merchant
 * and prints the latency of the dashboard's event queries through a running api-gateway.
 *
 * <p>Without {@code --api-url} it brings its own: a clickhouse-server and an embedded PostgreSQL on
 * free ports and the api-gateway in this JVM on a free port. With {@code --api-url}, {@code
 * --clickhouse-url}, {@code --clickhouse-database} and {@code --jwt-secret} it loads into that
 * gateway's database under a new merchant of its own.
 */
public final class ApiBenchmark {
  private static final DateTimeFormatter DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final String[] NAMES = {
    "page_view", "view_item", "add_to_cart", "begin_checkout", "purchase", "lead"
  };
  private static final double[] NAME_WEIGHTS = {0.50, 0.20, 0.15, 0.08, 0.05, 0.02};
  private static final String[] SOURCES = {"browser", "server", "app"};
  private static final int BATCH = 50_000;

  private ApiBenchmark() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = parse(argv);
    int events = Integer.parseInt(args.getOrDefault("events", "1000000"));
    int requests = Integer.parseInt(args.getOrDefault("requests", "200"));
    BenchSupport.Target target = BenchSupport.target(args);
    String apiUrl = target.apiUrl();
    String secret = target.secret();
    ClickHouseSettings clickhouse = target.clickhouse();
    try (ClickHouseDatabase db = new ClickHouseDatabase(clickhouse, Json.newMapper())) {
      ClickHouseMigrations.apply(db);
      HttpClient http = BenchSupport.http();
      String token = Tokens.valid("bench-" + UUID.randomUUID(), secret);
      String merchant =
          Json.readTree(BenchSupport.call(http, apiUrl + "/v1/account", token).body())
              .get("merchant_id")
              .asText();
      System.out.printf(Locale.ROOT, "loading %,d events for merchant %s%n", events, merchant);
      Loaded loaded = load(db, merchant, events);
      System.out.printf(
          Locale.ROOT,
          "loaded %,d events and %,d delivery rows in %.1f s%n",
          events,
          loaded.deliveryRows,
          loaded.seconds);

      BenchSupport.awaitMerges(db, "events");
      if (args.containsKey("hold")) {
        // For looking at the data and trying queries by hand; stop with Ctrl-C.
        System.out.println(
            "holding: ClickHouse "
                + clickhouse.url()
                + " database "
                + clickhouse.database()
                + ", api "
                + apiUrl
                + ", merchant "
                + merchant
                + ", token "
                + token);
        Thread.sleep(Long.parseLong(args.get("hold")) * 1000);
        return;
      }
      SplittableRandom random = new SplittableRandom(7);
      Map<String, IntFunction<String>> scenarios = new LinkedHashMap<>();
      long weekAgo = Instant.now().minus(Duration.ofDays(7)).getEpochSecond();
      scenarios.put("first page         GET /v1/events?limit=50", i -> "/v1/events?limit=50");
      scenarios.put(
          "filtered page      event_name=purchase&source=server",
          i -> "/v1/events?event_name=purchase&source=server&limit=50");
      scenarios.put(
          "filtered page      platform=tiktok&start=<7 days ago>",
          i -> "/v1/events?platform=tiktok&limit=50&start=" + weekAgo);
      scenarios.put(
          "filtered page      event_name=purchase&status=FAILED",
          i -> "/v1/events?event_name=purchase&status=FAILED&limit=50");
      scenarios.put("filtered page      status=RETRY", i -> "/v1/events?status=RETRY&limit=50");
      scenarios.put("page 20            offset=1000", i -> "/v1/events?limit=50&offset=1000");
      scenarios.put(
          "search (email)     search=<address>",
          i ->
              "/v1/events?search="
                  + URLEncoder.encode(
                      "user" + random.nextInt(loaded.emails) + "@example.com",
                      StandardCharsets.UTF_8));
      scenarios.put(
          "search (order id)  search=<order id>",
          i -> "/v1/events?search=" + loaded.orders.get(random.nextInt(loaded.orders.size())));
      scenarios.put(
          "detail             GET /v1/events/:id", i -> "/v1/events/evt-" + random.nextInt(events));

      // The box is shared: the load around the run says how much of a figure is someone else's.
      System.out.println("load average before: " + BenchSupport.loadAverage());
      BenchSupport.header(requests);
      for (var scenario : scenarios.entrySet()) {
        BenchSupport.time(http, apiUrl, token, scenario.getKey(), requests, scenario.getValue());
      }
      System.out.println("load average after: " + BenchSupport.loadAverage());
    } finally {
      target.close();
    }
    System.exit(0);
  }

  record Loaded(long deliveryRows, int emails, List<String> orders, double seconds) {}

  /**
   * Events over the last 90 days with a realistic mix: half page views, 5 % purchases with values
   * and order ids, 40 % with an email (200,000 distinct), and one to three deliveries each (QUEUED
   * then the final state, as the pipeline writes them; still QUEUED or RETRY only in the last
   * hour).
   */
  static Loaded load(ClickHouseDatabase db, String merchant, int n) {
    long started = System.nanoTime();
    SplittableRandom random = new SplittableRandom(42);
    int emails = 200_000;
    long now = Instant.now().getEpochSecond();
    long deliveryRows = 0;
    List<String> orders = new ArrayList<>();
    List<Map<String, Object>> events = new ArrayList<>(BATCH);
    List<Map<String, Object>> deliveries = new ArrayList<>(BATCH * 4);
    for (int i = 0; i < n; i++) {
      long time = now - random.nextLong(90L * 86_400);
      String name = pick(random);
      String id = "evt-" + i;
      String source = SOURCES[random.nextInt(SOURCES.length)];
      boolean purchase = name.equals("purchase");
      BigDecimal value = purchase ? BigDecimal.valueOf(random.nextInt(100, 50_000), 2) : null;
      String orderId = purchase ? "ord-" + i : "";
      if (purchase && orders.size() < 1000) {
        orders.add(orderId);
      }
      String email =
          random.nextInt(10) < 4 ? "user" + random.nextInt(emails) + "@example.com" : null;
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("merchant_id", merchant);
      e.put("event_id", id);
      e.put("event_name", name);
      e.put("source", source);
      e.put("event_time", DATETIME.format(Instant.ofEpochSecond(time)));
      e.put("received_at", DATETIME.format(Instant.ofEpochSecond(time + random.nextInt(3))));
      e.put("value", value);
      e.put("currency", purchase ? "USD" : "");
      e.put("order_id", orderId);
      e.put("event_source_url", "https://shop.example.com/p/" + (i % 5000));
      e.put("email_sha256", email == null ? "" : Sha256.hex(email));
      e.put("country", "us");
      e.put("has_email", email == null ? 0 : 1);
      e.put("api_key_id", "");
      e.put("replay_of", "");
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("event_id", id);
      payload.put("event_name", name);
      payload.put("event_time", time);
      payload.put("merchant_id", merchant);
      payload.put("source", source);
      if (value != null) {
        payload.put("value", value);
        payload.put("currency", "USD");
        payload.put("order_id", orderId);
      }
      if (email != null) {
        payload.put("user_data", Map.of("email", email));
      }
      e.put("payload", Json.toJson(payload));
      e.put("version", 1);
      events.add(e);
      for (String platform : platforms(random)) {
        String status = status(random);
        // QUEUED and RETRY are in-flight states: they last the pipeline's retry window, so only
        // the last hour's events are still in them.
        if (now - time > 3_600 && (status.equals("QUEUED") || status.equals("RETRY"))) {
          status = "DELIVERED";
        }
        deliveries.add(delivery(merchant, id, name, time, platform, "QUEUED", 0, 0, "", 1));
        deliveryRows++;
        if (!status.equals("QUEUED")) {
          int attempts = status.equals("ERROR") ? 5 : status.equals("SKIPPED") ? 0 : 1;
          int httpStatus =
              switch (status) {
                case "DELIVERED" -> 200;
                case "FAILED" -> 400;
                case "RETRY", "ERROR" -> 503;
                default -> 0;
              };
          deliveries.add(
              delivery(
                  merchant,
                  id,
                  name,
                  time,
                  platform,
                  status,
                  attempts,
                  httpStatus,
                  status.equals("DELIVERED") ? "" : "platform said no",
                  2));
          deliveryRows++;
        }
      }
      if (events.size() == BATCH) {
        db.insert("events", events);
        db.insert("deliveries", deliveries);
        events.clear();
        deliveries.clear();
        if ((i + 1) % 200_000 == 0) {
          System.out.printf(Locale.ROOT, "  %,d events%n", i + 1);
        }
      }
    }
    db.insert("events", events);
    db.insert("deliveries", deliveries);
    return new Loaded(deliveryRows, emails, orders, (System.nanoTime() - started) / 1e9);
  }

  private static Map<String, Object> delivery(
      String merchant,
      String id,
      String name,
      long time,
      String platform,
      String status,
      int attempts,
      int httpStatus,
      String error,
      long version) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("merchant_id", merchant);
    d.put("event_id", id);
    d.put("event_name", name);
    d.put("event_date", DATE.format(Instant.ofEpochSecond(time)));
    d.put("platform", platform);
    d.put("connection_id", "conn-" + platform);
    d.put("status", status);
    d.put("attempts", attempts);
    d.put("http_status", httpStatus);
    d.put("error", error);
    d.put("latency_ms", 80 + version * 40);
    d.put("value", null);
    d.put("received_at", DATETIME.format(Instant.ofEpochSecond(time)));
    d.put("updated_at", DATETIME.format(Instant.ofEpochSecond(time + version)));
    d.put("version", version);
    return d;
  }

  private static String pick(SplittableRandom random) {
    double r = random.nextDouble();
    for (int i = 0; i < NAMES.length; i++) {
      r -= NAME_WEIGHTS[i];
      if (r < 0) {
        return NAMES[i];
      }
    }
    return NAMES[0];
  }

  private static List<String> platforms(SplittableRandom random) {
    List<String> out = new ArrayList<>(3);
    out.add("meta");
    if (random.nextBoolean()) {
      out.add("tiktok");
    }
    if (random.nextInt(10) < 3) {
      out.add("ga4");
    }
    return out;
  }

  private static String status(SplittableRandom random) {
    int r = random.nextInt(100);
    if (r < 88) {
      return "DELIVERED";
    }
    if (r < 92) {
      return "FAILED";
    }
    if (r < 93) {
      return "RETRY";
    }
    if (r < 94) {
      return "ERROR";
    }
    if (r < 95) {
      return "QUEUED";
    }
    return "SKIPPED";
  }

  private static Map<String, String> parse(String[] argv) {
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
        throw new IllegalArgumentException(
            "usage: tools/bench/api [--events N] [--requests N] [--api-url URL --jwt-secret S"
                + " --clickhouse-url URL --clickhouse-database DB]");
      }
      args.put(argv[i].substring(2), argv[++i]);
    }
    return args;
  }
}
