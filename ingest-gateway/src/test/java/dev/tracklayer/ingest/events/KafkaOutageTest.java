package dev.tracklayer.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.testing.KafkaTestBroker;
import dev.tracklayer.core.testing.RedisTestServer;
import dev.tracklayer.ingest.testing.Events;
import dev.tracklayer.ingest.testing.EventsTopic;
import dev.tracklayer.ingest.testing.GatewayTestSupport;
import dev.tracklayer.ingest.testing.TestData.Key;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * Kafka taken away mid-test (a broker of its own, stopped and started on the same port): the
 * gateway answers 503 with Retry-After instead of 202, readiness goes down, and once the broker is
 * back the client's retry of the same event is accepted, not refused as a duplicate. Redis holds
 * the dedup reservations, so their release is the shared index's.
 */
@DirtiesContext
class KafkaOutageTest extends GatewayTestSupport {
  static final String TOPIC = "events.raw";
  static final KafkaTestBroker BROKER = KafkaTestBroker.dedicated();
  static final EventsTopic EVENTS = new EventsTopic(BROKER.bootstrapServers(), TOPIC);

  static {
    BROKER.createTopics(2, TOPIC);
  }

  @DynamicPropertySource
  static void outageProperties(DynamicPropertyRegistry r) {
    Map<String, String> p =
        properties(BROKER.bootstrapServers(), TOPIC, RedisTestServer.shared().url());
    p.put("tracklayer.kafka.request-timeout", "1s");
    p.put("tracklayer.kafka.delivery-timeout", "3s");
    p.put("tracklayer.kafka.max-block", "1s");
    p.put("tracklayer.kafka.retry-after", "2s");
    p.put("tracklayer.kafka.health-interval", "500ms");
    p.put("tracklayer.kafka.health-timeout", "1s");
    register(r, p);
  }

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  private EntityExchangeResult<byte[]> post(Key key, String eventId) {
    return client
        .mutate()
        .responseTimeout(Duration.ofSeconds(30))
        .build()
        .post()
        .uri("/v1/events")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + key.secret())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Json.toJson(Events.purchase(key.merchantId(), eventId)))
        .exchange()
        .expectBody()
        .returnResult();
  }

  /** What a load balancer sees on the public port. */
  private int readiness() {
    return client.get().uri("/readyz").exchange().returnResult(Void.class).getStatus().value();
  }

  private void awaitReadiness(int status) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (readiness() != status) {
      assertThat(System.nanoTime()).as("readiness never became %s", status).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  @Test
  void brokerDownGives503ThenTheRetryIsAccepted() throws Exception {
    Key key = DATA.createMerchantWithKey();
    String before = Events.newEventId();
    assertThat(post(key, before).getStatus().value()).isEqualTo(202);
    awaitReadiness(200);

    BROKER.stop();
    String eventId = Events.newEventId();
    double failed = eventCount("server", "failed");
    long start = System.nanoTime();
    EntityExchangeResult<byte[]> refused = post(key, eventId);
    Duration waited = Duration.ofNanos(System.nanoTime() - start);

    assertThat(refused.getStatus().value()).isEqualTo(503);
    assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
    assertThat(
            Json.read(refused.getResponseBody(), com.fasterxml.jackson.databind.JsonNode.class)
                .at("/error/code")
                .asText())
        .isEqualTo("kafka_unavailable");
    // Bounded by delivery.timeout.ms (3 s here), not the producer's two-minute default.
    assertThat(waited).isLessThan(Duration.ofSeconds(10));
    assertThat(eventCount("server", "failed")).isEqualTo(failed + 1);
    awaitReadiness(503);

    BROKER.start();
    List<Integer> retries = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    int status;
    do {
      status = post(key, eventId).getStatus().value();
      retries.add(status);
      if (status != 202) {
        Thread.sleep(500);
      }
    } while (status != 202 && System.nanoTime() < deadline);
    assertThat(status).as("statuses of the retries: %s", retries).isEqualTo(202);
    assertThat(retries).as("a retry was refused as a duplicate").doesNotContain(409);
    awaitReadiness(200);

    EVENTS.await(
        List.of(kafkaKey(key.merchantId(), before), kafkaKey(key.merchantId(), eventId)),
        Duration.ofSeconds(30));
    // And now it is a duplicate.
    assertThat(post(key, eventId).getStatus().value()).isEqualTo(409);
  }
}
