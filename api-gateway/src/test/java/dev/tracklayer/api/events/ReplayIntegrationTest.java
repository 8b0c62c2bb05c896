package dev.tracklayer.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.support.ApiIntegrationTest;
import dev.tracklayer.api.support.ClickHouseSeed;
import dev.tracklayer.api.support.Tokens;
import dev.tracklayer.api.support.TopicReader;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.event.TrackEvent;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplayIntegrationTest extends ApiIntegrationTest {
  private String merchant;
  private ClickHouseSeed.Event purchase;
  private ClickHouseSeed.Event lead;
  private ClickHouseSeed.Event delivered;

  /** Three stored events: one with a failed platform, one with two retryable ones, one all done. */
  @BeforeEach
  void seed() {
    merchant = merchantId();
    String run = UUID.randomUUID().toString().substring(0, 8);
    Instant time = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    ClickHouseSeed seed = new ClickHouseSeed(clickhouse);
    purchase = new ClickHouseSeed.Event(merchant, "order/" + run);
    purchase.eventTime = time;
    purchase.source = "browser";
    purchase.value = new BigDecimal("99.90");
    purchase.currency = "USD";
    purchase.email = "buyer@example.com";
    seed.event(purchase)
        .delivery(purchase, "meta", "DELIVERED", 1, 200, "", 2)
        .delivery(purchase, "tiktok", "FAILED", 1, 400, "bad pixel", 2);
    lead = new ClickHouseSeed.Event(merchant, "lead-" + run);
    lead.eventName = "lead";
    lead.eventTime = time;
    seed.event(lead)
        .delivery(lead, "ga4", "ERROR", 5, 500, "gave up", 5)
        .delivery(lead, "snapchat", "RETRY", 2, 429, "slow down", 2)
        .delivery(lead, "meta", "SKIPPED", 0, 0, "no identifier", 1);
    delivered = new ClickHouseSeed.Event(merchant, "done-" + run);
    delivered.eventTime = time;
    seed.event(delivered)
        .delivery(delivered, "meta", "FAILED", 1, 400, "", 1)
        .delivery(delivered, "meta", "DELIVERED", 2, 200, "", 2);
    seed.write();
  }

  private static String path(String eventId, String action) {
    return "/v1/events/" + URLEncoder.encode(eventId, StandardCharsets.UTF_8) + "/" + action;
  }

  private List<ConsumerRecord<String, byte[]>> replays(int expected) {
    return TopicReader.await(EVENTS_TOPIC, r -> r.key().startsWith(merchant + ":"), expected);
  }

  @Test
  void replaySendsACopyWithTheNextIdThroughTheFullFanOut() {
    JsonNode first =
        body(post(path(purchase.eventId, "replay"), null).exchange().expectStatus().isOk());
    assertThat(first.get("ok").asBoolean()).isTrue();
    assertThat(first.get("event_id").asText()).isEqualTo(purchase.eventId + "-replay-1");
    assertThat(Instant.parse(first.get("replayed_at").asText()))
        .isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(10, ChronoUnit.SECONDS));
    assertThat(first.has("platforms")).isFalse();

    JsonNode second =
        body(post(path(purchase.eventId, "replay"), null).exchange().expectStatus().isOk());
    assertThat(second.get("event_id").asText()).isEqualTo(purchase.eventId + "-replay-2");

    List<ConsumerRecord<String, byte[]>> records = replays(2);
    assertThat(records).hasSize(2);
    assertThat(records)
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder(
            merchant + ":" + purchase.eventId + "-replay-1",
            merchant + ":" + purchase.eventId + "-replay-2");
    TrackEvent copy =
        records.stream()
            .filter(r -> r.key().endsWith("-replay-1"))
            .map(r -> Json.read(r.value(), TrackEvent.class))
            .findFirst()
            .orElseThrow();
    assertThat(copy.eventId).isEqualTo(purchase.eventId + "-replay-1");
    assertThat(copy.replayOf).isEqualTo(purchase.eventId);
    assertThat(copy.merchantId).isEqualTo(merchant);
    assertThat(copy.source).isEqualTo("browser");
    assertThat(copy.eventName).isEqualTo("purchase");
    assertThat(copy.eventTime).isEqualTo(purchase.eventTime.getEpochSecond());
    assertThat(copy.value).isEqualByComparingTo("99.90");
    assertThat(copy.userData.email).isEqualTo("buyer@example.com");
    assertThat(copy.platforms).isNull();
    assertThat(copy.receivedAt).isGreaterThan(Instant.now().minusSeconds(60).toEpochMilli());
    // both copies count toward the plan, in this calendar month (no subscription)
    assertThat(
            jdbc.sql(
                    "SELECT events FROM usage_periods WHERE merchant_id = :m::uuid"
                        + " AND period_start = date_trunc('month', now() AT TIME ZONE 'UTC')::date")
                .param("m", merchant)
                .query(Long.class)
                .single())
        .isEqualTo(2);
  }

  @Test
  void numberingContinuesAfterReplaysAlreadyInClickHouse() {
    ClickHouseSeed seed = new ClickHouseSeed(clickhouse);
    for (int n = 1; n <= 3; n++) {
      ClickHouseSeed.Event r = new ClickHouseSeed.Event(merchant, lead.eventId + "-replay-" + n);
      r.replayOf = lead.eventId;
      seed.event(r);
    }
    seed.write();
    JsonNode next = body(post(path(lead.eventId, "replay"), null).exchange().expectStatus().isOk());
    assertThat(next.get("event_id").asText()).isEqualTo(lead.eventId + "-replay-4");
  }

  @Test
  void replayingACopyNumbersItAfterTheOriginal() {
    ClickHouseSeed seed = new ClickHouseSeed(clickhouse);
    ClickHouseSeed.Event original = new ClickHouseSeed.Event(merchant, "orig-" + UUID.randomUUID());
    ClickHouseSeed.Event copy = new ClickHouseSeed.Event(merchant, original.eventId + "-replay-1");
    copy.replayOf = original.eventId;
    seed.event(original).event(copy);
    seed.write();
    JsonNode next = body(post(path(copy.eventId, "replay"), null).exchange().expectStatus().isOk());
    assertThat(next.get("event_id").asText()).isEqualTo(original.eventId + "-replay-2");
    assertThat(next.get("replay_of").asText()).isEqualTo(original.eventId);
  }

  @Test
  void concurrentReplaysGetDistinctNumbers() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Callable<String>> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        calls.add(
            () ->
                body(post(path(delivered.eventId, "replay"), null).exchange().expectStatus().isOk())
                    .get("event_id")
                    .asText());
      }
      Set<String> ids = new HashSet<>();
      for (Future<String> f : pool.invokeAll(calls)) {
        ids.add(f.get());
      }
      Set<String> expected = new HashSet<>();
      for (int n = 1; n <= 6; n++) {
        expected.add(delivered.eventId + "-replay-" + n);
      }
      assertThat(ids).isEqualTo(expected);
      assertThat(replays(6)).hasSize(6);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void forwardGoesOnlyToTheNamedConnectedPlatforms() {
    connect("meta", Map.of("pixel_id", "1", "access_token", "t"));
    connect("ga4", Map.of("measurement_id", "G-1", "api_secret", "s"));
    JsonNode answer =
        body(
            post(
                    path(purchase.eventId, "forward"),
                    Map.of("platforms", List.of("ga4", "meta", "ga4")))
                .exchange()
                .expectStatus()
                .isOk());
    assertThat(answer.get("event_id").asText()).isEqualTo(purchase.eventId + "-replay-1");
    assertThat(answer.get("platforms").toString()).isEqualTo("[\"ga4\",\"meta\"]");
    TrackEvent copy = Json.read(replays(1).get(0).value(), TrackEvent.class);
    assertThat(copy.platforms).containsExactly("ga4", "meta");
    assertThat(copy.replayOf).isEqualTo(purchase.eventId);
  }

  @Test
  void forwardRejectsUnknownUnconnectedOrMissingPlatforms() {
    connect("meta", Map.of("pixel_id", "1", "access_token", "t"));
    JsonNode unknown =
        body(
            post(path(purchase.eventId, "forward"), Map.of("platforms", List.of("meta", "myspace")))
                .exchange()
                .expectStatus()
                .isBadRequest());
    assertThat(unknown.at("/error/details/0/path").asText()).isEqualTo("$.platforms[1]");
    JsonNode unconnected =
        body(
            post(path(purchase.eventId, "forward"), Map.of("platforms", List.of("tiktok")))
                .exchange()
                .expectStatus()
                .isBadRequest());
    assertThat(unconnected.at("/error/code").asText()).isEqualTo("platform_not_connected");
    assertThat(unconnected.at("/error/details/0/path").asText()).isEqualTo("$.platforms[0]");
    post(path(purchase.eventId, "forward"), Map.of("platforms", List.of()))
        .exchange()
        .expectStatus()
        .isBadRequest();
    post(path(purchase.eventId, "forward"), null).exchange().expectStatus().isBadRequest();
    post(path(purchase.eventId, "forward"), "{\"platforms\":")
        .exchange()
        .expectStatus()
        .isBadRequest();
    assertThat(replays(0)).isEmpty();
  }

  @Test
  void retryFailedTargetsTheFailedErroredAndRetryingPlatforms() {
    JsonNode tiktok =
        body(post(path(purchase.eventId, "retry-failed"), null).exchange().expectStatus().isOk());
    assertThat(tiktok.get("platforms").toString()).isEqualTo("[\"tiktok\"]");
    JsonNode two =
        body(post(path(lead.eventId, "retry-failed"), null).exchange().expectStatus().isOk());
    assertThat(two.get("platforms").toString()).isEqualTo("[\"ga4\",\"snapchat\"]");
    assertThat(two.get("event_id").asText()).isEqualTo(lead.eventId + "-replay-1");

    List<ConsumerRecord<String, byte[]>> records = replays(2);
    assertThat(records).hasSize(2);
    TrackEvent leadCopy =
        records.stream()
            .filter(r -> r.key().contains(lead.eventId))
            .map(r -> Json.read(r.value(), TrackEvent.class))
            .findFirst()
            .orElseThrow();
    assertThat(leadCopy.platforms).containsExactly("ga4", "snapchat");

    JsonNode nothing =
        body(
            post(path(delivered.eventId, "retry-failed"), null)
                .exchange()
                .expectStatus()
                .isEqualTo(409));
    assertThat(nothing.at("/error/code").asText()).isEqualTo("nothing_to_retry");
    assertThat(nothing.at("/error/message").asText()).contains("FAILED, ERROR or RETRY");
  }

  @Test
  void anotherMerchantsEventCannotBeReplayed() {
    String intruder = Tokens.valid(Tokens.newSub());
    for (String action : List.of("replay", "retry-failed")) {
      post(path(purchase.eventId, action), null, intruder).exchange().expectStatus().isNotFound();
    }
    post(path(purchase.eventId, "forward"), Map.of("platforms", List.of("meta")), intruder)
        .exchange()
        .expectStatus()
        .isNotFound();
    post(path("missing", "replay"), null).exchange().expectStatus().isNotFound();
    assertThat(replays(0)).isEmpty();
  }

  private void connect(String platform, Map<String, String> credentials) {
    post("/v1/platforms", Map.of("platform", platform, "credentials", credentials))
        .exchange()
        .expectStatus()
        .isCreated();
  }
}
