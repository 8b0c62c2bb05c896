package dev.tracklayer.flink.pipeline;

import static dev.tracklayer.flink.pipeline.Eventually.eventually;
import static dev.tracklayer.flink.pipeline.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.clickhouse.ClickHouseSql;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.testing.FakePlatforms;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * Delivery through platform outages (issue 19): the whole job on a MiniCluster against real Kafka,
 * PostgreSQL and ClickHouse, with fake platforms that go down, refuse the token, and count every
 * request they get.
 */
class DeliveryResilienceTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final Map<String, String> META =
      Map.of("pixel_id", "123456", "access_token", "EAAB-meta-token");
  private static final Map<String, String> SNAPCHAT =
      Map.of("pixel_id", "snap-pixel-1", "access_token", "snap-token");
  private static final Map<String, String> TIKTOK =
      Map.of("pixel_code", "CABC123", "access_token", "tt-token");
  private static final Map<String, String> PINTEREST =
      Map.of("ad_account_id", "549755885175", "access_token", "pina");
  private static final Map<String, String> REDDIT =
      Map.of("ad_account_id", "t2_abc123", "access_token", "rdt");

  private static PipelineFixture fx;
  private static JobClient job;

  @BeforeAll
  static void start(@InjectMiniCluster MiniCluster cluster) throws Exception {
    fx =
        new PipelineFixture(
            Map.of(
                "TRACKLAYER_DELIVERY_BREAKER_FAILURES", "3",
                "TRACKLAYER_DELIVERY_DRAIN_RATE_SNAPCHAT", "3",
                "TRACKLAYER_DELIVERY_AUTH_PROBE_MS", "6000",
                "TRACKLAYER_DELIVERY_RETRY_HORIZON_REDDIT", "3s",
                "TRACKLAYER_DELIVERY_HEALTH_MS", "500",
                "TRACKLAYER_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true",
                // Small, so a slow webhook reaches the fast path's bound of requests in flight.
                "TRACKLAYER_DELIVERY_MAX_IN_FLIGHT", "8"));
    StreamExecutionEnvironment env = new TestStreamEnvironment(cluster, 2);
    PipelineJob.configure(env, fx.settings);
    PipelineJob.build(
        env, fx.settings, PipelineJob.realSources(fx.settings), PipelineJob.realSinks(fx.settings));
    job = env.executeAsync("delivery-resilience-test");
  }

  @AfterAll
  static void stop() throws Exception {
    if (job != null) {
      job.cancel().get();
    }
    fx.close();
  }

  /** The run: 100 events/s while Meta answers 503 for 20 s. Delay, not data loss. */
  @Test
  void aTwentySecondOutageAtAHundredEventsPerSecondLosesNothing() throws Exception {
    String shop = fx.merchant(Map.of("meta", META), List.of());
    fx.platforms.down("meta");
    List<String> ids = new ArrayList<>();
    try {
      long start = System.currentTimeMillis();
      for (int i = 0; i < 2000; i++) {
        String id = "outage-" + i;
        ids.add(id);
        fx.sendAsync(event(shop, id, "purchase"));
        if (i % 10 == 9) {
          fx.flush();
          long due = start + (i + 1) * 10L;
          Thread.sleep(Math.max(0, due - System.currentTimeMillis()));
        }
      }
      fx.flush();
      // While it lasts: the connection is open, and the waiting deliveries show as RETRY with
      // their next attempt.
      eventually(
          Duration.ofSeconds(20),
          () -> {
            JsonNode h = health(shop, "meta");
            assertThat(h).isNotNull();
            assertThat(h.get("status").asText()).isEqualTo("open");
            assertThat(h.get("backlog").asLong()).isPositive();
            // The probe's event: tried again and again, its next attempt ahead.
            JsonNode retry = retryRow(shop);
            assertThat(retry).isNotNull();
            assertThat(retry.get("next").asLong()).isGreaterThan(System.currentTimeMillis() - 3000);
            assertThat(retry.get("attempts").asInt()).isGreaterThan(1);
          });
    } finally {
      fx.platforms.up("meta");
    }
    eventually(
        Duration.ofSeconds(120),
        () -> assertThat(new HashSet<>(fx.platforms.receivedIds("meta"))).containsAll(ids));
    eventually(
        Duration.ofSeconds(30),
        () -> {
          assertThat(statusCounts(shop)).isEqualTo(Map.of("DELIVERED", 2000L));
          assertThat(health(shop, "meta").get("status").asText()).isEqualTo("closed");
          assertThat(health(shop, "meta").get("backlog").asLong()).isZero();
        });
  }

  /**
   * After 3 failures in a row the breaker opens: new events wait without a call, one probe of one
   * event at a time goes out; when one gets through, the backlog drains in event order at the drain
   * rate (3/s here). TikTok, on the same merchant, is not held up meanwhile.
   */
  @Test
  void theBreakerParksEventsProbesAndDrainsInOrderAtTheBoundedRate() throws Exception {
    String shop = fx.merchant(Map.of("snapchat", SNAPCHAT, "tiktok", TIKTOK), List.of());
    fx.platforms.down("snapchat");
    List<String> parked = new ArrayList<>();
    try {
      fx.send(event(shop, "breaker-first", "purchase"));
      eventually(
          Duration.ofSeconds(20),
          () -> assertThat(health(shop, "snapchat").get("status").asText()).isEqualTo("open"));
      int before = fx.platforms.requestCount("snapchat");
      // Far enough apart that they reach the delivery operator in this order (each of the two
      // network hops before it may hold a record up to 100 ms).
      for (int i = 0; i < 8; i++) {
        String id = "breaker-" + i;
        parked.add(id);
        fx.send(event(shop, id, "purchase"));
        Thread.sleep(600);
      }
      fx.send(event(shop, "breaker-tiktok", "purchase"));
      // The other platform delivers while Snapchat is open (no rules: the event goes to both).
      eventually(
          Duration.ofSeconds(10),
          () -> assertThat(fx.platforms.receivedIds("tiktok")).contains("breaker-tiktok"));
      // Only probes reached Snapchat while it was open: one event each, the head of the backlog,
      // never a parked one.
      List<FakePlatforms.Request> whileOpen = fx.platforms.requests("snapchat");
      whileOpen = whileOpen.subList(before, whileOpen.size());
      assertThat(whileOpen).isNotEmpty();
      for (FakePlatforms.Request r : whileOpen) {
        assertThat(Json.readTree(r.body()).get("data").size()).isEqualTo(1);
        assertThat(r.body()).contains("breaker-first").doesNotContain("breaker-tiktok");
        for (String id : parked) {
          assertThat(r.body()).doesNotContain("\"" + id + "\"");
        }
      }
      // The first event, the 8 parked ones, and the TikTok one (which goes to Snapchat too).
      eventually(
          Duration.ofSeconds(10),
          () -> assertThat(health(shop, "snapchat").get("backlog").asLong()).isEqualTo(10));
    } finally {
      fx.platforms.up("snapchat");
    }
    eventually(
        Duration.ofSeconds(30),
        () -> assertThat(fx.platforms.receivedIds("snapchat")).containsAll(parked));
    List<String> order = new ArrayList<>(fx.platforms.receivedIds("snapchat"));
    order.retainAll(parked);
    assertThat(order).containsExactlyElementsOf(parked);
    // 3 events/s: the drain requests carry at most 3 events each, and take over two seconds.
    List<FakePlatforms.Request> drain = new ArrayList<>();
    for (FakePlatforms.Request r : fx.platforms.requests("snapchat")) {
      if (r.body().contains("breaker-")) {
        drain.add(r);
      }
    }
    for (FakePlatforms.Request r : drain) {
      assertThat(Json.readTree(r.body()).get("data").size()).isLessThanOrEqualTo(3);
    }
    eventually(
        Duration.ofSeconds(10),
        () -> {
          JsonNode spread =
              fx.clickHouse
                  .query(
                      ClickHouseSql.bind(
                          "SELECT count() AS n, max(updated_at) - min(updated_at) AS spread"
                              + " FROM deliveries FINAL"
                              + " WHERE merchant_id = ? AND platform = ? AND status = ?",
                          shop,
                          "snapchat",
                          "DELIVERED"))
                  .get(0);
          assertThat(spread.get("n").asLong()).isEqualTo(10);
          assertThat(spread.get("spread").asLong()).isGreaterThanOrEqualTo(2);
        });
    eventually(
        Duration.ofSeconds(10),
        () -> assertThat(health(shop, "snapchat").get("status").asText()).isEqualTo("closed"));
  }

  /**
   * A refused token FAILs the batch that met it with the platform's message and pauses the
   * connection: later events wait without a call instead of failing one by one, and go once the
   * token works again.
   */
  @Test
  void anAuthErrorPausesTheConnectionInsteadOfFailingEveryEvent() throws Exception {
    String shop = fx.merchant(Map.of("pinterest", PINTEREST), List.of());
    fx.platforms.failNext(
        "pinterest", 1_000_000, 401, "{\"code\":2,\"message\":\"Authentication failed.\"}", null);
    try {
      fx.send(event(shop, "auth-first", "purchase"));
      eventually(
          Duration.ofSeconds(20),
          () -> {
            JsonNode row = fx.deliveries(shop, "auth-first").get("pinterest");
            assertThat(row).isNotNull();
            assertThat(row.get("status").asText()).isEqualTo("FAILED");
            assertThat(row.get("error").asText()).contains("Authentication failed.");
            assertThat(health(shop, "pinterest").get("status").asText()).isEqualTo("auth_error");
          });
      int calls = fx.platforms.requestCount("pinterest");
      for (int i = 0; i < 5; i++) {
        fx.send(event(shop, "auth-" + i, "purchase"));
      }
      Thread.sleep(1000);
      assertThat(fx.platforms.requestCount("pinterest")).isEqualTo(calls);
      for (int i = 0; i < 5; i++) {
        JsonNode row = fx.deliveries(shop, "auth-" + i).get("pinterest");
        assertThat(row == null ? "none" : row.get("status").asText()).isNotEqualTo("FAILED");
      }
    } finally {
      fx.platforms.failNext("pinterest", 0, 200, null, null);
    }
    eventually(
        Duration.ofSeconds(30),
        () -> {
          for (int i = 0; i < 5; i++) {
            assertThat(fx.platforms.receivedIds("pinterest")).contains("auth-" + i);
          }
          assertThat(health(shop, "pinterest").get("status").asText()).isEqualTo("closed");
        });
    assertThat(fx.deliveries(shop, "auth-first").get("pinterest").get("status").asText())
        .isEqualTo("FAILED");
  }

  /**
   * The first attempt goes out from the fast path, chained to routing; what a burst of 503s sends
   * back crosses to the keyed operator with that answer, which retries it. Every event reaches the
   * platform exactly once, a retried one shows RETRY before DELIVERED, and the connection ends
   * closed with nothing waiting.
   */
  @Test
  void aBurstOfFiveHundredThreesIsRetriedAndEachEventDeliveredExactlyOnce() throws Exception {
    String shop = fx.merchant(Map.of("tiktok", TIKTOK), List.of());
    int before = fx.platforms.requestCount("tiktok");
    // More than the breaker's 3: the connection opens, and recovers on the fifth request.
    fx.platforms.failNext("tiktok", 4, 503, "{\"code\":50002,\"message\":\"busy\"}", null);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String id = "burst-" + i;
      ids.add(id);
      fx.sendAsync(event(shop, id, "purchase"));
      if (i % 10 == 9) {
        fx.flush();
        Thread.sleep(150);
      }
    }
    fx.flush();
    eventually(
        Duration.ofSeconds(60),
        () -> assertThat(new HashSet<>(fx.platforms.receivedIds("tiktok"))).containsAll(ids));
    eventually(
        Duration.ofSeconds(30),
        () -> {
          assertThat(statusCounts(shop)).isEqualTo(Map.of("DELIVERED", 60L));
          assertThat(health(shop, "tiktok").get("status").asText()).isEqualTo("closed");
          assertThat(health(shop, "tiktok").get("backlog").asLong()).isZero();
        });
    List<String> accepted = new ArrayList<>(fx.platforms.receivedIds("tiktok"));
    accepted.retainAll(ids);
    assertThat(accepted).as("each event accepted once").hasSize(60).doesNotHaveDuplicates();
    // The 503s reached the platform; the events of the first one were retried, shown as RETRY.
    assertThat(fx.platforms.requestCount("tiktok")).isGreaterThan(before + 4);
    String first = eventOf(fx.platforms.requests("tiktok").get(before).body(), ids);
    assertThat(fx.history(shop, first, "tiktok"))
        .containsSubsequence("RETRY", "DELIVERED")
        .endsWith("DELIVERED");
    assertThat(fx.deliveries(shop, first).get("tiktok").get("attempts").asInt()).isGreaterThan(1);
  }

  /**
   * What waited for a connection that is clear again drains several requests at a time: a webhook
   * sends one event per request, and one request at a time drained it at one event per round trip,
   * slower than a busy shop fills it (the rollup-lag benchmark fell behind for minutes).
   */
  @Test
  void aClearConnectionsBacklogDrainsSeveralRequestsAtATime() throws Exception {
    String shop = webhookShop();
    fx.platforms.delay("webhook", Duration.ofMillis(300));
    List<String> ids = new ArrayList<>();
    try {
      firstAnswerAsksToWait(shop, "drain-first");
      fx.platforms.mostOpenAtOnce("webhook");
      ids.addAll(sendBurst(shop, "drain-", 40));
      awaitReceivedSeveralAtATime("webhook", ids);
    } finally {
      fx.platforms.delay("webhook", null);
    }
    eventually(
        Duration.ofSeconds(30),
        () -> assertThat(statusCounts(shop)).isEqualTo(Map.of("DELIVERED", 41L)));
    assertEachAcceptedOnce("webhook", ids);
  }

  /**
   * After an outage a webhook's backlog drains at its drain rate with several requests out, paced
   * when they are sent: one request at a time drained one event per round trip, so a webhook busier
   * than that never caught up and its events ran into the retry horizon.
   */
  @Test
  void aWebhookRecoveringFromAnOpenBreakerDrainsSeveralRequestsAtATime() throws Exception {
    String shop = webhookShop();
    fx.platforms.down("webhook");
    List<String> ids = new ArrayList<>();
    try {
      fx.send(event(shop, "recover-first", "purchase"));
      eventually(
          Duration.ofSeconds(20),
          () -> assertThat(health(shop, "webhook").get("status").asText()).isEqualTo("open"));
      ids.addAll(sendBurst(shop, "recover-", 40));
      eventually(
          Duration.ofSeconds(20),
          () -> assertThat(health(shop, "webhook").get("backlog").asLong()).isEqualTo(41));
      fx.platforms.delay("webhook", Duration.ofMillis(300));
      fx.platforms.mostOpenAtOnce("webhook");
    } finally {
      fx.platforms.up("webhook");
    }
    try {
      awaitReceivedSeveralAtATime("webhook", ids);
    } finally {
      fx.platforms.delay("webhook", null);
    }
    eventually(
        Duration.ofSeconds(30),
        () -> {
          assertThat(statusCounts(shop)).isEqualTo(Map.of("DELIVERED", 41L));
          assertThat(health(shop, "webhook").get("status").asText()).isEqualTo("closed");
        });
    assertEachAcceptedOnce("webhook", ids);
  }

  /**
   * A platform that answers slowly holds routing back at the fast path's bound of requests in
   * flight instead of having its batches handed to the keyed operator: none of a busy webhook's
   * events waits there (it would show QUEUED), and each is delivered once.
   */
  @Test
  void aBusyWebhookAtTheInFlightBoundHoldsRoutingBackInsteadOfHandingOn() throws Exception {
    String shop = webhookShop();
    fx.platforms.delay("webhook", Duration.ofMillis(150));
    List<String> ids = new ArrayList<>();
    try {
      ids.addAll(sendBurst(shop, "busy-", 60));
      awaitReceivedSeveralAtATime("webhook", ids);
    } finally {
      fx.platforms.delay("webhook", null);
    }
    eventually(
        Duration.ofSeconds(30),
        () -> assertThat(statusCounts(shop)).isEqualTo(Map.of("DELIVERED", 60L)));
    Map<String, Integer> states = new HashMap<>();
    for (String json : fx.readTopic("deliveries.results", Integer.MAX_VALUE, 3_000)) {
      JsonNode r = Json.readTree(json);
      if (shop.equals(r.get("merchant_id").asText())) {
        states.merge(r.get("status").asText(), 1, Integer::sum);
      }
    }
    assertThat(states).isEqualTo(Map.of("DELIVERED", 60));
    assertEachAcceptedOnce("webhook", ids);
  }

  /**
   * Once an answer gets through after a passing failure (the breaker never opened), a connection's
   * new events take the fast path again while what the failure left still drains: queued behind
   * that backlog, a busy webhook fell further behind with every event (the rollup-lag benchmark had
   * 90,000 events waiting after a few network errors).
   */
  @Test
  void afterAPassingFailureNewEventsDoNotQueueBehindTheBacklog() throws Exception {
    String shop = webhookShop();
    fx.platforms.delay("webhook", Duration.ofMillis(400));
    List<String> parked = new ArrayList<>();
    List<String> later = new ArrayList<>();
    try {
      firstAnswerAsksToWait(shop, "passing-first");
      // Parked behind it while it fails; they drain 8 requests (this test's in-flight bound) of
      // one event at a time once its retry gets through: about 10 s.
      parked.addAll(sendBurst(shop, "parked-", 200));
      assertThat(fx.platforms.receivedIds("webhook")).doesNotContainAnyElementsOf(parked);
      eventually(
          Duration.ofSeconds(20),
          () -> assertThat(fx.platforms.receivedIds("webhook")).contains("passing-first"));
      later.addAll(sendBurst(shop, "later-", 16));
      awaitReceivedSeveralAtATime("webhook", later);
      eventually(
          Duration.ofSeconds(60),
          () -> assertThat(new HashSet<>(fx.platforms.receivedIds("webhook"))).containsAll(parked));
      List<String> order = fx.platforms.receivedIds("webhook");
      int firstLater = order.size();
      int lastParked = -1;
      for (int i = 0; i < order.size(); i++) {
        if (later.contains(order.get(i))) {
          firstLater = Math.min(firstLater, i);
        } else if (parked.contains(order.get(i))) {
          lastParked = i;
        }
      }
      assertThat(firstLater)
          .as("a later event went before the backlog's last")
          .isLessThan(lastParked);
    } finally {
      fx.platforms.delay("webhook", null);
    }
    eventually(
        Duration.ofSeconds(30),
        () -> assertThat(statusCounts(shop)).isEqualTo(Map.of("DELIVERED", 217L)));
    List<String> all = new ArrayList<>(parked);
    all.addAll(later);
    assertEachAcceptedOnce("webhook", all);
  }

  /**
   * Sends the shop's event {@code id}, whose webhook answer is a 503 asking for 8 s, and returns
   * once it shows RETRY: the connection waits (and routing learns that it does) long enough for
   * what the test sends next to be parked behind it (reading RETRY from the topic takes seconds).
   */
  private static void firstAnswerAsksToWait(String shop, String id) throws Exception {
    fx.platforms.failNext("webhook", 1, 503, "{\"error\":\"busy\"}", Duration.ofSeconds(8));
    fx.send(event(shop, id, "purchase"));
    eventually(
        Duration.ofSeconds(20),
        () -> assertThat(fx.history(shop, id, "webhook")).contains("RETRY"));
  }

  /** {@code n} purchases of the shop, ids {@code prefix0}…, sent at once. */
  private static List<String> sendBurst(String shop, String prefix, int n) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(prefix + i);
      fx.sendAsync(event(shop, prefix + i, "purchase"));
    }
    fx.flush();
    return ids;
  }

  /** All of {@code ids} reached the platform, with more than one request open at a time. */
  private static void awaitReceivedSeveralAtATime(String platform, List<String> ids)
      throws Exception {
    eventually(
        Duration.ofSeconds(60),
        () -> assertThat(new HashSet<>(fx.platforms.receivedIds(platform))).containsAll(ids));
    assertThat(fx.platforms.mostOpenAtOnce(platform)).isGreaterThan(1);
  }

  /** A merchant with one webhook connection, to the fake platforms' receiver. */
  private static String webhookShop() throws Exception {
    return fx.merchant(
        Map.of("webhook", Map.of("url", fx.platforms.webhookUrl(), "signing_secret", "whsec_test")),
        List.of());
  }

  /** Each of {@code ids} reached the platform exactly once. */
  private static void assertEachAcceptedOnce(String platform, List<String> ids) {
    List<String> accepted = new ArrayList<>(fx.platforms.receivedIds(platform));
    accepted.retainAll(ids);
    assertThat(accepted).as("each event accepted once").hasSize(ids.size()).doesNotHaveDuplicates();
  }

  /** An event of the given request. */
  private static String eventOf(String body, List<String> ids) {
    for (String id : ids) {
      if (body.contains("\"" + id + "\"")) {
        return id;
      }
    }
    throw new AssertionError("no event of the test in the first request: " + body);
  }

  /** Past the retry horizon (3 s for Reddit here) a delivery is ERROR and dead-lettered. */
  @Test
  void aDeliveryPastItsRetryHorizonIsAnErrorOnTheDeadLetterTopic() throws Exception {
    String shop = fx.merchant(Map.of("reddit", REDDIT), List.of());
    fx.platforms.down("reddit");
    try {
      fx.send(event(shop, "horizon-1", "purchase"));
      eventually(
          Duration.ofSeconds(30),
          () -> {
            JsonNode row = fx.deliveries(shop, "horizon-1").get("reddit");
            assertThat(row).isNotNull();
            assertThat(row.get("status").asText()).isEqualTo("ERROR");
            assertThat(row.get("error").asText()).contains("retry horizon");
          });
      assertThat(fx.readTopic("deliveries.dlq", Integer.MAX_VALUE, 3_000))
          .anyMatch(json -> json.contains("horizon-1") && json.contains(shop));
    } finally {
      fx.platforms.up("reddit");
    }
  }

  /** Meta takes events up to 7 days old: a waiting one is never sent past that. */
  @Test
  void aWaitingEventIsNotSentOlderThanThePlatformAccepts() throws Exception {
    String shop = fx.merchant(Map.of("meta", META), List.of());
    TrackEvent old = event(shop, "too-old-soon", "purchase");
    // Young enough for the first attempt (even on a busy machine), too old 10 s later.
    old.eventTime = System.currentTimeMillis() / 1000 - Duration.ofDays(7).toSeconds() + 10;
    fx.platforms.down("meta");
    try {
      fx.send(old);
      eventually(
          Duration.ofSeconds(30),
          () -> {
            JsonNode row = fx.deliveries(shop, "too-old-soon").get("meta");
            assertThat(row).isNotNull();
            assertThat(row.get("status").asText()).isEqualTo("ERROR");
            assertThat(row.get("error").asText()).contains("older than the platform accepts");
          });
    } finally {
      fx.platforms.up("meta");
    }
    Thread.sleep(1500);
    assertThat(fx.platforms.receivedIds("meta")).doesNotContain("too-old-soon");
  }

  private static JsonNode health(String merchant, String platform) {
    List<JsonNode> rows =
        fx.clickHouse.query(
            ClickHouseSql.bind(
                "SELECT status, backlog FROM connection_health FINAL"
                    + " WHERE merchant_id = ? AND platform = ?",
                merchant,
                platform));
    return rows.isEmpty() ? null : rows.get(0);
  }

  private static JsonNode retryRow(String merchant) {
    List<JsonNode> rows =
        fx.clickHouse.query(
            ClickHouseSql.bind(
                "SELECT attempts, toString(next_attempt_at) AS next FROM deliveries FINAL"
                    + " WHERE merchant_id = ? AND status = ? ORDER BY next_attempt_at DESC"
                    + " LIMIT 1",
                merchant,
                "RETRY"));
    return rows.isEmpty() ? null : rows.get(0);
  }

  private static Map<String, Long> statusCounts(String merchant) {
    Map<String, Long> out = new HashMap<>();
    for (JsonNode row :
        fx.clickHouse.query(
            ClickHouseSql.bind(
                "SELECT status, count() AS n FROM deliveries FINAL WHERE merchant_id = ?"
                    + " GROUP BY status",
                merchant))) {
      out.put(row.get("status").asText(), row.get("n").asLong());
    }
    return out;
  }
}
