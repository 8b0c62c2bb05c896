package dev.tracklayer.flink.pipeline.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.analytics.IdentityFields;
import dev.tracklayer.core.event.Attribution;
import dev.tracklayer.core.event.BrowserIds;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.event.Touch;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.event.UserData;
import dev.tracklayer.core.identity.Sha256;
import dev.tracklayer.core.quality.Warning;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The JSON the rollup and other readers see on events.accepted and deliveries.results. */
class AnalyticsRecordsJsonTest {
  private static TrackEvent event() {
    TrackEvent e = new TrackEvent();
    e.merchantId = "m1";
    e.eventId = "e1";
    e.eventName = "purchase";
    e.source = "server";
    e.eventTime = 1_700_000_000L;
    e.receivedAt = 1_700_000_003_456L;
    e.currency = "EUR";
    e.userData = new UserData();
    e.userData.email = "Jane@Example.com";
    e.userData.phone = "+1 650 555 1212";
    e.userData.browserIds = new BrowserIds();
    e.userData.browserIds.fbp = "fb.1.1.1";
    e.attribution = new Attribution();
    e.attribution.firstTouch = new Touch();
    e.attribution.firstTouch.param = "ttclid";
    e.warnings = List.of(new Warning(Warning.PURCHASE_WITHOUT_VALUE, "$.value"));
    return e;
  }

  @Test
  void anAcceptedEventHasTheContractsFieldsAndNoPersonalData() throws Exception {
    JsonNode json = Json.readTree(Json.toBytes(AcceptedEvent.of(event())));
    Set<String> names = new java.util.TreeSet<>();
    json.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactlyInAnyOrder(
            "merchant_id",
            "event_id",
            "event_name",
            "source",
            "event_time",
            "received_at",
            "value",
            "currency",
            "fields",
            "customer_key",
            "first_touch_platform",
            "warning_codes",
            "warning_paths");
    assertThat(json.get("value").isNull()).isTrue();
    assertThat(json.get("event_time").asLong()).isEqualTo(1_700_000_000L);
    assertThat(json.get("received_at").asLong()).isEqualTo(1_700_000_003_456L);
    assertThat(json.get("customer_key").asText()).isEqualTo("em:" + Sha256.hex("jane@example.com"));
    assertThat(json.get("first_touch_platform").asText()).isEqualTo("tiktok");
    assertThat(json.get("fields").asInt())
        .isEqualTo(
            IdentityFields.EMAIL.bit() | IdentityFields.PHONE.bit() | IdentityFields.FBP.bit());
    assertThat(json.get("warning_codes").get(0).asText()).isEqualTo("purchase_without_value");
    assertThat(json.toString()).doesNotContain("Jane").doesNotContain("650");
  }

  @Test
  void deliveryResultsCarryTheEventsSourceTimeAndFieldsAndOldRecordsStillRead() throws Exception {
    DeliveryResult r =
        DeliveryResult.of(
            event(), "meta", "c1", DeliveryStatus.DELIVERED, 1, 200, null, Instant.now());
    JsonNode json = Json.readTree(Json.toBytes(r));
    assertThat(json.get("source").asText()).isEqualTo("server");
    assertThat(json.get("event_time").asLong()).isEqualTo(1_700_000_000L);
    assertThat(json.get("fields").asInt()).isEqualTo(AcceptedEvent.of(event()).fields);

    // A record from before these fields, with one from a newer writer the reader does not know.
    String old =
        "{\"merchant_id\":\"m1\",\"event_id\":\"e1\",\"event_name\":\"lead\",\"event_date\":"
            + "\"2026-01-01\",\"platform\":\"meta\",\"status\":\"DELIVERED\",\"latency_ms\":12,"
            + "\"updated_at\":1700000000,\"version\":1,\"added_later\":true}";
    DeliveryResult read = Json.mapper().readValue(old, DeliveryResult.class);
    assertThat(read.source).isEmpty();
    assertThat(read.eventTime).isZero();
    assertThat(read.fields).isZero();
    assertThat(read.isFinal()).isTrue();
  }
}
