package dev.tracklayer.core.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tracklayer.core.testing.ClickHouseTestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClickHouseMigrationsTest {
  @Test
  void appliesEachFileOnceAndTheTablesTakeRows() {
    var settings =
        new ClickHouseSettings(ClickHouseTestServer.shared().url(), "mig_test", null, null);
    try (var db = new ClickHouseDatabase(settings, JsonMapper.builder().build())) {
      assertThat(ClickHouseMigrations.apply(db))
          .containsExactly("V001__events.sql", "V002__deliveries.sql");
      assertThat(ClickHouseMigrations.apply(db)).isEmpty();
      // The tables are in the named database, not in the server's default one.
      assertThat(
              db.query(
                      "SELECT count() AS n FROM system.tables WHERE database = 'mig_test'"
                          + " AND name IN ('events', 'deliveries')")
                  .get(0)
                  .get("n")
                  .asInt())
          .isEqualTo(2);

      db.insert(
          "deliveries",
          List.of(
              Map.of(
                  "merchant_id",
                  "m1",
                  "event_id",
                  "e1",
                  "platform",
                  "meta",
                  "status",
                  "QUEUED",
                  "event_date",
                  "2026-11-26",
                  "received_at",
                  1764150000,
                  "updated_at",
                  1764150000,
                  "version",
                  1),
              Map.of(
                  "merchant_id",
                  "m1",
                  "event_id",
                  "e1",
                  "platform",
                  "meta",
                  "status",
                  "DELIVERED",
                  "event_date",
                  "2026-11-26",
                  "received_at",
                  1764150000,
                  "updated_at",
                  1764150001,
                  "version",
                  2)));
      var rows =
          db.query(
              ClickHouseSql.bind(
                  "SELECT platform, status FROM deliveries FINAL WHERE merchant_id = ?", "m1"));
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).get("status").asText()).isEqualTo("DELIVERED");
    }
  }
}
