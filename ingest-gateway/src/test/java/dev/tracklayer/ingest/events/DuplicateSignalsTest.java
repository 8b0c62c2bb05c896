package dev.tracklayer.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.core.analytics.IdentityFields;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.ingest.testing.Events;
import dev.tracklayer.ingest.testing.EventsTopic;
import dev.tracklayer.ingest.testing.GatewayTestBase;
import dev.tracklayer.ingest.testing.TestData.Key;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * docs/ingest.md "Dedup (409)": a copy answered 409 becomes one record of events.duplicates (which
 * fields it carried, never their values), so the live view can show it beside the kept copy; the
 * 409 itself is the same as ever.
 */
class DuplicateSignalsTest extends GatewayTestBase {
  static final String DUPLICATES_TOPIC = "events.duplicates";
  static final EventsTopic DUPLICATES = new EventsTopic(KAFKA.bootstrapServers(), DUPLICATES_TOPIC);
  static final String CHROME =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36";

  /** The 409 as docs/ingest.md documents it, byte for byte. */
  static final String CONFLICT =
      "{\"error\":{\"code\":\"duplicate_event\",\"message\":\"an event with this event_id was"
          + " already accepted in the last 24 hours\",\"details\":[]}}";

  static {
    KAFKA.createTopics(2, DUPLICATES_TOPIC);
  }

  private WebTestClient.ResponseSpec postServer(Key key, ObjectNode body) {
    return client
        .post()
        .uri("/v1/events")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + key.secret())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Json.toJson(body))
        .exchange();
  }

  private WebTestClient.ResponseSpec postBrowser(ObjectNode body, String ip) {
    return client
        .post()
        .uri("/v1/browser/events")
        .contentType(MediaType.TEXT_PLAIN)
        .header("X-Forwarded-For", ip)
        .header(HttpHeaders.USER_AGENT, CHROME)
        .bodyValue(Json.toJson(body))
        .exchange();
  }

  private double written() {
    return meters.get("tracklayer.ingest.duplicates").tag("outcome", "written").counter().count();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static int bits(IdentityFields... fields) {
    int mask = 0;
    for (IdentityFields f : fields) {
      mask |= f.bit();
    }
    return mask;
  }

  @Test
  void aServerCopyAnswered409IsRecordedOnceWithItsFieldsButNoValues() {
    Key key = DATA.createMerchantWithKey();
    String eventId = Events.newEventId();
    double writtenBefore = written();
    postServer(key, Events.purchase(null, eventId)).expectStatus().isAccepted();

    // The copy carries other fields than the first: the record describes the copy.
    ObjectNode copy = Events.purchase(null, eventId);
    copy.putObject("user_data").put("email", "copy@example.com").put("phone", "+15557654321");
    long before = System.currentTimeMillis();
    postServer(key, copy)
        .expectStatus()
        .isEqualTo(409)
        .expectHeader()
        .contentType(MediaType.APPLICATION_JSON)
        .expectBody()
        .json(CONFLICT, true);

    // The accepted copy wrote nothing here: on one partition, in order, it would come first.
    JsonNode r = DUPLICATES.awaitOne(kafkaKey(key.merchantId(), eventId), KAFKA_WAIT).value();
    assertThat(fieldNames(r))
        .containsExactlyInAnyOrder(
            "merchant_id", "event_id", "event_name", "source", "received_at", "fields");
    assertThat(r.get("merchant_id").asText()).isEqualTo(key.merchantId());
    assertThat(r.get("event_id").asText()).isEqualTo(eventId);
    assertThat(r.get("event_name").asText()).isEqualTo("purchase");
    assertThat(r.get("source").asText()).isEqualTo("server");
    assertThat(r.get("received_at").asLong()).isBetween(before, System.currentTimeMillis());
    assertThat(r.get("fields").asInt()).isEqualTo(bits(IdentityFields.EMAIL, IdentityFields.PHONE));
    assertThat(r.toString())
        .doesNotContain("copy@example.com", "+15557654321", "buyer@example.com", "129.99");
    assertThat(written()).isGreaterThan(writtenBefore);
  }

  @Test
  void aBrowserCopyAnswered409IsRecordedWithWhatTheConnectionAdded() {
    String merchant = DATA.createMerchant("active");
    String eventId = Events.newEventId();
    ObjectNode body = Events.pageView(merchant, eventId);
    body.putObject("user_data").putObject("browser_ids").put("fbp", "fb.1.1700000000000.77");
    postBrowser(body, "203.0.113.77").expectStatus().isAccepted();

    postBrowser(body, "203.0.113.78")
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .json(CONFLICT, true);

    JsonNode r = DUPLICATES.awaitOne(kafkaKey(merchant, eventId), KAFKA_WAIT).value();
    assertThat(r.get("source").asText()).isEqualTo("browser");
    assertThat(r.get("event_name").asText()).isEqualTo("page_view");
    // the gateway fills the client's address and user agent in, as in the accepted record
    assertThat(r.get("fields").asInt())
        .isEqualTo(bits(IdentityFields.IP, IdentityFields.USER_AGENT, IdentityFields.FBP));
    assertThat(r.toString()).doesNotContain("203.0.113", "Chrome", "fb.1.1700000000000.77");
  }
}
