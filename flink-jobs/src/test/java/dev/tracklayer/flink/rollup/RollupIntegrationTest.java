package dev.tracklayer.flink.rollup;

import static dev.tracklayer.flink.rollup.RollupFixture.delivery;
import static dev.tracklayer.flink.rollup.RollupFixture.event;
import static dev.tracklayer.flink.rollup.RollupFixture.purchase;
import static dev.tracklayer.flink.rollup.RollupFixture.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.analytics.IdentityFields;
import dev.tracklayer.core.clickhouse.ClickHouseSql;
import dev.tracklayer.core.testing.FreePorts;
import dev.tracklayer.flink.pipeline.records.AcceptedEvent;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rollup job on a MiniCluster against real Kafka and ClickHouse, fed the records the pipeline
 * and the gateways write, with clocks the test chooses. Each table's rows, read as the API reads
 * them (last version per key), must equal figures worked out here by hand from the records sent.
 */
class RollupIntegrationTest {
  private static final int METRICS_PORT = FreePorts.next();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(prometheus())
              .build());

  /** The Prometheus reporter of deploy/flink/config.yaml, on a free port. */
  private static Configuration prometheus() {
    Configuration c = new Configuration();
    GlobalConfiguration.loadConfiguration(Path.of("..", "deploy", "flink").toString())
        .toMap()
        .forEach(
            (k, v) -> {
              if (k.startsWith("metrics.reporter.")) {
                c.setString(k, v);
              }
            });
    c.setString("metrics.reporter.prom.port", String.valueOf(METRICS_PORT));
    return c;
  }

  /** A tracklayer counter summed over subtasks. */
  private static double metric(String name) throws Exception {
    String scrape =
        HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + METRICS_PORT + "/"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double sum = 0;
    for (String line : scrape.split("\n")) {
      int brace = line.indexOf('{');
      if (!line.startsWith("#") && brace > 0 && line.substring(0, brace).endsWith("_" + name)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final long MIN = 60_000;
  private static final long SEC = 1_000;

  /** An hour well in the past: nothing here depends on the wall clock. */
  private static final long H = Buckets.hour(System.currentTimeMillis()) - 5 * Buckets.HOUR;

  private static RollupFixture fx;
  private static JobClient job;
  private static final String A = "merchant-a";
  private static final String B = "merchant-b";

  private static long m(int minute) {
    return H + minute * MIN;
  }

  @BeforeAll
  static void start(@InjectMiniCluster MiniCluster cluster) throws Exception {
    fx = new RollupFixture();
    StreamExecutionEnvironment env = new TestStreamEnvironment(cluster, 2);
    RollupJob.configure(env, fx.settings);
    RollupJob.build(env, fx.settings, RollupJob.realSources(fx.settings));
    job = env.executeAsync("rollup-test");
  }

  @AfterAll
  static void stop() throws Exception {
    if (job != null) {
      job.cancel().get();
    }
    fx.close();
  }

  private static String row(long bucket, String... dims) {
    return bucket + "|" + String.join("|", dims);
  }

  private static Map<String, String> values(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /** Numbers compared by value (ClickHouse prints decimals with their scale). */
  private static Map<String, Map<String, String>> normalized(Map<String, Map<String, String>> in) {
    Map<String, Map<String, String>> out = new HashMap<>();
    in.forEach(
        (k, v) -> {
          Map<String, String> n = new HashMap<>();
          v.forEach((c, x) -> n.put(c, number(x)));
          out.put(k, n);
        });
    return out;
  }

  private static String number(String x) {
    try {
      return new BigDecimal(x).stripTrailingZeros().toPlainString();
    } catch (NumberFormatException e) {
      return x;
    }
  }

  private static void assertRows(
      String table, String merchant, Map<String, Map<String, String>> expected) throws Exception {
    List<String> measures = List.copyOf(expected.values().iterator().next().keySet());
    Eventually.eventually(
        WAIT,
        () ->
            assertThat(normalized(fx.rows(table, merchant, measures, false)))
                .as(table + " of " + merchant)
                .isEqualTo(normalized(expected)));
  }

  private static final int EMAIL = IdentityFields.EMAIL.bit();
  private static final int FBP = IdentityFields.FBP.bit();

  @Test
  void countsEachRecordOnceInItsMinuteAndHourPerMerchant() throws Exception {
    // --- what the pipeline and the gateways wrote
    AcceptedEvent view = event(A, "view-1", "page_view", m(1) + 10 * SEC, m(1) + 12 * SEC);
    view.source = "browser";
    view.customerKey = "em:alice";
    view.firstTouchPlatform = "meta";
    view.fields = EMAIL | FBP;
    AcceptedEvent p1 = purchase(A, "p1", "50.00", m(2) + SEC, m(2) + 2 * SEC);
    p1.customerKey = "em:alice"; // first touched on meta, a minute before
    p1.fields = EMAIL;
    p1.warningCodes = List.of("unknown_field");
    p1.warningPaths = List.of("$.user_data.client_ip_address");
    AcceptedEvent p2 = purchase(A, "p2", "20", m(2) + 20 * SEC, m(2) + 21 * SEC);
    p2.firstTouchPlatform = "tiktok"; // no customer: its own first touch
    AcceptedEvent p3 = purchase(A, "p3", null, m(2) + 30 * SEC, m(2) + 31 * SEC);
    p3.customerKey = "em:bob";
    p3.warningCodes = List.of("purchase_without_value");
    p3.warningPaths = List.of("$.value");
    // event_time two hours before it was received: more than L, so it counts when received.
    AcceptedEvent old = event(A, "old-1", "lead", H - 2 * Buckets.HOUR, m(3) + 5 * SEC);
    // The same customer key at another merchant: attribution state never crosses merchants.
    AcceptedEvent other = purchase(B, "b1", "7", m(1) + 5 * SEC, m(1) + 6 * SEC);
    other.customerKey = "em:alice";

    // The browser event first: "first touch" is the first the rollup sees of the customer, and
    // the two reach it through different dedup subtasks, so the test lets it arrive first.
    fx.send(view, other);
    Eventually.eventually(WAIT, () -> assertThat(fx.keys(Tables.EVENTS, A)).isEqualTo(1));
    fx.send(view, p1, p2, p3, old, p1); // duplicates, as a pipeline restart re-sends them
    fx.send(
        delivery(p1, "meta", "QUEUED", m(2) + 3 * SEC, 0),
        delivery(p1, "meta", "DELIVERED", m(2) + 4 * SEC, 1500),
        delivery(p1, "meta", "DELIVERED", m(2) + 4 * SEC, 1500),
        delivery(p2, "tiktok", "RETRY", m(2) + 25 * SEC, 200),
        delivery(p2, "tiktok", "FAILED", m(3) + SEC, 300));
    fx.send(
        rejection(
            A,
            "server",
            "validation_failed",
            m(2) + 5 * SEC,
            "missing_field",
            "$.event_name",
            "invalid_value",
            "$.value"),
        rejection(A, "browser", "invalid_json", m(2) + 6 * SEC));
    // Moves the server clock on, closing minutes 1 to 3.
    fx.send(event("tick", "tick-1", "page_view", m(5), m(5)));

    assertRows(
        Tables.EVENTS,
        A,
        Map.of(
            row(m(1), "page_view", "browser", ""),
            values(
                "events",
                "1",
                "late_events",
                "0",
                "with_value",
                "0",
                "revenue",
                "0",
                "with_email",
                "1",
                "with_fbp",
                "1"),
            row(m(2), "purchase", "server", "USD"),
            values(
                "events",
                "3",
                "late_events",
                "0",
                "with_value",
                "2",
                "revenue",
                "70",
                "with_email",
                "1",
                "with_fbp",
                "0"),
            row(m(3), "lead", "server", ""),
            values(
                "events",
                "1",
                "late_events",
                "1",
                "with_value",
                "0",
                "revenue",
                "0",
                "with_email",
                "0",
                "with_fbp",
                "0")));
    assertRows(
        Tables.DELIVERIES,
        A,
        Map.of(
            row(m(2), "purchase", "server", "meta", "DELIVERED"),
            values(
                "deliveries",
                "1",
                "latency_sum_ms",
                "1500",
                "latency_buckets",
                "[0,0,0,0,1,0,0,0,0,0,0,0]",
                "with_email",
                "1"),
            row(m(3), "purchase", "server", "tiktok", "FAILED"),
            values(
                "deliveries",
                "1",
                "latency_sum_ms",
                "300",
                "latency_buckets",
                "[0,0,1,0,0,0,0,0,0,0,0,0]",
                "with_email",
                "0")));
    assertRows(
        Tables.ISSUES,
        A,
        Map.of(
            row(m(2), "server", "warning", "unknown_field", "$.user_data.client_ip_address"),
            values("issues", "1", "example_event_id", "p1"),
            row(m(2), "server", "warning", "purchase_without_value", "$.value"),
            values("issues", "1", "example_event_id", "p3"),
            row(m(2), "server", "rejected", "missing_field", "$.event_name"),
            values("issues", "1", "example_event_id", ""),
            row(m(2), "server", "rejected", "invalid_value", "$.value"),
            values("issues", "1", "example_event_id", ""),
            row(m(2), "browser", "rejected", "invalid_json", ""),
            values("issues", "1", "example_event_id", "")));
    assertRows(
        Tables.ATTRIBUTION,
        A,
        Map.of(
            row(m(2), "meta", "USD"), values("orders", "1", "revenue", "50"),
            row(m(2), "tiktok", "USD"), values("orders", "1", "revenue", "20"),
            row(m(2), "direct", "USD"), values("orders", "1", "revenue", "0")));
    assertRows(
        Tables.EVENTS,
        B,
        Map.of(
            row(m(1), "purchase", "server", "USD"),
            values("events", "1", "with_value", "1", "revenue", "7")));
    assertRows(
        Tables.ATTRIBUTION,
        B,
        Map.of(row(m(1), "direct", "USD"), values("orders", "1", "revenue", "7")));

    // --- a count shows within seconds (early firing), long before its minute closes
    fx.send(purchase(B, "b2", "3", m(8) + SEC, m(8) + 2 * SEC));
    Eventually.eventually(
        Duration.ofSeconds(5),
        () ->
            assertThat(fx.rows(Tables.EVENTS, B, List.of("events"), false))
                .containsKey(row(m(8), "purchase", "server", "USD")));

    // --- a late event within L: minute 1 closed minutes ago, its row is replaced, not added to
    AcceptedEvent late = event(A, "late-1", "page_view", m(1) + 40 * SEC, m(6) + SEC);
    late.source = "browser";
    fx.send(late);
    fx.send(event("tick", "tick-2", "page_view", m(7), m(7)));
    assertRows(
        Tables.EVENTS,
        A,
        Map.of(
            row(m(1), "page_view", "browser", ""),
            values("events", "2", "late_events", "0", "with_email", "1"),
            row(m(2), "purchase", "server", "USD"),
            values("events", "3", "late_events", "0", "with_email", "1"),
            row(m(3), "lead", "server", ""),
            values("events", "1", "late_events", "1", "with_email", "0")));
    assertThat(fx.keys(Tables.EVENTS, A)).isEqualTo(3);

    // --- the hour closes (its end + L + 1 min on the server clock): ClickHouse builds it
    fx.send(event("tick", "tick-3", "page_view", H + Buckets.HOUR + 15 * MIN, H + 75 * MIN));
    Eventually.eventually(
        WAIT,
        () -> {
          var progress =
              fx.clickHouse.query(
                  "SELECT toUInt64(argMax(built_until, version)) AS t FROM analytics_progress"
                      + " WHERE job = 'rollup'".replace("'rollup'", ClickHouseSql.quote("rollup")));
          assertThat(progress).hasSize(1);
          assertThat(progress.get(0).get("t").asLong() * 1000).isEqualTo(H + Buckets.HOUR);
        });
    for (String table : Tables.ALL) {
      for (String merchant : List.of(A, B)) {
        List<String> measures =
            Tables.measures(table).stream()
                .map(m -> m[0])
                .filter(m -> !m.equals("example_event_id"))
                .toList();
        Map<String, Map<String, String>> minutes = fx.rows(table, merchant, measures, false);
        assertThat(normalized(fx.rows(table, merchant, measures, true)))
            .as("hourly " + table + " of " + merchant)
            .isEqualTo(normalized(sumToHours(minutes)));
      }
    }

    // --- a record later than L on the server clock: its minute closed for good. Not counted,
    // but not silently: the metric says so. The copies dropped above are counted too.
    fx.send(purchase(A, "too-late", "5", H + 50 * MIN, H + 55 * MIN));
    // Counted per row it would have added to: its events row and its attribution row.
    Eventually.eventually(WAIT, () -> assertThat(metric("rollup_too_late")).isEqualTo(2));
    assertThat(fx.rows(Tables.EVENTS, A, List.of("events"), false))
        .doesNotContainKey(row(H + 50 * MIN, "purchase", "server", "USD"));
    assertThat(metric("rollup_duplicate_events")).isEqualTo(2);
    assertThat(metric("rollup_duplicate_deliveries")).isEqualTo(1);

    // --- the UTC day closes (the hour after midnight is built): ClickHouse sums its hours
    long dayEnd =
        Math.floorDiv(H + 2 * Buckets.HOUR, HourlyBuild.DAY) * HourlyBuild.DAY + HourlyBuild.DAY;
    fx.send(event("tick", "tick-4", "page_view", dayEnd + 15 * MIN, dayEnd + 15 * MIN));
    Eventually.eventually(
        WAIT,
        () -> {
          var progress =
              fx.clickHouse.query(
                  ClickHouseSql.bind(
                      "SELECT toUInt64(argMax(built_until, version)) AS t FROM analytics_progress"
                          + " WHERE job = ?",
                      HourlyBuild.DAILY_JOB));
          assertThat(progress).hasSize(1);
          assertThat(progress.get(0).get("t").asLong() * 1000).isEqualTo(dayEnd);
        });
    for (String table : Tables.ALL) {
      for (String merchant : List.of(A, B)) {
        List<String> measures =
            Tables.measures(table).stream()
                .map(m -> m[0])
                .filter(m -> !m.equals("example_event_id"))
                .toList();
        Map<String, Map<String, String>> minutes = fx.rows(table, merchant, measures, false);
        assertThat(normalized(fx.rows(table, merchant, measures, "_daily")))
            .as("daily " + table + " of " + merchant)
            .isEqualTo(normalized(sumTo(minutes, HourlyBuild.DAY)));
      }
    }
    assertThat(fx.rows(Tables.EVENTS, A, List.of("events"), "_daily")).isNotEmpty();
    // Each build is listed before its rows are written, so readers know every rebuilt bucket.
    assertThat(fx.listedBuilds()).containsAll(fx.heldBuilds());
    assertThat(fx.heldBuilds()).anyMatch(b -> b.startsWith("daily "));
  }

  /** The test's own hour sums of minute rows: numbers added, arrays added element by element. */
  private static Map<String, Map<String, String>> sumToHours(
      Map<String, Map<String, String>> minutes) {
    return sumTo(minutes, Buckets.HOUR);
  }

  /** The test's own sums of minute rows per bucket of {@code length} ms (hours, UTC days). */
  private static Map<String, Map<String, String>> sumTo(
      Map<String, Map<String, String>> minutes, long length) {
    Map<String, Map<String, String>> out = new HashMap<>();
    minutes.forEach(
        (key, values) -> {
          int bar = key.indexOf('|');
          long hour = Math.floorDiv(Long.parseLong(key.substring(0, bar)), length) * length;
          String hourKey = hour + key.substring(bar);
          Map<String, String> sum = out.computeIfAbsent(hourKey, k -> new HashMap<>());
          values.forEach((c, v) -> sum.merge(c, v, RollupIntegrationTest::add));
        });
    return out;
  }

  private static String add(String a, String b) {
    if (a.startsWith("[")) {
      String[] x = a.substring(1, a.length() - 1).split(",");
      String[] y = b.substring(1, b.length() - 1).split(",");
      StringBuilder s = new StringBuilder("[");
      for (int i = 0; i < x.length; i++) {
        s.append(i == 0 ? "" : ",").append(Long.parseLong(x[i]) + Long.parseLong(y[i]));
      }
      return s.append(']').toString();
    }
    return new BigDecimal(a).add(new BigDecimal(b)).toPlainString();
  }
}
