package dev.tracklayer.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.support.ApiIntegrationTest;
import dev.tracklayer.api.support.ClickHouseSeed;
import dev.tracklayer.core.delivery.DeliveryVersions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a pipeline recovery writes when it re-sends deliveries it had already settled (at-least-
 * once): the re-send's rows come after the final one, and the delivery keeps its first final state
 * everywhere the API shows or acts on it.
 */
class SettledDeliveriesIntegrationTest extends ApiIntegrationTest {
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private ClickHouseSeed.Event delivered;
  private ClickHouseSeed.Event failed;
  private ClickHouseSeed.Event recovered;

  @BeforeEach
  void seed() {
    String merchant = merchantId();
    String run = UUID.randomUUID().toString().substring(0, 8);
    ClickHouseSeed seed = new ClickHouseSeed(clickhouse);
    delivered = event(merchant, "delivered-" + run, Duration.ofMinutes(30));
    failed = event(merchant, "failed-" + run, Duration.ofMinutes(20));
    recovered = event(merchant, "recovered-" + run, Duration.ofMinutes(10));
    seed.event(delivered).event(failed).event(recovered);

    // Delivered, then re-sent after a recovery: the platform was down and the retries ran out.
    state(seed, delivered, "QUEUED", 0, 0, "", 0);
    state(seed, delivered, "DELIVERED", 1, 200, "", 1);
    state(seed, delivered, "QUEUED", 0, 0, "", 60);
    state(seed, delivered, "RETRY", 1, 503, "Service Unavailable", 61);
    state(seed, delivered, "ERROR", 5, 503, "Service Unavailable", 62);
    // Refused for good, then re-sent and still waiting to be retried.
    state(seed, failed, "QUEUED", 0, 0, "", 0);
    state(seed, failed, "FAILED", 1, 400, "Invalid parameter", 1);
    state(seed, failed, "QUEUED", 0, 0, "", 60);
    state(seed, failed, "RETRY", 1, 503, "Service Unavailable", 61);
    // Ran out of retries (no final state before), then delivered by a later re-send: the first
    // final state stays, as analytics counted it.
    state(seed, recovered, "RETRY", 3, 503, "Service Unavailable", 0);
    state(seed, recovered, "ERROR", 5, 503, "Service Unavailable", 1);
    state(seed, recovered, "DELIVERED", 1, 200, "", 60);
    seed.write();
  }

  private ClickHouseSeed.Event event(String merchant, String id, Duration age) {
    ClickHouseSeed.Event e = new ClickHouseSeed.Event(merchant, id);
    e.eventTime = now.minus(age);
    return e;
  }

  /** A row as the pipeline writes it, {@code seconds} after the event. */
  private static void state(
      ClickHouseSeed seed,
      ClickHouseSeed.Event e,
      String status,
      int attempts,
      int http,
      String error,
      int seconds) {
    boolean isFinal = !status.equals("QUEUED") && !status.equals("RETRY");
    int rank =
        List.of("QUEUED", "RETRY", "DELIVERED", "FAILED", "ERROR", "SKIPPED").indexOf(status);
    Instant at = e.eventTime.plusSeconds(seconds);
    seed.delivery(
        e, "meta", status, attempts, http, error, DeliveryVersions.of(at, rank, isFinal), at);
  }

  private JsonNode list(String query) {
    return body(get("/v1/events" + query).exchange().expectStatus().isOk());
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("items").forEach(i -> ids.add(i.get("event_id").asText()));
    return ids;
  }

  private String detailStatus(ClickHouseSeed.Event e) {
    JsonNode detail = body(get("/v1/events/" + e.eventId).exchange().expectStatus().isOk());
    return detail.at("/deliveries/0/status").asText();
  }

  @Test
  void aDeliveryKeepsItsFirstFinalStateInTheDetailAndTheList() {
    assertThat(detailStatus(delivered)).isEqualTo("DELIVERED");
    assertThat(detailStatus(failed)).isEqualTo("FAILED");
    assertThat(detailStatus(recovered)).isEqualTo("ERROR");
    assertThat(list("").findValuesAsText("status")).containsExactly("ERROR", "FAILED", "DELIVERED");
  }

  @Test
  void theStatusFilterAgreesWithTheDetail() {
    assertThat(ids(list("?status=DELIVERED"))).containsExactly(delivered.eventId);
    assertThat(ids(list("?status=FAILED"))).containsExactly(failed.eventId);
    assertThat(ids(list("?status=ERROR"))).containsExactly(recovered.eventId);
    assertThat(ids(list("?status=RETRY"))).isEmpty();
    assertThat(ids(list("?status=QUEUED"))).isEmpty();
  }

  @Test
  void retryFailedLeavesADeliveredEventAlone() {
    JsonNode nothing =
        body(
            post("/v1/events/" + delivered.eventId + "/retry-failed", null)
                .exchange()
                .expectStatus()
                .isEqualTo(409));
    assertThat(nothing.at("/error/code").asText()).isEqualTo("nothing_to_retry");
  }
}
