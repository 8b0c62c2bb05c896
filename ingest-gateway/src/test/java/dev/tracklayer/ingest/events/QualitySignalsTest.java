package dev.tracklayer.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.ingest.testing.Events;
import dev.tracklayer.ingest.testing.EventsTopic;
import dev.tracklayer.ingest.testing.GatewayTestBase;
import dev.tracklayer.ingest.testing.TestData.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * docs/ingest.md "Quality signals": requests refused with 400 become records of events.rejected
 * (codes and paths, never the body), and accepted events carry their warnings into Kafka.
 */
class QualitySignalsTest extends GatewayTestBase {
  static final String REJECTED = "events.rejected";
  static final EventsTopic REJECTIONS = new EventsTopic(KAFKA.bootstrapServers(), REJECTED);

  static {
    KAFKA.createTopics(2, REJECTED);
  }

  private WebTestClient.ResponseSpec postServer(Key key, MediaType type, String body) {
    return client
        .post()
        .uri("/v1/events")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + key.secret())
        .contentType(type)
        .bodyValue(body)
        .exchange();
  }

  private WebTestClient.ResponseSpec postBrowser(String body) {
    return client
        .post()
        .uri("/v1/browser/events")
        .contentType(MediaType.TEXT_PLAIN)
        .header(HttpHeaders.USER_AGENT, "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0")
        .bodyValue(body)
        .exchange();
  }

  private double rejections(String outcome) {
    return meters.get("tracklayer.ingest.rejections").tag("outcome", outcome).counter().count();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> warnings(JsonNode record) {
    List<String> out = new ArrayList<>();
    for (JsonNode w : record.path("warnings")) {
      out.add(w.get("code").asText() + " " + w.get("path").asText());
    }
    return out;
  }

  @Test
  void aServerEventRefusedAsInvalidIsRecordedWithoutItsBody() {
    Key key = DATA.createMerchantWithKey();
    String eventId = Events.newEventId();
    ObjectNode body = Events.purchase(null, eventId);
    body.put("value", "129.99"); // a string: invalid_type
    body.remove("event_name"); // required
    double writtenBefore = rejections("written");
    long before = System.currentTimeMillis();

    postServer(key, MediaType.APPLICATION_JSON, Json.toJson(body)).expectStatus().isBadRequest();

    EventsTopic.Record record = REJECTIONS.awaitOne(key.merchantId(), KAFKA_WAIT);
    JsonNode r = record.value();
    assertThat(fieldNames(r))
        .containsExactlyInAnyOrder(
            "merchant_id", "endpoint", "code", "details", "event_id", "received_at");
    assertThat(r.get("merchant_id").asText()).isEqualTo(key.merchantId());
    assertThat(r.get("endpoint").asText()).isEqualTo("server");
    assertThat(r.get("code").asText()).isEqualTo("validation_failed");
    assertThat(r.get("event_id").asText()).isEqualTo(eventId);
    assertThat(r.get("received_at").asLong()).isBetween(before, System.currentTimeMillis());
    List<String> details = new ArrayList<>();
    for (JsonNode d : r.get("details")) {
      assertThat(fieldNames(d)).containsExactly("code", "path");
      details.add(d.get("code").asText() + " " + d.get("path").asText());
    }
    assertThat(details).containsExactlyInAnyOrder("required $.event_name", "invalid_type $.value");
    // Personal data and values stay out.
    assertThat(r.toString()).doesNotContain("buyer@example.com", "Lovelace", "129.99", "SKU-A");
    assertThat(rejections("written")).isGreaterThan(writtenBefore);
  }

  @Test
  void unparseableServerBodiesAreRecordedWithNoDetailsAndOtherRefusalsAreNot() {
    Key key = DATA.createMerchantWithKey();
    // Not written: 415 and 403 are not 400s.
    postServer(key, MediaType.TEXT_PLAIN, "{}").expectStatus().isEqualTo(415);
    ObjectNode otherMerchant = Events.purchase(UUID.randomUUID().toString(), Events.newEventId());
    postServer(key, MediaType.APPLICATION_JSON, Json.toJson(otherMerchant))
        .expectStatus()
        .isForbidden();

    postServer(key, MediaType.APPLICATION_JSON, "{\"event_id\":\"e-1\",\"email\":\"a@b.c\"")
        .expectStatus()
        .isBadRequest();

    // One record only: the merchant's records share a partition, in order, so the 415 and the
    // 403, had they been written, would be read before this one.
    JsonNode r = REJECTIONS.awaitOne(key.merchantId(), KAFKA_WAIT).value();
    assertThat(r.get("code").asText()).isEqualTo("invalid_json");
    assertThat(r.get("details").isArray()).isTrue();
    assertThat(r.get("details")).isEmpty();
    assertThat(r.has("event_id")).isFalse();
    assertThat(r.toString()).doesNotContain("a@b.c");
  }

  @Test
  void aBrowserEventRefusedAsInvalidIsRecordedUnderTheMerchantItNames() {
    // The merchant need not exist: the body names it, and that is what is counted.
    String merchant = UUID.randomUUID().toString();
    ObjectNode body = Events.pageView(merchant.toUpperCase(), "pv-1");
    body.put("event_time", "yesterday");
    body.putObject("user_data").put("email", "shopper@example.com");

    postBrowser(Json.toJson(body)).expectStatus().isBadRequest();

    JsonNode r = REJECTIONS.awaitOne(merchant, KAFKA_WAIT).value();
    assertThat(r.get("merchant_id").asText()).isEqualTo(merchant);
    assertThat(r.get("endpoint").asText()).isEqualTo("browser");
    assertThat(r.get("code").asText()).isEqualTo("validation_failed");
    assertThat(r.get("event_id").asText()).isEqualTo("pv-1");
    assertThat(r.at("/details/0/code").asText()).isEqualTo("invalid_type");
    assertThat(r.at("/details/0/path").asText()).isEqualTo("$.event_time");
    assertThat(r.toString()).doesNotContain("shopper@example.com", "yesterday", "shop.example");
  }

  @Test
  void anAcceptedServerEventCarriesItsWarnings() {
    Key key = DATA.createMerchantWithKey();
    String eventId = Events.newEventId();
    ObjectNode body = Events.purchase(null, eventId);
    body.remove("value");
    body.remove("currency");
    body.put("client_ip_address", "203.0.113.9");
    ObjectNode u = (ObjectNode) body.get("user_data");
    u.put("client_ip_address", "203.0.113.9").put("email", "no-at-sign").put("phone", "12");

    postServer(key, MediaType.APPLICATION_JSON, Json.toJson(body)).expectStatus().isAccepted();

    JsonNode written = EVENTS.awaitOne(kafkaKey(key.merchantId(), eventId), KAFKA_WAIT).value();
    assertThat(warnings(written))
        .containsExactly(
            "unknown_field $.client_ip_address",
            "unknown_field $.user_data.client_ip_address",
            "email_unusable $.user_data.email",
            "phone_unusable $.user_data.phone",
            "purchase_without_value $.value");
  }

  @Test
  void aServerEventWithNothingToMatchOnIsFlagged() {
    Key key = DATA.createMerchantWithKey();
    String eventId = Events.newEventId();
    ObjectNode body = Events.purchase(null, eventId);
    body.putObject("user_data").put("client_ip", "203.0.113.9").put("city", "Lyon");

    postServer(key, MediaType.APPLICATION_JSON, Json.toJson(body)).expectStatus().isAccepted();

    JsonNode written = EVENTS.awaitOne(kafkaKey(key.merchantId(), eventId), KAFKA_WAIT).value();
    assertThat(warnings(written)).containsExactly("no_matchable_identifier $.user_data");
  }

  @Test
  void anAcceptedBrowserEventCarriesItsWarningsAndACleanOneNone() {
    String merchant = DATA.createMerchant("active");
    String withoutFbp = Events.newEventId();
    ObjectNode body = Events.pageView(merchant, withoutFbp);
    body.put("page_title", "Home");
    postBrowser(Json.toJson(body)).expectStatus().isAccepted();

    String clean = Events.newEventId();
    ObjectNode cleanBody = Events.pageView(merchant, clean);
    cleanBody.putObject("user_data").putObject("browser_ids").put("fbp", "fb.1.1700000000000.1");
    postBrowser(Json.toJson(cleanBody)).expectStatus().isAccepted();

    JsonNode written = EVENTS.awaitOne(kafkaKey(merchant, withoutFbp), KAFKA_WAIT).value();
    assertThat(warnings(written))
        .containsExactly(
            "unknown_field $.page_title", "browser_without_fbp $.user_data.browser_ids.fbp");
    JsonNode cleanWritten = EVENTS.awaitOne(kafkaKey(merchant, clean), KAFKA_WAIT).value();
    assertThat(cleanWritten.has("warnings")).isFalse();
  }
}
