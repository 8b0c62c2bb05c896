package dev.tracklayer.ingest.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.ingest.testing.Events;
import dev.tracklayer.ingest.testing.GatewayTestBase;
import dev.tracklayer.ingest.testing.TestData.Key;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * What operators scrape and probe: Prometheus counters and histogram and health with details on the
 * management port; on the public port only the probes, answering a status.
 */
class ObservabilityTest extends GatewayTestBase {
  @Autowired ManagementServerProperties managementServer;

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
        management()
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
  void theManagementPortShowsHealthWithDetailsKafkaIncluded() {
    management()
        .get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP")
        .jsonPath("$.components.kafka.status")
        .isEqualTo("UP")
        .jsonPath("$.components.kafka.details.topic")
        .isEqualTo(TOPIC)
        .jsonPath("$.components.db.details.database")
        .isEqualTo("PostgreSQL")
        .jsonPath("$.components.diskSpace.details.path")
        .exists();
    management().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    management()
        .get()
        .uri("/actuator/metrics")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.names[?(@ == 'tracklayer.ingest.events')]")
        .exists();
  }

  /**
   * Load balancers and the kubelet probe the public port: a status, nothing an attacker can use.
   */
  @Test
  void thePublicPortHasOnlyProbesThatAnswerAStatus() {
    for (String probe : new String[] {"/livez", "/readyz"}) {
      JsonNode status =
          Json.read(
              client
                  .get()
                  .uri(probe)
                  .exchange()
                  .expectStatus()
                  .isOk()
                  .expectBody()
                  .returnResult()
                  .getResponseBody(),
              JsonNode.class);
      assertThat(status.get("status").asText()).isEqualTo("UP");
      assertThat(status.has("components")).as(probe).isFalse();
      assertThat(status.has("details")).as(probe).isFalse();
      assertThat(status.toString()).doesNotContain("kafka", TOPIC, "diskSpace", "PostgreSQL");
    }
    for (String path :
        new String[] {
          "/actuator",
          "/actuator/health",
          "/actuator/health/readiness",
          "/actuator/prometheus",
          "/actuator/metrics",
          "/actuator/info"
        }) {
      client
          .get()
          .uri(path)
          .exchange()
          .expectStatus()
          .isNotFound()
          .expectHeader()
          .contentType(MediaType.APPLICATION_JSON)
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("not_found");
    }
  }

  @Test
  void theManagementPortListensOnLoopbackByDefault() {
    assertThat(managementServer.getAddress().isLoopbackAddress()).isTrue();
  }

  /**
   * The event routes are Reactor Netty's on the public server only. (The WebFlux router functions
   * of the main context are visible to the management context, so the 405 router answers here.)
   */
  @Test
  void theManagementPortTakesNoEvents() {
    Key key = DATA.createMerchantWithKey();
    double accepted = eventCount("server", "accepted");
    management()
        .post()
        .uri("/v1/events")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + key.secret())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Json.toJson(Events.purchase(key.merchantId(), Events.newEventId())))
        .exchange()
        .expectStatus()
        .is4xxClientError();
    assertThat(eventCount("server", "accepted")).isEqualTo(accepted);
  }
}
