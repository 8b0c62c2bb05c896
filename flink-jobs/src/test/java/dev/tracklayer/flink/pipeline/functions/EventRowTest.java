package dev.tracklayer.flink.pipeline.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.clickhouse.ClickHouseMigrations;
import dev.tracklayer.core.clickhouse.ClickHouseSettings;
import dev.tracklayer.core.clickhouse.ClickHouseSql;
import dev.tracklayer.core.event.Attribution;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.event.Touch;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.testing.ClickHouseTestServer;
import dev.tracklayer.flink.pipeline.records.EventRow;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventRowTest {
  static final String MERCHANT = "5353bbf0-07ad-4636-98c6-64861af1b8c9";
  static final long CLICKED = 1_764_000_000L;

  private static EventRow row(TrackEvent event) {
    return EventRow.of(event);
  }

  private static TrackEvent withAttribution(Touch first, Touch last) {
    TrackEvent e = TestEvents.purchase(MERCHANT, "order-1", "10", "us");
    e.attribution = new Attribution(first, last);
    return e;
  }

  @Test
  void attributionBecomesPlatformKeysAndTheFirstTouchTime() {
    EventRow r =
        row(
            withAttribution(
                new Touch("gclid", "Cj0", CLICKED), new Touch("msclkid", "ms1", CLICKED + 60)));
    assertThat(r.firstTouchPlatform).isEqualTo("google_ads");
    assertThat(r.firstTouchAt).isEqualTo(CLICKED);
    assertThat(r.lastTouchPlatform).isEqualTo("microsoft");

    assertThat(row(withAttribution(new Touch("wbraid", "w", CLICKED), null)).firstTouchPlatform)
        .isEqualTo("google_ads");
    assertThat(row(withAttribution(new Touch("fbclid", "f", CLICKED), null)).firstTouchPlatform)
        .isEqualTo("meta");
    assertThat(row(withAttribution(null, new Touch("ScCid", "s", CLICKED))).lastTouchPlatform)
        .isEqualTo("snapchat");
    assertThat(row(withAttribution(null, new Touch("twclid", "t", CLICKED))).lastTouchPlatform)
        .isEqualTo("x");
  }

  @Test
  void withoutATouchTheColumnsHoldTheirDefaults() {
    EventRow none = row(TestEvents.purchase(MERCHANT, "order-1", "10", "us"));
    assertThat(none.firstTouchPlatform).isEmpty();
    assertThat(none.firstTouchAt).isZero();
    assertThat(none.lastTouchPlatform).isEmpty();

    EventRow lastOnly = row(withAttribution(null, new Touch("ttclid", "tt", CLICKED)));
    assertThat(lastOnly.firstTouchPlatform).isEmpty();
    assertThat(lastOnly.firstTouchAt).isZero();
    assertThat(lastOnly.lastTouchPlatform).isEqualTo("tiktok");
  }

  @Test
  void theAttributionStaysInThePayload() throws Exception {
    EventRow r = row(withAttribution(new Touch("epik", "ep", CLICKED), null));
    JsonNode payload = Json.readTree(r.payload);
    assertThat(payload.at("/attribution/first_touch/param").asText()).isEqualTo("epik");
    assertThat(payload.at("/attribution/first_touch/value").asText()).isEqualTo("ep");
  }

  /** Rows, as the sink writes them (RowBinary), fit the migrated events table. */
  @Test
  void rowsInsertIntoTheMigratedEventsTable() throws Exception {
    var settings =
        new ClickHouseSettings(ClickHouseTestServer.shared().url(), "event_row_test", null, null);
    try (var db = new ClickHouseDatabase(settings, Json.mapper())) {
      ClickHouseMigrations.apply(db);
      EventRow first =
          row(
              withAttribution(
                  new Touch("li_fat_id", "li", CLICKED), new Touch("rdt_cid", "rd", CLICKED + 5)));
      TrackEvent plain = TestEvents.purchase(MERCHANT, "order-2", "10", "us");
      var encoder = EventRow.CLICKHOUSE.encoder();
      db.insertRowBinary(
              "events",
              EventRow.CLICKHOUSE.columnNames(),
              List.of(encoder.encode(first), encoder.encode(row(plain))))
          .join();
      List<JsonNode> rows =
          db.query(
              ClickHouseSql.bind(
                  "SELECT event_id, first_touch_platform, toUnixTimestamp(first_touch_at) AS at,"
                      + " last_touch_platform FROM events FINAL WHERE merchant_id = ?"
                      + " ORDER BY event_id",
                  MERCHANT));
      assertThat(rows)
          .extracting(
              r ->
                  r.get("event_id").asText()
                      + " "
                      + r.get("first_touch_platform").asText()
                      + " "
                      + r.get("at").asLong()
                      + " "
                      + r.get("last_touch_platform").asText())
          .containsExactly("order-1 linkedin " + CLICKED + " reddit", "order-2  0 ");
    }
  }
}
