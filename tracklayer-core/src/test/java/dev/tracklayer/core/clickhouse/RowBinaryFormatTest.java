package dev.tracklayer.core.clickhouse;

import static dev.tracklayer.core.clickhouse.RowBinaryFormat.column;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tracklayer.core.testing.ClickHouseTestServer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows written as RowBinary read back from a real ClickHouse exactly as they were meant. */
class RowBinaryFormatTest {
  record Row(
      String text,
      long at,
      LocalDate day,
      BigDecimal amount,
      int flag,
      int status,
      long millis,
      long version) {}

  static final RowBinaryFormat<Row> FORMAT =
      new RowBinaryFormat<>(
          column("text", "String", Row::text),
          column("at", "DateTime('UTC')", r -> Instant.ofEpochSecond(r.at())),
          column("day", "Date", Row::day),
          column("amount", "Nullable(Decimal(18, 4))", r -> RowBinaryFormat.decimal(r.amount(), 4)),
          column("flag", "UInt8", Row::flag),
          column("status", "UInt16", Row::status),
          column("millis", "UInt32", Row::millis),
          column("version", "UInt64", Row::version));

  @Test
  void everyColumnTypeReadsBackAsWritten() {
    var settings =
        new ClickHouseSettings(ClickHouseTestServer.shared().url(), "rowbinary_test", null, null);
    try (var db = new ClickHouseDatabase(settings, JsonMapper.builder().build())) {
      db.createDatabaseIfMissing();
      db.execute("DROP TABLE IF EXISTS rows");
      // The columns in another order than the format's: the insert names its columns.
      db.execute(
          "CREATE TABLE rows (version UInt64, text String, at DateTime('UTC'), day Date,"
              + " amount Nullable(Decimal(18, 4)), flag UInt8, status UInt16, millis UInt32,"
              + " untouched String DEFAULT 'default') ENGINE = Log");
      var encoder = FORMAT.encoder();
      List<byte[]> rows =
          List.of(
              encoder.encode(
                  new Row(
                      "ünïcode \"quoted\"\n\ttab \\ 🛒",
                      1_795_000_000L,
                      LocalDate.of(2026, 11, 27),
                      new BigDecimal("99999999999999.9999"),
                      1,
                      503,
                      4_000_000_000L,
                      1_795_000_000_123_456L * 8 + 3)),
              encoder.encode(new Row("", 0, LocalDate.of(1970, 1, 2), null, 0, 0, 0, 0)),
              // Float noise from a client: rounded half-even to the column's four places.
              encoder.encode(
                  new Row(
                      "rounded",
                      1,
                      LocalDate.of(2026, 1, 1),
                      new BigDecimal("0.30000000000000004"),
                      0,
                      0,
                      0,
                      1)),
              encoder.encode(
                  new Row(
                      "up", 2, LocalDate.of(2026, 1, 1), new BigDecimal("9.99995"), 0, 0, 0, 2)));
      db.insertRowBinary("rows", FORMAT.columnNames(), rows).join();

      List<JsonNode> read =
          db.query(
              "SELECT text, toUnixTimestamp(at) AS unix_at, toString(day) AS day_text,"
                  + " toString(amount) AS amount_text, flag, status, millis, toString(version) AS version_text,"
                  + " untouched FROM rows ORDER BY version DESC");
      assertThat(read).hasSize(4);
      JsonNode first = read.get(0);
      assertThat(first.get("text").asText()).isEqualTo("ünïcode \"quoted\"\n\ttab \\ 🛒");
      assertThat(first.get("unix_at").asLong()).isEqualTo(1_795_000_000L);
      assertThat(first.get("day_text").asText()).isEqualTo("2026-11-27");
      assertThat(first.get("amount_text").asText()).isEqualTo("99999999999999.9999");
      assertThat(first.get("flag").asInt()).isEqualTo(1);
      assertThat(first.get("status").asInt()).isEqualTo(503);
      assertThat(first.get("millis").asLong()).isEqualTo(4_000_000_000L);
      assertThat(first.get("version_text").asText()).isEqualTo("14360000000987651");
      assertThat(first.get("untouched").asText()).isEqualTo("default");
      assertThat(read.get(1).get("amount_text").asText()).isEqualTo("10.0000");
      assertThat(read.get(2).get("amount_text").asText()).isEqualTo("0.3000");
      JsonNode empty = read.get(3);
      assertThat(empty.get("text").asText()).isEmpty();
      assertThat(
              empty.get("amount_text").isNull() || "\\N".equals(empty.get("amount_text").asText()))
          .as("a null amount stays null: %s", empty)
          .isTrue();
      assertThat(empty.get("day_text").asText()).isEqualTo("1970-01-02");
    }
  }

  @Test
  void theFormatListsItsColumnsInOrder() {
    assertThat(FORMAT.columnNames())
        .containsExactly("text", "at", "day", "amount", "flag", "status", "millis", "version");
  }
}
