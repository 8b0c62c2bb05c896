package dev.tracklayer.ingest.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.ingest.IngestGatewayApplication;
import dev.tracklayer.ingest.testing.ConcurrentPosts;
import dev.tracklayer.ingest.testing.Events;
import dev.tracklayer.ingest.testing.EventsTopic;
import dev.tracklayer.ingest.testing.GatewayTestSupport;
import dev.tracklayer.ingest.testing.TestData.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Plan allowances through the real gateway (Kafka, PostgreSQL): the hard cap on both endpoints, the
 * period's turn, overage, and two replicas sharing one count in PostgreSQL.
 */
class QuotaTest extends GatewayTestSupport {
  static final String TOPIC = "events.raw.quota";
  static final EventsTopic EVENTS = new EventsTopic(KAFKA.bootstrapServers(), TOPIC);
  static final int MAX_UNFLUSHED = 5;
  static final String CHROME =
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/131.0.0.0 Safari/537.36";

  static {
    KAFKA.createTopics(2, TOPIC);
  }

  static final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

  @Autowired QuotaGuard quota;

  @DynamicPropertySource
  static void quotaProperties(DynamicPropertyRegistry r) {
    register(r, quotaSettings());
  }

  static Map<String, String> quotaSettings() {
    Map<String, String> p = new HashMap<>(properties(KAFKA.bootstrapServers(), TOPIC, ""));
    p.put("tracklayer.ingest.quota.flush-interval", "200ms");
    p.put("tracklayer.ingest.quota.state-ttl", "1s");
    p.put("tracklayer.ingest.quota.max-unflushed", Integer.toString(MAX_UNFLUSHED));
    return p;
  }

  @AfterEach
  void realClock() {
    quota.useClock(Clock.systemUTC());
  }

  @AfterAll
  static void stopReplicas() {
    replicas.forEach(ConfigurableApplicationContext::close);
  }

  // ------------------------------------------------------------------ one replica

  @Test
  void aHardCapAnswers429OnBothEndpointsUntilThePeriodTurns() {
    String plan = newPlan(5, null);
    Key key = DATA.createMerchantWithKey();
    DATA.setPlan(key.merchantId(), plan);

    String first = Events.newEventId();
    postServer(client, key, first).expectStatus().isAccepted();
    postServer(client, key, first).expectStatus().isEqualTo(409); // a copy: not counted
    postServer(client, key, "").expectStatus().isBadRequest(); // refused: not counted
    postServer(client, key, Events.newEventId()).expectStatus().isAccepted();
    postBrowser(client, key.merchantId()).expectStatus().isAccepted();
    postBrowser(client, key.merchantId()).expectStatus().isAccepted();
    postServer(client, key, Events.newEventId()).expectStatus().isAccepted();

    LocalDate month = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
    String nextMonth = month.plusMonths(1) + "T00:00:00Z";
    EntityExchangeResult<byte[]> refused =
        postServer(client, key, Events.newEventId())
            .expectStatus()
            .isEqualTo(429)
            .expectBody()
            .returnResult();
    JsonNode error = Json.read(refused.getResponseBody(), JsonNode.class).get("error");
    assertThat(error.get("code").asText()).isEqualTo("quota_exceeded");
    assertThat(error.get("plan").asText()).isEqualTo(plan);
    assertThat(error.get("allowance").asLong()).isEqualTo(5);
    assertThat(error.get("resets_at").asText()).isEqualTo(nextMonth);
    assertThat(error.get("details").isArray()).isTrue();
    long retryAfter =
        Long.parseLong(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER));
    assertThat(retryAfter)
        .isCloseTo(
            Duration.between(Instant.now(), Instant.parse(nextMonth)).toSeconds(),
            org.assertj.core.data.Offset.offset(5L));
    postBrowser(client, key.merchantId())
        .expectStatus()
        .isEqualTo(429)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("quota_exceeded");

    eventually(() -> assertThat(DATA.usage(key.merchantId())).containsEntry(month.toString(), 5L));

    // the next calendar month: the allowance is whole again
    quota.useClock(Clock.fixed(Instant.parse(nextMonth).plusSeconds(60), ZoneId.of("UTC")));
    postServer(client, key, Events.newEventId()).expectStatus().isAccepted();
    postBrowser(client, key.merchantId()).expectStatus().isAccepted();
    eventually(
        () ->
            assertThat(DATA.usage(key.merchantId()))
                .containsEntry(month.toString(), 5L)
                .containsEntry(month.plusMonths(1).toString(), 2L));
  }

  @Test
  void onAPlanWithOverageEventsKeepFlowingAndAreCounted() {
    String plan = newPlan(3, 50);
    Key key = DATA.createMerchantWithKey();
    DATA.setPlan(key.merchantId(), plan);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String id = Events.newEventId();
      ids.add(key.merchantId() + ":" + id);
      (i % 2 == 0 ? postServer(client, key, id) : postBrowser(client, key.merchantId(), id))
          .expectStatus()
          .isAccepted();
    }
    String month = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).toString();
    eventually(() -> assertThat(DATA.usage(key.merchantId())).containsEntry(month, 8L));
    EVENTS.await(ids, KAFKA_WAIT);
  }

  @Test
  void oneReplicaNeverPassesTheCapUnderConcurrentRequests() {
    String plan = newPlan(20, null);
    Key key = DATA.createMerchantWithKey();
    DATA.setPlan(key.merchantId(), plan);
    Map<Integer, Long> statuses = ConcurrentPosts.distinct(port, key, 60);
    assertThat(statuses).containsEntry(202, 20L).containsEntry(429, 40L);
    String month = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).toString();
    eventually(() -> assertThat(DATA.usage(key.merchantId())).containsEntry(month, 20L));
  }

  @Test
  void aSubscriptionCanceledFallsBackToTheFreePlansCap() {
    String plan = newPlan(1_000_000, 10);
    Key key = DATA.createMerchantWithKey();
    DATA.setPlan(key.merchantId(), plan);
    DATA.setSubscriptionStatus(key.merchantId(), "canceled");
    String month = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).toString();
    DATA.setUsage(key.merchantId(), month, 10_000); // the free plan's 10,000 are used up
    postServer(client, key, Events.newEventId())
        .expectStatus()
        .isEqualTo(429)
        .expectBody()
        .jsonPath("$.error.plan")
        .isEqualTo("free");
  }

  // ------------------------------------------------------------------ replicas

  @Test
  void twoReplicasShareTheCountAndARestartedOneKeepsIt() {
    int cap = 30;
    String plan = newPlan(cap, null);
    Key key = DATA.createMerchantWithKey();
    DATA.setPlan(key.merchantId(), plan);
    WebTestClient second = startReplica();

    // both replicas at once, 80 events: no more than max-unflushed past the cap per replica
    Map<Integer, Long> one = new ConcurrentHashMap<>();
    Map<Integer, Long> two = new ConcurrentHashMap<>();
    Thread a = new Thread(() -> one.putAll(sequential(client, key, 40)));
    Thread b = new Thread(() -> two.putAll(sequential(second, key, 40)));
    a.start();
    b.start();
    join(a);
    join(b);
    long accepted = one.getOrDefault(202, 0L) + two.getOrDefault(202, 0L);
    assertThat(accepted).isBetween((long) cap, (long) cap + 2 * MAX_UNFLUSHED);
    assertThat(one.getOrDefault(202, 0L)).isPositive();
    assertThat(two.getOrDefault(202, 0L)).isPositive();
    assertThat(one.keySet()).containsOnly(202, 429);
    assertThat(two.keySet()).containsOnly(202, 429);

    // PostgreSQL holds exactly what was accepted, and both replicas refuse from now on
    String month = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).toString();
    eventually(() -> assertThat(DATA.usage(key.merchantId())).containsEntry(month, accepted));
    postServer(client, key, Events.newEventId()).expectStatus().isEqualTo(429);
    postServer(second, key, Events.newEventId()).expectStatus().isEqualTo(429);

    // a replica started afresh reads the count: still refused
    WebTestClient third = startReplica();
    postBrowser(third, key.merchantId()).expectStatus().isEqualTo(429);
  }

  // ------------------------------------------------------------------ helpers

  private static final AtomicInteger PLANS = new AtomicInteger();

  private static String newPlan(long included, Integer overageCents) {
    String id =
        "test_" + PLANS.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 6);
    DATA.createPlan(id, included, overageCents);
    return id;
  }

  private WebTestClient startReplica() {
    Map<String, String> props = quotaSettings();
    props.put("server.port", "0");
    String[] args =
        props.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    ConfigurableApplicationContext replica =
        new SpringApplicationBuilder(IngestGatewayApplication.class).run(args);
    replicas.add(replica);
    int p = ((ReactiveWebServerApplicationContext) replica).getWebServer().getPort();
    return WebTestClient.bindToServer()
        .baseUrl("http://127.0.0.1:" + p)
        .responseTimeout(Duration.ofSeconds(30))
        .build();
  }

  private static Map<Integer, Long> sequential(WebTestClient to, Key key, int n) {
    Map<Integer, Long> statuses = new HashMap<>();
    for (int i = 0; i < n; i++) {
      int status =
          (i % 2 == 0
                  ? postServer(to, key, Events.newEventId())
                  : postBrowser(to, key.merchantId()))
              .returnResult(String.class)
              .getStatus()
              .value();
      statuses.merge(status, 1L, Long::sum);
    }
    return statuses;
  }

  /** Retries the assertion for up to 10 s: the counts reach PostgreSQL with the next flush. */
  private static void eventually(Runnable assertion) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          throw new IllegalStateException(ie);
        }
      }
    }
  }

  private static void join(Thread t) {
    try {
      t.join(60_000);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static WebTestClient.ResponseSpec postServer(WebTestClient to, Key key, String eventId) {
    return to.post()
        .uri("/v1/events")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + key.secret())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Json.toJson(Events.purchase(key.merchantId(), eventId)))
        .exchange();
  }

  private static WebTestClient.ResponseSpec postBrowser(WebTestClient to, String merchant) {
    return postBrowser(to, merchant, Events.newEventId());
  }

  private static WebTestClient.ResponseSpec postBrowser(
      WebTestClient to, String merchant, String eventId) {
    return to.post()
        .uri("/v1/browser/events")
        .contentType(MediaType.TEXT_PLAIN)
        .header("X-Forwarded-For", "203.0.113." + (1 + (eventId.hashCode() & 0x7f)))
        .header(HttpHeaders.USER_AGENT, CHROME)
        .bodyValue(Json.toJson(Events.pageView(merchant, eventId)))
        .exchange();
  }
}
