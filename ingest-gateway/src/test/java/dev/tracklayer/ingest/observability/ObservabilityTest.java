package dev.tracklayer.ingest.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.event.Json;
import dev.tracklayer.ingest.testing.Events;
import dev.tracklayer.ingest.testing.GatewayTestBase;
import dev.tracklayer.ingest.testing.TestData.Key;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** What operators scrape and probe: Prometheus counters and histogram, Kafka-aware readiness. */
class ObservabilityTest extends GatewayTestBase {

  @Test
  void prometheusHasEveryOutcomeCounterTheKafkaLatencyHistogramAndTheProducerMetrics() {
    Key key = DATA.createMerchantWithKey();
    client
        .post()
        .uri("/v1/events")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + key.secret())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Json.toJson(Events.purchase(key.merchantId(), Events.newEventId())))
        .exchange()
        .expectStatus()
        .isAccepted();

    String scrape =
        client
            .get()
            .uri("/actuator/prometheus")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    for (String endpoint : new String[] {"server", "browser"}) {
      for (String outcome :
          new String[] {
            "accepted", "invalid", "rejected", "duplicate", "rate_limited", "bot_dropped", "failed"
          }) {
        assertThat(scrape)
            .contains(
                "tracklayer_ingest_events_total{endpoint=\""
                    + endpoint
                    + "\",outcome=\""
                    + outcome
                    + "\"");
      }
    }
    assertThat(scrape)
        .containsPattern(
            "tracklayer_ingest_kafka_write_seconds_bucket\\{result=\"ok\",le=\"[0-9.]+\"\\} [1-9]");
    assertThat(scrape)
        .containsPattern("tracklayer_ingest_kafka_write_seconds_count\\{result=\"ok\"\\} [1-9]");
    // The in-process dedup index (no Redis here) remembers the whole window while it has room.
    assertThat(scrape).containsPattern("tracklayer_ingest_dedup_memory_seconds 86400(\\.0)?\n");
    // The producer's own figures, e.g. how many events share a produce request.
    assertThat(scrape)
        .containsPattern(
            "kafka_producer_record_send_total\\{[^}]*client_id=\"ingest-gateway\"[^}]*\\} [1-9]")
        .contains("kafka_producer_records_per_request_avg{");
  }

  @Test
  void readinessIncludesKafka() {
    client
        .get()
        .uri("/actuator/health/readiness")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP")
        .jsonPath("$.components.kafka.status")
        .isEqualTo("UP")
        .jsonPath("$.components.kafka.details.topic")
        .isEqualTo(TOPIC);
    client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
  }
}
