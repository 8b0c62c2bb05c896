package dev.tracklayer.core.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tracklayer.core.testing.ClickHouseTestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClickHouseMigrationsTest {
  /** Every migration, in the order sql/clickhouse/migrations.list gives. */
  private static List<String> listed() {
    try {
      return java.nio.file.Files.readAllLines(
              dev.tracklayer.core.testing.RepoPaths.root()
                  .resolve("sql/clickhouse/migrations.list"))
          .stream()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void appliesEachFileOnceAndTheTablesTakeRows() {
    var settings =
        new ClickHouseSettings(ClickHouseTestServer.shared().url(), "mig_test", null, null);
    try (var db = new ClickHouseDatabase(settings, JsonMapper.builder().build())) {
      assertThat(ClickHouseMigrations.apply(db)).containsExactlyElementsOf(listed());
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

  /** A database made before V003 (with rows in it) gets V003 onwards, and its rows the defaults. */
  @Test
  void attributionColumnsAreAddedToAnExistingEventsTable() throws IOException {
    var settings =
        new ClickHouseSettings(ClickHouseTestServer.shared().url(), "mig_v003_test", null, null);
    try (var db = new ClickHouseDatabase(settings, JsonMapper.builder().build())) {
      db.createDatabaseIfMissing();
      db.execute(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version String,"
              + " applied_at DateTime('UTC')) ENGINE = MergeTree ORDER BY version");
      for (String name : List.of("V001__events.sql", "V002__deliveries.sql")) {
        for (String statement : ClickHouseMigrations.statements(resource(name))) {
          db.execute(statement);
        }
        db.execute(ClickHouseSql.bind("INSERT INTO schema_migrations VALUES (?, now())", name));
      }
      db.insert("events", List.of(event("before", Map.of())));

      // The files after the two applied by hand, V003 first.
      assertThat(ClickHouseMigrations.apply(db))
          .containsExactlyElementsOf(listed().subList(2, listed().size()));
      assertThat(ClickHouseMigrations.apply(db)).isEmpty();

      var columns =
          db.query(
              "SELECT name, type FROM system.columns"
                  + " WHERE database = 'mig_v003_test' AND table = 'events'"
                  + " AND name LIKE '%touch%' ORDER BY name");
      assertThat(columns)
          .extracting(c -> c.get("name").asText() + " " + c.get("type").asText())
          .containsExactly(
              "first_touch_at DateTime('UTC')",
              "first_touch_platform String",
              "last_touch_platform String");

      db.insert(
          "events",
          List.of(
              event(
                  "after",
                  Map.of(
                      "first_touch_platform",
                      "google_ads",
                      "first_touch_at",
                      1764150000,
                      "last_touch_platform",
                      "microsoft"))));
      var rows =
          db.query(
              "SELECT event_id, first_touch_platform, toUnixTimestamp(first_touch_at) AS ft_at,"
                  + " last_touch_platform FROM events FINAL ORDER BY event_id");
      assertThat(rows)
          .extracting(
              r ->
                  r.get("event_id").asText()
                      + " "
                      + r.get("first_touch_platform").asText()
                      + " "
                      + r.get("ft_at").asLong()
                      + " "
                      + r.get("last_touch_platform").asText())
          .containsExactly("after google_ads 1764150000 microsoft", "before  0 ");
      // V005: rows from before the warnings columns read as having none.
      assertThat(
              db.query(
                      "SELECT length(warning_codes) + length(warning_paths) AS n FROM events"
                          + " WHERE event_id = 'before'")
                  .get(0)
                  .get("n")
                  .asInt())
          .isZero();
    }
  }

  /**
   * The dashboard's lookups (V004, V011): rows already in a database are copied in once, later
   * inserts arrive through the materialized views.
   */
  @Test
  void dashboardLookupsTakeExistingAndNewRows() throws IOException {
    var settings =
        new ClickHouseSettings(ClickHouseTestServer.shared().url(), "mig_v004_test", null, null);
    try (var db = new ClickHouseDatabase(settings, JsonMapper.builder().build())) {
      db.createDatabaseIfMissing();
      db.execute(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version String,"
              + " applied_at DateTime('UTC')) ENGINE = MergeTree ORDER BY version");
      for (String name :
          List.of("V001__events.sql", "V002__deliveries.sql", "V003__attribution.sql")) {
        for (String statement : ClickHouseMigrations.statements(resource(name))) {
          db.execute(statement);
        }
        db.execute(ClickHouseSql.bind("INSERT INTO schema_migrations VALUES (?, now())", name));
      }
      db.insert("events", List.of(event("before", Map.of("order_id", "o-1"))));
      db.insert(
          "deliveries",
          List.of(
              delivery("before", "QUEUED", 0, 1),
              delivery("before", "RETRY", 1, 2),
              delivery("before", "DELIVERED", 2, 3)));

      assertThat(ClickHouseMigrations.apply(db))
          .containsExactlyElementsOf(listed().subList(3, listed().size()));

      db.insert("events", List.of(event("after", Map.of("email_sha256", "ab".repeat(32)))));
      db.insert(
          "deliveries",
          List.of(delivery("after", "QUEUED", 0, 1), delivery("after", "RETRY", 1, 2)));

      // V011's delivery_index replaced V004's delivery_states: each delivery's current state, from
      // the rows copied in and the rows inserted since, is its highest version's.
      assertThat(
              db
                  .query(
                      "SELECT event_id, argMax(status, version) AS state FROM delivery_index"
                          + " GROUP BY event_id, platform ORDER BY event_id")
                  .stream()
                  .map(r -> r.get("event_id").asText() + " " + r.get("state").asText())
                  .toList())
          .containsExactly("after RETRY", "before DELIVERED");
      assertThat(
              db.query(
                      "SELECT count() AS n FROM system.tables WHERE database = currentDatabase()"
                          + " AND name LIKE 'delivery_states%'")
                  .get(0)
                  .get("n")
                  .asInt())
          .isZero();
      assertThat(
              db.query("SELECT term, event_id FROM event_search ORDER BY event_id, term").stream()
                  .map(r -> r.get("event_id").asText() + " " + r.get("term").asText())
                  .toList())
          .containsExactly(
              "after abababababababababababababababababababababababababababababababab",
              "after after",
              "before before",
              "before o-1");
    }
  }

  private static Map<String, Object> delivery(
      String eventId, String status, int attempts, long version) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("merchant_id", "m1");
    row.put("event_id", eventId);
    row.put("platform", "meta");
    row.put("status", status);
    row.put("attempts", attempts);
    row.put("event_date", "2025-11-26");
    row.put("received_at", 1764150000);
    row.put("updated_at", 1764150000 + version);
    row.put("version", version);
    return row;
  }

  private static Map<String, Object> event(String eventId, Map<String, Object> extra) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("merchant_id", "m1");
    row.put("event_id", eventId);
    row.put("event_name", "purchase");
    row.put("event_time", 1764150000);
    row.put("received_at", 1764150000);
    row.put("version", 1);
    row.putAll(extra);
    return row;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in =
        ClickHouseMigrationsTest.class.getClassLoader().getResourceAsStream("clickhouse/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
