package dev.tracklayer.flink.pipeline;

import static dev.tracklayer.flink.pipeline.Eventually.eventually;
import static dev.tracklayer.flink.pipeline.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.clickhouse.ClickHouseSql;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.quality.Warning;
import dev.tracklayer.core.testing.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * The whole job on a Flink MiniCluster against a real Kafka broker, PostgreSQL, ClickHouse, and
 * local servers that check requests the way the platforms do.
 */
class PipelineIntegrationTest {
  private static final int METRICS_PORT = FreePorts.next();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(deployedMetricsReporter())
              .build());

  /**
   * The metrics reporter of deploy/flink/config.yaml (what ./tracklayer up runs), on a free port.
   */
  private static Configuration deployedMetricsReporter() {
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

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Map<String, String> META =
      Map.of("pixel_id", "123456", "access_token", "EAAB-meta-token");
  private static final Map<String, String> TIKTOK =
      Map.of("pixel_code", "CABC123", "access_token", "tt-token");
  private static final Map<String, String> SNAPCHAT =
      Map.of("pixel_id", "snap-pixel-1", "access_token", "snap-token");

  private static PipelineFixture fx;
  private static JobClient job;
  private static String shop;
  private static String ruled;

  @BeforeAll
  static void start(@InjectMiniCluster MiniCluster cluster) throws Exception {
    fx = new PipelineFixture();
    shop = fx.merchant(Map.of("meta", META, "tiktok", TIKTOK, "snapchat", SNAPCHAT), List.of());
    ruled =
        fx.merchant(
            Map.of("meta", META, "tiktok", TIKTOK),
            List.<String[]>of(
                new String[] {"{\"event_names\":[\"purchase\"],\"min_value\":100}", "{meta}"}));
    // On the extension's cluster: outside a test method getExecutionEnvironment() would start a
    // local cluster of its own, without the extension's configuration.
    StreamExecutionEnvironment env = new TestStreamEnvironment(cluster, 2);
    PipelineJob.configure(env, fx.settings);
    PipelineJob.build(
        env, fx.settings, PipelineJob.realSources(fx.settings), PipelineJob.realSinks(fx.settings));
    job = env.executeAsync("pipeline-test");
  }

  @AfterAll
  static void stop() throws Exception {
    if (job != null) {
      job.cancel().get();
    }
    fx.close();
  }

  private static com.fasterxml.jackson.databind.JsonNode tree(String json) {
    try {
      return dev.tracklayer.core.event.Json.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long received(String platform, String eventId) {
    return fx.platforms.receivedIds(platform).stream().filter(eventId::equals).count();
  }

  @Test
  void eachUniqueEventReachesEveryConnectedPlatformOnce() throws Exception {
    TrackEvent e1 = event(shop, "order-1001", "purchase");
    TrackEvent e2 = event(shop, "lead-1002", "lead");
    fx.send(e1, e1, e2, e1);

    eventually(
        WAIT,
        () -> {
          for (String p : List.of("meta", "tiktok", "snapchat")) {
            assertThat(received(p, "order-1001")).as(p).isEqualTo(1);
            assertThat(received(p, "lead-1002")).as(p).isEqualTo(1);
          }
          var rows = fx.deliveries(shop, "order-1001");
          assertThat(rows.keySet()).containsExactlyInAnyOrder("meta", "tiktok", "snapchat");
          rows.values().forEach(r -> assertThat(r.get("status").asText()).isEqualTo("DELIVERED"));
          assertThat(rows.get("meta").get("http_status").asInt()).isEqualTo(200);
          assertThat(fx.eventRows(shop)).isGreaterThanOrEqualTo(2);
        });
    // Nothing more arrives later: the duplicates were dropped, not delayed.
    Thread.sleep(1500);
    assertThat(received("meta", "order-1001")).isEqualTo(1);
    // Answered within the state hold: no QUEUED state was written for it, only the final one.
    assertThat(fx.history(shop, "order-1001", "meta")).containsExactly("DELIVERED");
  }

  /**
   * docs/analytics.md: each unique event once on events.accepted (the rollup's input, so a
   * duplicate the pipeline dropped is never counted), with its customer key; the events row carries
   * the same key; delivery results carry the event's source, time and identity fields.
   */
  @Test
  void uniqueEventsArePublishedOnceForTheRollupWithTheirCustomerKey() throws Exception {
    TrackEvent e = event(shop, "accepted-1", "purchase");
    e.userData.customerId = " Customer-42 ";
    fx.send(e, e, e);
    String key =
        "ext:" + dev.tracklayer.core.identity.Sha256.hex("customer-42"); // trimmed, lowercased

    eventually(
        WAIT,
        () -> {
          var rows =
              fx.clickHouse.query(
                  ClickHouseSql.bind(
                      "SELECT customer_key FROM events FINAL WHERE merchant_id = ? AND event_id = ?",
                      shop,
                      "accepted-1"));
          assertThat(rows).hasSize(1);
          assertThat(rows.get(0).get("customer_key").asText()).isEqualTo(key);
          assertThat(fx.deliveries(shop, "accepted-1")).containsKey("meta");
        });
    var accepted =
        fx.readTopic("events.accepted", Integer.MAX_VALUE, 3_000).stream()
            .map(PipelineIntegrationTest::tree)
            .filter(r -> "accepted-1".equals(r.get("event_id").asText()))
            .toList();
    assertThat(accepted).hasSize(1);
    var a = accepted.get(0);
    assertThat(a.get("merchant_id").asText()).isEqualTo(shop);
    assertThat(a.get("customer_key").asText()).isEqualTo(key);
    assertThat(a.get("value").decimalValue()).isEqualByComparingTo("129.99");
    assertThat(a.get("currency").asText()).isEqualTo("USD");
    assertThat(a.get("event_time").asLong()).isEqualTo(e.eventTime);
    assertThat(a.get("received_at").asLong()).isEqualTo(e.receivedAt);
    int fields = a.get("fields").asInt();
    assertThat(dev.tracklayer.core.analytics.IdentityFields.EMAIL.in(fields)).isTrue();
    assertThat(dev.tracklayer.core.analytics.IdentityFields.EXTERNAL_ID.in(fields)).isTrue();
    assertThat(dev.tracklayer.core.analytics.IdentityFields.FBP.in(fields)).isFalse();
    assertThat(a.has("payload")).isFalse();
    assertThat(a.toString()).doesNotContain("John_Smith");

    var results =
        fx.readTopic("deliveries.results", Integer.MAX_VALUE, 3_000).stream()
            .map(PipelineIntegrationTest::tree)
            .filter(r -> "accepted-1".equals(r.get("event_id").asText()))
            .toList();
    assertThat(results).isNotEmpty();
    results.forEach(
        r -> {
          assertThat(r.get("source").asText()).isEqualTo("server");
          assertThat(r.get("event_time").asLong()).isEqualTo(e.eventTime);
          assertThat(r.get("fields").asInt()).isEqualTo(fields);
        });
  }

  /** The gateway's warnings (docs/ingest.md "Quality signals") land in the events row. */
  @Test
  void theGatewaysWarningsReachTheEventsRow() throws Exception {
    TrackEvent warned = event(shop, "warned-1", "purchase");
    warned.warnings =
        List.of(
            new Warning(Warning.UNKNOWN_FIELD, "$.user_data.client_ip_address"),
            new Warning(Warning.PURCHASE_WITHOUT_VALUE, "$.value"));
    TrackEvent clean = event(shop, "clean-1", "lead");
    fx.send(warned, clean);

    eventually(
        WAIT,
        () -> {
          assertThat(fx.eventWarnings(shop, "warned-1"))
              .containsExactly(
                  "unknown_field $.user_data.client_ip_address", "purchase_without_value $.value");
          assertThat(fx.eventRows(shop)).isPositive();
        });
    eventually(
        WAIT,
        () ->
            assertThat(
                    fx.clickHouse
                        .query(
                            ClickHouseSql.bind(
                                "SELECT length(warning_codes) AS n FROM events FINAL"
                                    + " WHERE merchant_id = ? AND event_id = ?",
                                shop,
                                "clean-1"))
                        .get(0)
                        .get("n")
                        .asInt())
                .isZero());
  }

  @Test
  void rulesDecideWhichPlatformsAnEventGoesTo() throws Exception {
    fx.send(
        event(ruled, "big-1", "purchase"),
        withValue(event(ruled, "small-1", "purchase"), "20"),
        event(ruled, "lead-1", "lead"));
    eventually(WAIT, () -> assertThat(received("meta", "big-1")).isEqualTo(1));
    Thread.sleep(1000);
    assertThat(received("tiktok", "big-1")).isZero();
    assertThat(received("meta", "small-1")).isZero();
    assertThat(received("meta", "lead-1")).isZero();
    assertThat(fx.deliveries(ruled, "small-1")).isEmpty();
  }

  @Test
  void serverErrorsAreRetriedThenDelivered() throws Exception {
    fx.platforms.failNext("tiktok", 2, 500, "{\"code\":50000,\"message\":\"internal\"}", null);
    fx.send(event(shop, "retry-1", "purchase"));
    eventually(
        WAIT,
        () -> {
          var tiktok = fx.deliveries(shop, "retry-1").get("tiktok");
          assertThat(tiktok).isNotNull();
          assertThat(tiktok.get("status").asText()).isEqualTo("DELIVERED");
          assertThat(tiktok.get("attempts").asInt()).isEqualTo(3);
        });
    assertThat(fx.history(shop, "retry-1", "tiktok"))
        .containsExactly("QUEUED", "RETRY", "RETRY", "DELIVERED");
    assertThat(received("tiktok", "retry-1")).isEqualTo(1);
  }

  @Test
  void rateLimitsAreRetriedAfterTheRetryAfterTheyAskForAndShowAsRetryMeanwhile() throws Exception {
    fx.platforms.failNext(
        "meta",
        1,
        429,
        "{\"error\":{\"message\":\"slow down\",\"code\":4}}",
        // Long enough that the RETRY row, held 1 s for a newer state and then buffered by the
        // sink for up to 1 s, is in ClickHouse well before the retry goes out.
        Duration.ofSeconds(6));
    long start = System.nanoTime();
    fx.send(event(shop, "limited-1", "purchase"));
    // While the platform's Retry-After runs, the delivery's current state is RETRY, with the
    // platform's answer: what the dashboard shows, not only once the retry is over.
    eventually(
        WAIT,
        () -> {
          var meta = fx.deliveries(shop, "limited-1").get("meta");
          assertThat(meta).isNotNull();
          assertThat(meta.get("status").asText()).isEqualTo("RETRY");
          assertThat(meta.get("http_status").asInt()).isEqualTo(429);
          assertThat(meta.get("error").asText()).contains("slow down");
        });
    assertThat(received("meta", "limited-1")).isZero();
    eventually(
        WAIT,
        () -> {
          var meta = fx.deliveries(shop, "limited-1").get("meta");
          assertThat(meta.get("status").asText()).isEqualTo("DELIVERED");
          assertThat(meta.get("attempts").asInt()).isEqualTo(2);
        });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(6));
    assertThat(fx.history(shop, "limited-1", "meta"))
        .containsExactly("QUEUED", "RETRY", "DELIVERED");
  }

  @Test
  void aPermanentRejectionIsFailedWithThePlatformsMessage() throws Exception {
    fx.platforms.failNext(
        "snapchat",
        1,
        400,
        "{\"status\":\"FAILED\",\"reason\":\"Invalid pixel id snap-pixel-1\"}",
        null);
    fx.send(event(shop, "rejected-1", "purchase"));
    eventually(
        WAIT,
        () -> {
          var snap = fx.deliveries(shop, "rejected-1").get("snapchat");
          assertThat(snap).isNotNull();
          assertThat(snap.get("status").asText()).isEqualTo("FAILED");
          assertThat(snap.get("http_status").asInt()).isEqualTo(400);
          assertThat(snap.get("error").asText()).contains("Invalid pixel id");
          assertThat(snap.get("attempts").asInt()).isEqualTo(1);
        });
  }

  /**
   * Reddit refuses a whole request when one of its events is invalid, without saying which: the
   * batch goes again in halves, so the good events are delivered and only the bad one FAILS.
   */
  @Test
  void oneBadEventDoesNotFailTheRestOfAWholeBatchRefusal() throws Exception {
    String merchant =
        fx.merchant(
            Map.of("reddit", Map.of("ad_account_id", "a2_split", "access_token", "token-r")),
            List.of());
    List<String> good = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      good.add("split-good-" + i);
    }
    TrackEvent bad = event(merchant, "split-bad", "purchase");
    fx.platforms.refuseRedditEvent("split-bad", "click_id is not a valid Reddit click id");
    List<TrackEvent> events = new ArrayList<>();
    good.forEach(id -> events.add(event(merchant, id, "purchase")));
    events.add(10, bad);
    fx.sendAsync(events.toArray(TrackEvent[]::new));
    fx.flush();
    eventually(
        WAIT,
        () -> {
          var rows = fx.deliveries(merchant, "split-bad").get("reddit");
          assertThat(rows).isNotNull();
          assertThat(rows.get("status").asText()).isEqualTo("FAILED");
          assertThat(rows.get("error").asText())
              .contains("click_id is not a valid Reddit click id");
          for (String id : good) {
            var row = fx.deliveries(merchant, id).get("reddit");
            assertThat(row).as(id).isNotNull();
            assertThat(row.get("status").asText()).as(id).isEqualTo("DELIVERED");
          }
        });
    for (String id : good) {
      assertThat(received("reddit", id)).as(id).isEqualTo(1);
    }
    assertThat(received("reddit", "split-bad")).isZero();
    // The bad event was refused inside a batch at least once: the split path ran.
    assertThat(fx.platforms.requests("reddit"))
        .anyMatch(r -> r.body().contains("split-bad") && r.body().contains("split-good-"));
  }

  /**
   * A webhook whose host is (or has come to resolve to) an internal address is refused at delivery
   * time, not sent: the fake listens on 127.0.0.1, which the job's default settings refuse.
   */
  @Test
  void aWebhookToAnInternalAddressIsRefusedAtDeliveryTime() throws Exception {
    String merchant =
        fx.merchant(
            Map.of(
                "webhook",
                Map.of(
                    "url",
                    fx.platforms.baseUrl() + "/webhook/internal",
                    "signing_secret",
                    "whsec_test")),
            List.of());
    fx.send(event(merchant, "internal-1", "purchase"));
    eventually(
        WAIT,
        () -> {
          var row = fx.deliveries(merchant, "internal-1").get("webhook");
          assertThat(row).isNotNull();
          assertThat(row.get("status").asText()).isEqualTo("FAILED");
          assertThat(row.get("error").asText()).contains("internal address");
        });
    assertThat(received("webhook", "internal-1")).isZero();
  }

  @Test
  void aPlatformThatIsDownDoesNotHoldBackTheOthers() throws Exception {
    String merchant =
        fx.merchant(
            Map.of("meta", META, "snapchat", Map.of("pixel_id", "down-pixel", "access_token", "x")),
            List.of());
    fx.platforms.delay("snapchat", Duration.ofSeconds(30));
    long metaSeconds;
    try {
      long start = System.nanoTime();
      fx.send(event(merchant, "slow-1", "purchase"));
      eventually(WAIT, () -> assertThat(received("meta", "slow-1")).isEqualTo(1));
      metaSeconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
      // The hanging request's delivery shows as QUEUED once it has waited the state hold (1 s).
      eventually(
          WAIT,
          () -> assertThat(fx.history(merchant, "slow-1", "snapchat")).containsExactly("QUEUED"));
      assertThat(fx.history(merchant, "slow-1", "meta")).containsExactly("DELIVERED");
    } finally {
      fx.platforms.delay("snapchat", Duration.ZERO);
    }
    assertThat(metaSeconds).as("meta was not held back by a hanging snapchat").isLessThan(8);
    eventually(
        WAIT,
        () ->
            assertThat(fx.deliveries(merchant, "slow-1").get("snapchat").get("status").asText())
                .isIn("DELIVERED", "ERROR"));
  }

  @Test
  void eventsTheyCannotTakeAreSkippedWithAReason() throws Exception {
    TrackEvent old = event(shop, "old-1", "purchase");
    old.eventTime = System.currentTimeMillis() / 1000 - 8 * 24 * 3600;
    fx.send(old);
    eventually(
        WAIT,
        () -> {
          var meta = fx.deliveries(shop, "old-1").get("meta");
          assertThat(meta).isNotNull();
          assertThat(meta.get("status").asText()).isEqualTo("SKIPPED");
          assertThat(meta.get("error").asText()).containsIgnoringCase("7 days");
        });
    assertThat(received("meta", "old-1")).isZero();
  }

  @Test
  void anExplicitPlatformListOverridesTheRules() throws Exception {
    TrackEvent forward = event(shop, "order-9-replay-1", "purchase");
    forward.replayOf = "order-9";
    forward.platforms = List.of("tiktok", "reddit");
    fx.send(forward);
    eventually(
        WAIT,
        () -> {
          assertThat(received("tiktok", "order-9-replay-1")).isEqualTo(1);
          var rows = fx.deliveries(shop, "order-9-replay-1");
          assertThat(rows.get("reddit").get("status").asText()).isEqualTo("SKIPPED");
        });
    assertThat(received("meta", "order-9-replay-1")).isZero();
  }

  /**
   * Issue 19, consent enforced: an event whose consent.marketing is false never reaches an ad
   * platform, not even when forwarded there by name; each of its deliveries is SKIPPED
   * consent_denied. Stated and unstated consent are delivered, unless the merchant treats unstated
   * as denied; a rule that requires consent matches only stated consent.
   */
  @Test
  void consentDecidesWhetherAnEventReachesTheAdPlatforms() throws Exception {
    String allowing = fx.merchant(Map.of("meta", META, "tiktok", TIKTOK), List.of());
    String denying = fx.merchant(Map.of("meta", META), List.of(), "deny");
    String requiring =
        fx.merchant(
            Map.of("meta", META, "tiktok", TIKTOK),
            List.<String[]>of(
                new String[] {"{\"event_names\":[\"purchase\"]}", "{meta}", "true"},
                new String[] {"{}", "{tiktok}"}));
    TrackEvent forward = withConsent(event(allowing, "refused-1-replay-1", "purchase"), false);
    forward.replayOf = "refused-1";
    forward.platforms = List.of("meta");
    fx.send(
        withConsent(event(allowing, "refused-1", "purchase"), false),
        withConsent(event(allowing, "given-1", "purchase"), true),
        event(allowing, "unstated-1", "purchase"),
        forward,
        event(denying, "unstated-2", "purchase"),
        withConsent(event(denying, "given-2", "purchase"), true),
        event(requiring, "unstated-3", "purchase"),
        withConsent(event(requiring, "given-3", "purchase"), true));

    eventually(
        WAIT,
        () -> {
          // At least once: a platform may see an event again after a timeout on a busy box.
          for (String p : List.of("meta", "tiktok")) {
            assertThat(received(p, "given-1")).as(p).isPositive();
            assertThat(received(p, "unstated-1")).as(p).isPositive();
            assertThat(received(p, "given-3")).as(p).isPositive();
          }
          assertThat(received("meta", "given-2")).isPositive();
          assertThat(received("tiktok", "unstated-3")).isPositive();
          for (var refused :
              List.of(
                  fx.deliveries(allowing, "refused-1").get("meta"),
                  fx.deliveries(allowing, "refused-1").get("tiktok"),
                  fx.deliveries(allowing, "refused-1-replay-1").get("meta"),
                  fx.deliveries(denying, "unstated-2").get("meta"))) {
            assertThat(refused).isNotNull();
            assertThat(refused.get("status").asText()).isEqualTo("SKIPPED");
            assertThat(refused.get("error").asText()).isEqualTo("consent_denied");
          }
          assertThat(fx.deliveries(allowing, "unstated-1").get("meta").get("status").asText())
              .isEqualTo("DELIVERED");
        });
    // Nothing was sent late either: no request for a refused event ever left.
    Thread.sleep(1500);
    for (String p : List.of("meta", "tiktok")) {
      assertThat(received(p, "refused-1")).as(p).isZero();
      assertThat(received(p, "refused-1-replay-1")).as(p).isZero();
      assertThat(received(p, "unstated-2")).as(p).isZero();
    }
    assertThat(fx.platforms.requests("meta"))
        .noneMatch(r -> r.body().contains("refused-1") || r.body().contains("unstated-2"));
    // Skipped in routing: never queued.
    assertThat(fx.history(allowing, "refused-1", "meta")).containsExactly("SKIPPED");
    // The rule that requires consent did not match the unstated event: no meta delivery at all.
    assertThat(received("meta", "unstated-3")).isZero();
    assertThat(fx.deliveries(requiring, "unstated-3")).containsOnlyKeys("tiktok");
  }

  @Test
  void recordsThatAreNotEventsGoToTheDeadLetterTopic() throws Exception {
    fx.sendRaw("{not json".getBytes(StandardCharsets.UTF_8));
    fx.sendRaw("{\"event_name\":\"purchase\"}".getBytes(StandardCharsets.UTF_8));
    List<String> dead = fx.readTopic("events.dlq", 2, 30_000);
    assertThat(dead).hasSize(2);
    assertThat(dead.get(0)).contains("not a JSON event");
    assertThat(dead.get(1)).contains("missing merchant_id");
    assertThat(metric("events_dead_lettered")).isEqualTo(2);
    // The job is still running and delivering.
    fx.send(event(shop, "after-dlq", "lead"));
    eventually(WAIT, () -> assertThat(received("meta", "after-dlq")).isEqualTo(1));
  }

  @Test
  void deliveryStatesArePublishedForTheRollups() throws Exception {
    fx.send(event(shop, "published-1", "add_to_cart"));
    eventually(
        WAIT,
        () -> {
          List<String> results = fx.readTopic("deliveries.results", 1, 5_000);
          assertThat(results)
              .anySatisfy(r -> assertThat(r).contains("\"published-1\"").contains("DELIVERED"));
        });
  }

  @Test
  void deliveriesAndDuplicatesAreCountedOnPrometheus() throws Exception {
    fx.platforms.failNext(
        "snapchat", 1, 400, "{\"status\":\"FAILED\",\"reason\":\"Invalid pixel id\"}", null);
    double delivered = metric("deliveries", "platform=\"meta\"", "status=\"DELIVERED\"");
    double failed = metric("deliveries", "platform=\"snapchat\"", "status=\"FAILED\"");
    double unique = metric("events_unique");
    double duplicates = metric("events_duplicate");
    TrackEvent e = event(shop, "counted-1", "purchase");
    fx.send(e, e);
    eventually(
        WAIT,
        () -> {
          // At least: other tests' deliveries may still be finishing.
          assertThat(metric("deliveries", "platform=\"meta\"", "status=\"DELIVERED\""))
              .isGreaterThanOrEqualTo(delivered + 1);
          assertThat(metric("deliveries", "platform=\"snapchat\"", "status=\"FAILED\""))
              .isGreaterThanOrEqualTo(failed + 1);
          assertThat(metric("events_unique")).isGreaterThanOrEqualTo(unique + 1);
          assertThat(metric("events_duplicate")).isGreaterThanOrEqualTo(duplicates + 1);
        });
  }

  /** A connection whose breaker is open, and what waits for it, show on Prometheus. */
  @Test
  void openConnectionsAndTheirBacklogAreGaugedOnPrometheus() throws Exception {
    String pins =
        fx.merchant(
            Map.of("pinterest", Map.of("ad_account_id", "549755885175", "access_token", "pina")),
            List.of());
    // Prometheus labels spell the operator delivery-pinterest with an underscore.
    String op = "operator_name=\"delivery_pinterest\"";
    fx.platforms.down("pinterest");
    try {
      fx.send(event(pins, "gauged-1", "purchase"), event(pins, "gauged-2", "purchase"));
      eventually(
          WAIT,
          () -> {
            assertThat(metric("connections_open", op)).isEqualTo(1);
            assertThat(metric("parked_backlog", op)).isEqualTo(2);
          });
    } finally {
      fx.platforms.up("pinterest");
    }
    eventually(
        WAIT,
        () -> {
          assertThat(fx.platforms.receivedIds("pinterest")).contains("gauged-1", "gauged-2");
          assertThat(metric("connections_open", op)).isZero();
          assertThat(metric("parked_backlog", op)).isZero();
        });
  }

  /**
   * The sum over subtasks of a pipeline metric on the cluster's Prometheus endpoint: samples whose
   * name ends with {@code _<name>} and that carry every given label.
   */
  private static double metric(String name, String... labels) throws Exception {
    String scrape =
        HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + METRICS_PORT + "/"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double sum = 0;
    for (String line : scrape.split("\n")) {
      int brace = line.indexOf('{');
      if (line.startsWith("#") || brace < 0 || !line.contains("tracklayer")) {
        continue;
      }
      String sample = line.substring(0, brace);
      String tags = line.substring(brace, line.lastIndexOf('}') + 1);
      if (sample.endsWith("_" + name) && Arrays.stream(labels).allMatch(tags::contains)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  private static TrackEvent withConsent(TrackEvent e, boolean marketing) {
    e.consent = new dev.tracklayer.core.event.Consent(marketing, null);
    return e;
  }

  private static TrackEvent withValue(TrackEvent e, String value) {
    e.value = new java.math.BigDecimal(value);
    return e;
  }
}
