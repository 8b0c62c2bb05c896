package dev.tracklayer.api.management;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.support.ApiIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;

/**
 * Health details and metrics are for operators: on the management port (loopback by default), not
 * on the public one, which keeps only the probes, answering a status and nothing else.
 */
class ManagementPortIntegrationTest extends ApiIntegrationTest {
  @Autowired ManagementServerProperties managementServer;

  @Test
  void thePublicPortHasOnlyTheProbesAndThoseSayNoMoreThanTheStatus() {
    for (String probe : List.of("/livez", "/readyz")) {
      JsonNode status = body(web.get().uri(probe).exchange().expectStatus().isOk());
      assertThat(status.get("status").asText()).isEqualTo("UP");
      assertThat(status.has("components")).as(probe).isFalse();
      assertThat(status.has("details")).as(probe).isFalse();
      assertThat(status.toString()).doesNotContain("db", "diskSpace", "PostgreSQL");
    }
    for (String path :
        List.of(
            "/actuator",
            "/actuator/health",
            "/actuator/health/readiness",
            "/actuator/prometheus",
            "/actuator/metrics",
            "/actuator/info")) {
      // Without a token like every unknown path; with one, nothing is there.
      web.get().uri(path).exchange().expectStatus().isUnauthorized();
      JsonNode missing = body(get(path).exchange().expectStatus().isNotFound());
      assertThat(missing.at("/error/code").asText()).as(path).isEqualTo("not_found");
    }
  }

  @Test
  void theManagementPortHasHealthWithDetailsAndPrometheusWithoutAToken() {
    JsonNode health =
        body(management().get().uri("/actuator/health").exchange().expectStatus().isOk());
    assertThat(health.at("/status").asText()).isEqualTo("UP");
    assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
    assertThat(health.at("/components/db/details/database").asText()).isEqualTo("PostgreSQL");
    assertThat(health.at("/components/diskSpace/details/total").asLong()).isPositive();
    management().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();

    // A request first, so the server's own timer has a sample.
    get("/v1/account").exchange().expectStatus().isOk();
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
    assertThat(scrape).contains("# TYPE jvm_memory_used_bytes gauge", "hikaricp_connections");
    assertThat(scrape)
        .containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/v1/account\"");
    JsonNode metrics =
        body(management().get().uri("/actuator/metrics").exchange().expectStatus().isOk());
    assertThat(metrics.get("names").toString()).contains("jvm.memory.used");
  }

  @Test
  void theManagementPortListensOnLoopbackByDefault() {
    assertThat(managementServer.getAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void theManagementPortServesNoApi() {
    management()
        .get()
        .uri("/v1/account")
        .headers(h -> h.setBearerAuth(token))
        .exchange()
        .expectStatus()
        .isNotFound();
    management().get().uri("/v3/api-docs").exchange().expectStatus().isNotFound();
  }
}
