package dev.tracklayer.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.core.event.EventValidator;
import dev.tracklayer.core.event.FieldError;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.event.ValidationResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventWarningsTest {
  private static final Instant NOW = Instant.parse("2026-04-20T10:00:00Z");
  private static final EventValidator VALIDATOR =
      new EventValidator(Clock.fixed(NOW, ZoneOffset.UTC));

  /** A server purchase that deserves no warning. */
  private static ObjectNode clean() {
    ObjectNode e = Json.mapper().createObjectNode();
    e.put("event_id", "order-1");
    e.put("event_name", "purchase");
    e.put("event_time", NOW.getEpochSecond());
    e.put("value", 10);
    e.put("currency", "usd");
    e.putObject("user_data").put("email", "buyer@example.com");
    return e;
  }

  /** Validates, completes the event as the server endpoint does, and computes its warnings. */
  private static List<Warning> warnings(ObjectNode body, String source) {
    ValidationResult result = VALIDATOR.validate(body);
    assertThat(result.errors()).isEmpty();
    TrackEvent event = result.event();
    event.source = source;
    return EventWarnings.of(body, event);
  }

  private static List<String> codesAndPaths(List<Warning> warnings) {
    return warnings == null ? List.of() : warnings.stream().map(Warning::toString).toList();
  }

  @Test
  void aCleanEventHasNone() {
    assertThat(warnings(clean(), "server")).isNull();
  }

  @Test
  void unknownTopLevelAndUserDataKeysAreNamedByPath() {
    ObjectNode body = clean();
    body.put("client_ip_address", "203.0.113.9"); // Meta's name, not ours
    body.put("received_at", 1); // the gateway's field: ignored when a client sends it
    ((ObjectNode) body.get("user_data")).put("client_ip_address", "203.0.113.9");
    assertThat(codesAndPaths(warnings(body, "server")))
        .containsExactly(
            "unknown_field@$.client_ip_address",
            "unknown_field@$.received_at",
            "unknown_field@$.user_data.client_ip_address");
  }

  @Test
  void unknownKeysAreCappedInNumberAndLength() {
    ObjectNode body = clean();
    for (int i = 0; i < 30; i++) {
      body.put("x" + i, i);
    }
    body.put("k".repeat(500), 1);
    List<Warning> w = warnings(body, "server");
    assertThat(w).hasSize(EventWarnings.MAX_UNKNOWN_FIELDS);

    ObjectNode longName = clean();
    longName.put("k".repeat(500), 1);
    assertThat(warnings(longName, "server").get(0).path)
        .isEqualTo("$." + "k".repeat(EventWarnings.MAX_NAME) + "…");
  }

  @Test
  void emailAndPhoneThatNormalizeToNothing() {
    ObjectNode body = clean();
    ((ObjectNode) body.get("user_data")).put("email", "not-an-email").put("phone", "12");
    assertThat(codesAndPaths(warnings(body, "server")))
        .containsExactly(
            "email_unusable@$.user_data.email",
            "phone_unusable@$.user_data.phone",
            "no_matchable_identifier@$.user_data");

    // A SHA-256 digest is usable as sent.
    ObjectNode hashed = clean();
    ((ObjectNode) hashed.get("user_data")).put("email", "a".repeat(64));
    assertThat(warnings(hashed, "server")).isNull();
  }

  @Test
  void purchaseWithoutValue() {
    ObjectNode body = clean();
    body.remove("value");
    body.remove("currency");
    assertThat(codesAndPaths(warnings(body, "server")))
        .containsExactly("purchase_without_value@$.value");
    ObjectNode alias = clean().put("event_name", "Purchase");
    alias.remove("value");
    assertThat(codesAndPaths(warnings(alias, "server")))
        .containsExactly("purchase_without_value@$.value");
    ObjectNode pageView = clean().put("event_name", "page_view");
    pageView.remove("value");
    pageView.remove("currency");
    assertThat(warnings(pageView, "server")).isNull();
  }

  @Test
  void browserEventWithoutFbp() {
    assertThat(codesAndPaths(warnings(clean(), "browser")))
        .containsExactly("browser_without_fbp@$.user_data.browser_ids.fbp");
    ObjectNode withFbp = clean();
    ((ObjectNode) withFbp.get("user_data")).putObject("browser_ids").put("fbp", "fb.1.1.1");
    assertThat(warnings(withFbp, "browser")).isNull();
  }

  @Test
  void serverEventWithoutAnyIdentifier() {
    ObjectNode none = clean();
    none.remove("user_data");
    assertThat(codesAndPaths(warnings(none, "server")))
        .containsExactly("no_matchable_identifier@$.user_data");

    // An address alone does not identify; with a User-Agent, Meta and others match on it.
    ObjectNode ipOnly = clean();
    ipOnly.putObject("user_data").put("client_ip", "203.0.113.9");
    assertThat(codesAndPaths(warnings(ipOnly, "offline")))
        .containsExactly("no_matchable_identifier@$.user_data");
    ((ObjectNode) ipOnly.get("user_data")).put("user_agent", "Mozilla/5.0");
    assertThat(warnings(ipOnly, "server")).isNull();

    for (String field : List.of("customer_id", "madid", "anon_id", "lead_id")) {
      ObjectNode one = clean();
      one.putObject("user_data").put(field, "id-1");
      assertThat(warnings(one, "server")).as(field).isNull();
    }
    ObjectNode clickId = clean();
    clickId.putObject("user_data").putObject("browser_ids").put("gclid", "Cj0");
    assertThat(warnings(clickId, "server")).isNull();
  }

  /**
   * The known keys are the validator's: each one, sent with a value of the wrong type, is refused
   * at its own path. A field added to the model but not validated (or the reverse) fails here.
   */
  @Test
  void theKnownKeysAreExactlyTheOnesTheValidatorReads() {
    for (String field : EventWarnings.TOP_LEVEL_FIELDS) {
      ObjectNode body = clean();
      body.put(field, true);
      assertThat(paths(VALIDATOR.validate(body))).as(field).contains("$." + field);
    }
    for (String field : EventWarnings.USER_DATA_FIELDS) {
      ObjectNode body = clean();
      ((ObjectNode) body.get("user_data")).put(field, true);
      assertThat(paths(VALIDATOR.validate(body))).as(field).contains("$.user_data." + field);
    }
    for (String pipelineField :
        List.of("received_at", "api_key_id", "ingest_ip", "platforms", "replay_of", "warnings")) {
      ObjectNode body = clean();
      body.put(pipelineField, true);
      assertThat(VALIDATOR.validate(body).isValid()).as(pipelineField).isTrue();
      assertThat(EventWarnings.TOP_LEVEL_FIELDS).doesNotContain(pipelineField);
    }
  }

  private static List<String> paths(ValidationResult result) {
    return result.errors().stream().map(FieldError::path).toList();
  }

  @Test
  void warningsTravelWithTheEventAsJson() throws Exception {
    ObjectNode body = clean();
    body.put("fbp", "fb.1.1.1");
    TrackEvent event = VALIDATOR.validate(body).event();
    event.warnings = EventWarnings.of(body, event);
    JsonNode json = Json.readTree(Json.toJson(event));
    assertThat(json.get("warnings").toString())
        .isEqualTo("[{\"code\":\"unknown_field\",\"path\":\"$.fbp\"}]");
    assertThat(Json.read(Json.toJson(event), TrackEvent.class)).isEqualTo(event);
  }
}
