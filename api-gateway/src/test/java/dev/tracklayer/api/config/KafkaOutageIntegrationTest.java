package dev.tracklayer.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.kafka.KafkaProperties;
import dev.tracklayer.api.support.ApiIntegrationTest;
import dev.tracklayer.api.support.TopicReader;
import dev.tracklayer.core.config.MerchantConfig;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.testing.KafkaTestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Kafka taken away mid-test (a broker of its own, stopped and started on the same port): every
 * change to platforms and rules is refused with 503 and Retry-After within the send timeout, and
 * none of them is left in PostgreSQL, so the client's retry once Kafka is back is accepted (not a
 * 409) and {@code config.changes} holds exactly the changes PostgreSQL has.
 */
@DirtiesContext
class KafkaOutageIntegrationTest extends ApiIntegrationTest {
  static final KafkaTestBroker BROKER = KafkaTestBroker.dedicated();

  static {
    BROKER.createTopics(2, EVENTS_TOPIC);
    BROKER.createTopics(1, CONFIG_TOPIC);
  }

  @DynamicPropertySource
  static void outage(DynamicPropertyRegistry registry) {
    registry.add("tracklayer.test.kafka-bootstrap", BROKER::bootstrapServers);
    registry.add("tracklayer.kafka.send-timeout", () -> "2s");
    registry.add("tracklayer.kafka.retry-after", () -> "3s");
  }

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  @Autowired KafkaProperties kafka;

  static final Map<String, Object> META =
      Map.of(
          "platform",
          "meta",
          "credentials",
          Map.of("pixel_id", "123456789012345", "access_token", "EAAG-outage-token"));

  private static JsonNode refused(WebTestClient.RequestHeadersSpec<?> request) {
    long start = System.nanoTime();
    JsonNode error =
        body(
            request
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .valueEquals(HttpHeaders.RETRY_AFTER, "3")
                .expectHeader()
                .contentType(MediaType.APPLICATION_JSON));
    // Bounded by the send timeout (2 s here), not the producer's two-minute default.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(error.at("/error/code").asText()).isEqualTo("unavailable");
    assertThat(error.at("/error/message").asText()).isNotBlank();
    return error;
  }

  @Test
  void changesAreRefusedWhileKafkaIsDownAndTheRetryIsClean() throws Exception {
    assertThat(kafka.bootstrapServers()).isEqualTo(BROKER.bootstrapServers());
    String merchant = merchantId();
    JsonNode rule =
        body(
            post("/v1/rules", Map.of("name", "All to GA4", "platforms", List.of("ga4")))
                .exchange()
                .expectStatus()
                .isCreated());
    String ruleId = rule.get("id").asText();

    BROKER.stop();
    try {
      refused(post("/v1/platforms", META));
      refused(post("/v1/rules", Map.of("name", "Second", "platforms", List.of("meta"))));
      refused(patch("/v1/rules/" + ruleId, Map.of("enabled", false), token));
      refused(delete("/v1/rules/" + ruleId, token));

      assertThat(body(get("/v1/platforms").exchange().expectStatus().isOk()).get("items"))
          .isEmpty();
      JsonNode rules = body(get("/v1/rules").exchange().expectStatus().isOk()).get("items");
      assertThat(rules).hasSize(1);
      assertThat(rules.get(0)).isEqualTo(rule);
    } finally {
      BROKER.start();
    }

    // The client retries the same request, as Retry-After told it to, until Kafka answers again.
    List<Integer> statuses = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int status;
    do {
      status = post("/v1/platforms", META).exchange().returnResult(Void.class).getStatus().value();
      statuses.add(status);
      if (status != 201) {
        Thread.sleep(500);
      }
    } while (status != 201 && System.nanoTime() < deadline);
    assertThat(status).as("statuses of the retries: %s", statuses).isEqualTo(201);
    assertThat(statuses).as("a retry found a half-made connection").doesNotContain(409);
    assertThat(body(get("/v1/platforms").exchange().expectStatus().isOk()).get("items")).hasSize(1);

    // The pipeline saw exactly what PostgreSQL has: the rule, then the rule and the connection.
    List<ConsumerRecord<String, byte[]>> published =
        TopicReader.await(
            BROKER.bootstrapServers(), CONFIG_TOPIC, r -> r.key().equals(merchant), 2);
    assertThat(published).hasSize(2);
    MerchantConfig last = Json.read(published.get(1).value(), MerchantConfig.class);
    assertThat(last.connections).hasSize(1);
    assertThat(last.connections.get(0).platform).isEqualTo("meta");
    assertThat(last.rules).hasSize(1);
    assertThat(last.rules.get(0).id).isEqualTo(ruleId);
    assertThat(last.rules.get(0).enabled).isTrue();
  }
}
