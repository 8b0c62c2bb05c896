package dev.tracklayer.ingest.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.testing.RedisTestServer;
import dev.tracklayer.ingest.testing.Events;
import dev.tracklayer.ingest.testing.GatewayTestSupport;
import dev.tracklayer.ingest.testing.TestData.Key;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The 24 h contract across a Redis crash: Redis runs as {@code ./tracklayer up} runs it
 * (deploy/redis/redis.conf), so an event accepted before Redis was killed is still a duplicate
 * after it comes back, not a second 202.
 */
class DedupAcrossRedisRestartTest extends GatewayTestSupport {
  static final String TOPIC = "events.raw.redis-restart";
  static final RedisTestServer REDIS = RedisTestServer.start();

  static {
    KAFKA.createTopics(2, TOPIC);
  }

  @DynamicPropertySource
  static void redisProperties(DynamicPropertyRegistry r) {
    register(r, properties(KAFKA.bootstrapServers(), TOPIC, REDIS.url()));
  }

  @AfterAll
  static void stopRedis() {
    REDIS.close();
  }

  @Test
  void anEventAcceptedBeforeRedisCrashedIsStillADuplicateAfter() throws InterruptedException {
    Key key = DATA.createMerchantWithKey();
    String eventId = Events.newEventId();
    assertThat(post(key, eventId)).isEqualTo(HttpStatus.ACCEPTED);

    REDIS.crashAndRestart();

    // Until the gateway has reconnected it lets events through (fail open, RedisDedupIndex); a new
    // event whose key lands in Redis shows it is back.
    try (RedisClient redis = RedisClient.create(REDIS.url());
        StatefulRedisConnection<String, String> c = redis.connect()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (true) {
        String probe = Events.newEventId();
        assertThat(post(key, probe)).isEqualTo(HttpStatus.ACCEPTED);
        if (c.sync().exists("tl:dedup:" + kafkaKey(key.merchantId(), probe)) == 1) {
          break;
        }
        assertThat(System.nanoTime()).as("gateway back on Redis").isLessThan(deadline);
        Thread.sleep(200);
      }
    }
    assertThat(post(key, eventId)).isEqualTo(HttpStatus.CONFLICT);
  }

  private HttpStatus post(Key key, String eventId) {
    return HttpStatus.valueOf(
        client
            .post()
            .uri("/v1/events")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + key.secret())
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Json.toJson(Events.purchase(key.merchantId(), eventId)))
            .exchange()
            .returnResult(String.class)
            .getStatus()
            .value());
  }
}
