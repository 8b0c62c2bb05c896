package dev.tracklayer.ingest.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.testing.RedisTestServer;
import dev.tracklayer.ingest.IngestGatewayApplication;
import dev.tracklayer.ingest.testing.ConcurrentPosts;
import dev.tracklayer.ingest.testing.Events;
import dev.tracklayer.ingest.testing.EventsTopic;
import dev.tracklayer.ingest.testing.GatewayTestSupport;
import dev.tracklayer.ingest.testing.TestData.Key;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With TRACKLAYER_REDIS_URL set, dedup and the browser rate limit are shared by replicas: this test
 * runs a second gateway process-alike (its own application context and port) beside the first.
 */
class RedisSharedStateTest extends GatewayTestSupport {
  static final String TOPIC = "events.raw.redis";
  static final RedisTestServer REDIS = RedisTestServer.shared();
  static final EventsTopic EVENTS = new EventsTopic(KAFKA.bootstrapServers(), TOPIC);
  static final String CHROME =
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/131.0.0.0 Safari/537.36";

  static {
    KAFKA.createTopics(4, TOPIC);
  }

  static ConfigurableApplicationContext secondReplica;
  static WebTestClient replica2;

  @DynamicPropertySource
  static void redisProperties(DynamicPropertyRegistry r) {
    register(r, properties(KAFKA.bootstrapServers(), TOPIC, REDIS.url()));
  }

  @BeforeAll
  static void startSecondReplica() {
    // As command-line arguments: default properties would lose to application.yml.
    Map<String, String> props =
        new HashMap<>(properties(KAFKA.bootstrapServers(), TOPIC, REDIS.url()));
    props.put("server.port", "0");
    String[] args =
        props.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    secondReplica = new SpringApplicationBuilder(IngestGatewayApplication.class).run(args);
    int port = ((ReactiveWebServerApplicationContext) secondReplica).getWebServer().getPort();
    replica2 = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
  }

  @AfterAll
  static void stopSecondReplica() {
    if (secondReplica != null) {
      secondReplica.close();
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

  private static WebTestClient.ResponseSpec postBrowser(
      WebTestClient to, String merchant, String ip) {
    return postBrowser(to, merchant, null, ip);
  }

  private static WebTestClient.ResponseSpec postBrowser(
      WebTestClient to, String merchant, String eventId, String ip) {
    return to.post()
        .uri("/v1/browser/events")
        .contentType(MediaType.TEXT_PLAIN)
        .header("X-Forwarded-For", ip)
        .header(HttpHeaders.USER_AGENT, CHROME)
        .bodyValue(Json.toJson(Events.pageView(merchant, eventId)))
        .exchange();
  }

  @Test
  void aDuplicateIsRefusedByTheOtherReplica() {
    Key key = DATA.createMerchantWithKey();
    String eventId = Events.newEventId();
    postServer(client, key, eventId).expectStatus().isAccepted();
    postServer(replica2, key, eventId)
        .expectStatus()
        .isEqualTo(HttpStatus.CONFLICT)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("duplicate_event");

    try (RedisClient redis = RedisClient.create(REDIS.url());
        StatefulRedisConnection<String, String> c = redis.connect()) {
      long ttl = c.sync().ttl("tl:dedup:" + kafkaKey(key.merchantId(), eventId));
      assertThat(ttl).isBetween(86_000L, 86_400L);
    }
    String k = kafkaKey(key.merchantId(), eventId);
    EVENTS.await(List.of(k), KAFKA_WAIT);
    assertThat(EVENTS.readNow(List.of(k)).get(k)).hasSize(1);
  }

  @Test
  void aCopyOfAnEventInFlightOnAnotherReplicaGets503UntilThatOneHasAVerdict() {
    Key key = DATA.createMerchantWithKey();
    String eventId = Events.newEventId();
    String redisKey = "tl:dedup:" + kafkaKey(key.merchantId(), eventId);
    try (RedisClient redis = RedisClient.create(REDIS.url());
        StatefulRedisConnection<String, String> c = redis.connect()) {
      // What a replica leaves while its Kafka write waits for a verdict.
      c.sync().set(redisKey, "p", SetArgs.Builder.ex(30));
      postServer(replica2, key, eventId)
          .expectStatus()
          .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
          .expectHeader()
          .exists(HttpHeaders.RETRY_AFTER)
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("kafka_unavailable");
      assertThat(c.sync().get(redisKey)).as("the other replica's reservation stays").isEqualTo("p");

      c.sync().del(redisKey); // that write failed, and its replica gave the key back
      postServer(replica2, key, eventId).expectStatus().isAccepted();
      assertThat(c.sync().get(redisKey)).isEqualTo("1");
      assertThat(c.sync().ttl(redisKey)).isBetween(86_000L, 86_400L);
      postServer(client, key, eventId).expectStatus().isEqualTo(HttpStatus.CONFLICT);
    }
    String k = kafkaKey(key.merchantId(), eventId);
    EVENTS.await(List.of(k), KAFKA_WAIT);
    assertThat(EVENTS.readNow(List.of(k)).get(k)).hasSize(1);
  }

  @Test
  void hundredConcurrentIdenticalRequestsGiveOne202And99Conflicts() {
    Key key = DATA.createMerchantWithKey();
    String eventId = Events.newEventId();
    Map<Integer, Long> statuses = ConcurrentPosts.identical(port, key, eventId, 100);
    assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(202, 1L, 409, 99L));
  }

  @Test
  void theRateLimitCountsEventsOnEveryReplica() {
    String merchant = DATA.createMerchant("active");
    String ip = "198.51.100.77";
    for (int i = 0; i < 15; i++) {
      postBrowser(client, merchant, ip).expectStatus().isAccepted();
      postBrowser(replica2, merchant, ip).expectStatus().isAccepted();
    }
    for (WebTestClient replica : List.of(client, replica2)) {
      postBrowser(replica, merchant, ip)
          .expectStatus()
          .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
          .expectHeader()
          .value(HttpHeaders.RETRY_AFTER, v -> assertThat(Integer.parseInt(v)).isBetween(1, 60))
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("rate_limited");
    }
    postBrowser(replica2, merchant, "198.51.100.78").expectStatus().isAccepted();
  }

  @Test
  void aCopyRefusedAs409GivesItsSlotBackOnEveryReplica() {
    String merchant = DATA.createMerchant("active");
    String ip = "198.51.100.79";
    String eventId = Events.newEventId();
    postBrowser(client, merchant, eventId, ip).expectStatus().isAccepted();
    for (int i = 0; i < 30; i++) {
      postBrowser(replica2, merchant, eventId, ip).expectStatus().isEqualTo(HttpStatus.CONFLICT);
    }
    for (int i = 0; i < 29; i++) {
      postBrowser(i % 2 == 0 ? client : replica2, merchant, ip).expectStatus().isAccepted();
    }
    postBrowser(client, merchant, ip).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
  }
}
