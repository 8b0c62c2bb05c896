package dev.tracklayer.flink.pipeline.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.clickhouse.ClickHouseMigrations;
import dev.tracklayer.core.clickhouse.ClickHouseSettings;
import dev.tracklayer.core.clickhouse.ClickHouseSql;
import dev.tracklayer.core.clickhouse.RowBinaryFormat;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.testing.ClickHouseTestServer;
import dev.tracklayer.flink.pipeline.functions.TestEvents;
import dev.tracklayer.flink.pipeline.records.ConnectionHealth;
import dev.tracklayer.flink.pipeline.records.DeliveryResult;
import dev.tracklayer.flink.pipeline.records.DeliveryStatus;
import dev.tracklayer.flink.pipeline.records.EventRow;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.junit.jupiter.api.Test;

class ClickHouseSinkTest {
  static final String MERCHANT = "5353bbf0-07ad-4636-98c6-64861af1b8c9";

  /**
   * A schema change that the row formats miss fails here, not as a rejected insert in production.
   */
  @Test
  void theRowFormatsMatchTheMigratedTables() {
    var settings =
        new ClickHouseSettings(
            ClickHouseTestServer.shared().url(), database("sink_format_test"), null, null);
    try (var db = new ClickHouseDatabase(settings, Json.mapper())) {
      ClickHouseMigrations.apply(db);
      assertThat(columnsOf(ConnectionHealth.CLICKHOUSE))
          .isEqualTo(tableColumns(db, "connection_health"));
      assertThat(columnsOf(DeliveryResult.CLICKHOUSE)).isEqualTo(tableColumns(db, "deliveries"));
      assertThat(columnsOf(EventRow.CLICKHOUSE)).isEqualTo(tableColumns(db, "events"));
    }
  }

  /** A waiting delivery shows when it goes next and how many attempts it has had. */
  @Test
  void aRetryCarriesItsNextAttemptIntoClickHouse() {
    var settings =
        new ClickHouseSettings(
            ClickHouseTestServer.shared().url(), database("sink_retry_test"), null, null);
    try (var db = new ClickHouseDatabase(settings, Json.mapper())) {
      ClickHouseMigrations.apply(db);
      var event = TestEvents.purchase(MERCHANT, "order-retry", "10", "us");
      DeliveryResult retry =
          DeliveryResult.of(
              event, "meta", "c-1", DeliveryStatus.RETRY, 3, 503, "down", Instant.now());
      retry.nextAttemptAt = 1_900_000_000_123L;
      db.insertRowBinary(
              "deliveries",
              DeliveryResult.CLICKHOUSE.columnNames(),
              List.of(DeliveryResult.CLICKHOUSE.encoder().encode(retry)))
          .join();
      JsonNode row =
          db.query(
                  ClickHouseSql.bind(
                      "SELECT status, attempts, toString(next_attempt_at) AS next"
                          + " FROM deliveries WHERE merchant_id = ? AND event_id = ?",
                      MERCHANT,
                      "order-retry"))
              .get(0);
      assertThat(row.get("status").asText()).isEqualTo("RETRY");
      assertThat(row.get("attempts").asInt()).isEqualTo(3);
      assertThat(row.get("next").asLong()).isEqualTo(1_900_000_000_123L);
    }
  }

  @Test
  void deliveryStatesReadBackFromClickHouse() {
    var settings =
        new ClickHouseSettings(
            ClickHouseTestServer.shared().url(), database("sink_rows_test"), null, null);
    try (var db = new ClickHouseDatabase(settings, Json.mapper())) {
      ClickHouseMigrations.apply(db);
      var event = TestEvents.purchase(MERCHANT, "order-9", "0.30000000000000004", "us");
      DeliveryResult failed =
          DeliveryResult.of(
              event,
              "meta",
              "c-1",
              DeliveryStatus.FAILED,
              3,
              400,
              "Invalid parameter: \"em\" ✗",
              Instant.ofEpochSecond(event.eventTime + 5));
      var encoder = DeliveryResult.CLICKHOUSE.encoder();
      db.insertRowBinary(
              "deliveries",
              DeliveryResult.CLICKHOUSE.columnNames(),
              List.of(encoder.encode(failed)))
          .join();
      JsonNode row =
          db.query(
                  ClickHouseSql.bind(
                      "SELECT event_id, toString(event_date) AS day, platform, connection_id,"
                          + " status, attempts, http_status, error, latency_ms,"
                          + " toString(value) AS amount, toUnixTimestamp(updated_at) AS updated,"
                          + " toString(version) AS version_text FROM deliveries"
                          + " WHERE merchant_id = ?",
                      MERCHANT))
              .get(0);
      assertThat(row.get("event_id").asText()).isEqualTo(failed.eventId);
      assertThat(row.get("day").asText()).isEqualTo(failed.eventDate);
      assertThat(row.get("platform").asText()).isEqualTo("meta");
      assertThat(row.get("connection_id").asText()).isEqualTo("c-1");
      assertThat(row.get("status").asText()).isEqualTo("FAILED");
      assertThat(row.get("attempts").asInt()).isEqualTo(3);
      assertThat(row.get("http_status").asInt()).isEqualTo(400);
      assertThat(row.get("error").asText()).isEqualTo("Invalid parameter: \"em\" ✗");
      assertThat(row.get("latency_ms").asLong()).isEqualTo(failed.latencyMs);
      // More places than Decimal(18, 4) holds: rounded, not a refused insert.
      assertThat(row.get("amount").asText()).isEqualTo("0.3000");
      assertThat(row.get("updated").asLong()).isEqualTo(event.eventTime + 5);
      assertThat(row.get("version_text").asText()).isEqualTo(Long.toString(failed.version));
    }
  }

  @Test
  void bufferedRowsSurviveACheckpoint() throws IOException {
    var sink = sink();
    var encoder = DeliveryResult.CLICKHOUSE.encoder();
    byte[] a = encoder.encode(result("e-1"));
    byte[] b = encoder.encode(result("e-2"));
    var serializer = sink.getWriterStateSerializer();
    byte[] state = serializer.serialize(stateOf(List.of(a, b)));
    List<byte[]> restored = entries(serializer.deserialize(serializer.getVersion(), state));
    assertThat(restored).containsExactly(a, b);
  }

  /** A checkpoint taken before RowBinary holds JSON lines: they are restored as encoded rows. */
  @Test
  void jsonRowsFromAnEarlierCheckpointAreEncoded() throws IOException {
    DeliveryResult r1 = result("e-1");
    DeliveryResult r2 = result("e-2");
    var jsonLines =
        new AsyncSinkWriterStateSerializer<String>() {
          @Override
          protected void serializeRequestToStream(String row, DataOutputStream out)
              throws IOException {
            byte[] bytes = row.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
          }

          @Override
          protected String deserializeRequestFromStream(long size, DataInputStream in) {
            throw new UnsupportedOperationException();
          }

          @Override
          public int getVersion() {
            return 1;
          }
        };
    List<RequestEntryWrapper<String>> lines = new ArrayList<>();
    for (DeliveryResult r : List.of(r1, r2)) {
      String line = Json.toJson(r);
      lines.add(new RequestEntryWrapper<>(line, line.length()));
    }
    byte[] v1 = jsonLines.serialize(new BufferedRequestState<>(lines));

    var encoder = DeliveryResult.CLICKHOUSE.encoder();
    List<byte[]> restored = entries(sink().getWriterStateSerializer().deserialize(1, v1));
    assertThat(restored).containsExactly(encoder.encode(r1), encoder.encode(r2));
  }

  private static ClickHouseSink<DeliveryResult> sink() {
    return new ClickHouseSink<>(
        new ClickHouseSettings("http://127.0.0.1:1", "unused", null, null),
        "deliveries",
        DeliveryResult.CLICKHOUSE,
        DeliveryResult.class);
  }

  private static DeliveryResult result(String eventId) {
    var event = TestEvents.purchase(MERCHANT, eventId, "12.5", "us");
    return DeliveryResult.of(
        event, "tiktok", "c-2", DeliveryStatus.DELIVERED, 1, 200, null, Instant.now());
  }

  private static BufferedRequestState<byte[]> stateOf(List<byte[]> rows) {
    List<RequestEntryWrapper<byte[]>> entries = new ArrayList<>();
    for (byte[] row : rows) {
      entries.add(new RequestEntryWrapper<>(row, row.length));
    }
    return new BufferedRequestState<>(entries);
  }

  private static List<byte[]> entries(BufferedRequestState<byte[]> state) {
    List<byte[]> rows = new ArrayList<>();
    for (RequestEntryWrapper<byte[]> e : state.getBufferedRequestEntries()) {
      rows.add(e.getRequestEntry());
    }
    return rows;
  }

  /**
   * A database of this run's own: the ClickHouse test server is shared, and a database another
   * branch migrated has that branch's columns.
   */
  private static String database(String name) {
    return name + "_" + java.util.UUID.randomUUID().toString().substring(0, 8);
  }

  private static TreeSet<String> columnsOf(RowBinaryFormat<?> format) {
    TreeSet<String> columns = new TreeSet<>();
    for (var c : format.columns()) {
      columns.add(c.name() + " " + c.type());
    }
    return columns;
  }

  /** The columns an insert may name: all but the MATERIALIZED ones. */
  private static TreeSet<String> tableColumns(ClickHouseDatabase db, String table) {
    TreeSet<String> columns = new TreeSet<>();
    for (JsonNode c :
        db.query(
            ClickHouseSql.bind(
                "SELECT name, type FROM system.columns WHERE database = ? AND table = ?"
                    + " AND default_kind != ?",
                db.database(),
                table,
                "MATERIALIZED"))) {
      columns.add(c.get("name").asText() + " " + c.get("type").asText());
    }
    return columns;
  }

  /**
   * ClickHouse down: the client refuses at once, without a future. The batch must come back to the
   * writer after a backoff rather than fail the task (a task failure restarts the job from its
   * checkpoint and sends deliveries again, as the fault suite's ClickHouse kill showed).
   */
  @Test
  void aClickHouseThatRefusesConnectionsGetsTheBatchAgainAfterABackoff() throws Exception {
    ClickHouseDatabase down =
        new ClickHouseDatabase(
            new ClickHouseSettings(
                "http://127.0.0.1:" + dev.tracklayer.core.testing.FreePorts.next(),
                "nowhere",
                null,
                null),
            Json.mapper());
    List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch retried = new java.util.concurrent.CountDownLatch(1);
    ResultHandler<byte[]> handler =
        new ResultHandler<>() {
          @Override
          public void complete() {
            calls.add("complete");
          }

          @Override
          public void completeExceptionally(Exception e) {
            calls.add("failed " + e);
          }

          @Override
          public void retryForEntries(List<byte[]> entries) {
            calls.add("retry " + entries.size());
            retried.countDown();
          }
        };
    ClickHouseSink.Backoff backoff = new ClickHouseSink.Backoff();
    long start = System.nanoTime();
    // A well-formed row (an empty event_id): the query log replays it on chdb.
    ClickHouseSink.submit(
        () -> down.insertRowBinary("deliveries", List.of("event_id"), List.of(new byte[] {0})),
        List.of(new byte[] {1}, new byte[] {2}),
        handler,
        backoff,
        "deliveries");
    assertThat(retried.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(calls).containsExactly("retry 2");
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(java.time.Duration.ofMillis(ClickHouseSink.Backoff.FIRST_MS));
    // The next failure waits longer, and a success starts over.
    assertThat(backoff.next()).isEqualTo(2 * ClickHouseSink.Backoff.FIRST_MS);
    backoff.reset();
    assertThat(backoff.next()).isEqualTo(ClickHouseSink.Backoff.FIRST_MS);
    down.close();
  }
}
