package dev.tracklayer.flink.rollup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.clickhouse.ClickHouseMigrations;
import dev.tracklayer.core.clickhouse.ClickHouseSettings;
import dev.tracklayer.core.clickhouse.ClickHouseSql;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.quality.Rejection;
import dev.tracklayer.core.testing.ClickHouseTestServer;
import dev.tracklayer.core.testing.KafkaTestBroker;
import dev.tracklayer.flink.pipeline.records.AcceptedEvent;
import dev.tracklayer.flink.pipeline.records.DeliveryResult;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Real servers for rollup tests: Kafka topics as the pipeline and the gateways write them, a
 * migrated ClickHouse database of its own, and settings pointing the job at both. Records are
 * written here as the pipeline writes them, so the test decides every clock.
 */
final class RollupFixture implements AutoCloseable {
  static final String LATENESS = "PT10M";
  static final long LATENESS_MS = 10 * 60_000;

  final String prefix = "r" + UUID.randomUUID().toString().substring(0, 8) + ".";
  final KafkaTestBroker kafka = KafkaTestBroker.shared();
  final ClickHouseDatabase clickHouse;
  final Path checkpoints;
  final RollupSettings settings;
  private final KafkaProducer<byte[], byte[]> producer;

  RollupFixture() throws Exception {
    String database = prefix.replace(".", "") + "_rollup";
    ClickHouseSettings ch =
        new ClickHouseSettings(ClickHouseTestServer.shared().url(), database, null, null);
    clickHouse = new ClickHouseDatabase(ch, Json.mapper());
    ClickHouseMigrations.apply(clickHouse);
    kafka.createTopics(
        2, topic("events.accepted"), topic("deliveries.results"), topic("events.rejected"));
    checkpoints = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "chk-");
    Map<String, String> env = new HashMap<>();
    env.put("TRACKLAYER_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
    env.put("TRACKLAYER_TOPIC_EVENTS_ACCEPTED", topic("events.accepted"));
    env.put("TRACKLAYER_TOPIC_DELIVERY_RESULTS", topic("deliveries.results"));
    env.put("TRACKLAYER_TOPIC_EVENTS_REJECTED", topic("events.rejected"));
    env.put("TRACKLAYER_ROLLUP_GROUP", prefix + "rollup");
    env.put("TRACKLAYER_ROLLUP_START_FROM", "earliest");
    env.put("TRACKLAYER_CLICKHOUSE_URL", ch.url());
    env.put("TRACKLAYER_CLICKHOUSE_DATABASE", database);
    env.put("TRACKLAYER_FLINK_CHECKPOINT_DIR", checkpoints.toUri().toString());
    env.put("TRACKLAYER_FLINK_CHECKPOINT_MS", "500");
    env.put("TRACKLAYER_ROLLUP_LATENESS", LATENESS);
    env.put("TRACKLAYER_ROLLUP_IDLENESS_MS", "500");
    env.put("TRACKLAYER_ROLLUP_HOURLY_SETTLE_MS", "1500");
    settings = RollupSettings.fromMap(env);

    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    p.put("acks", "all");
    p.put("linger.ms", "5");
    producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  String topic(String name) {
    return prefix + name;
  }

  static AcceptedEvent event(
      String merchant, String id, String name, long eventTimeMs, long receivedAtMs) {
    AcceptedEvent e = new AcceptedEvent();
    e.merchantId = merchant;
    e.eventId = id;
    e.eventName = name;
    e.source = "server";
    e.eventTime = eventTimeMs / 1000;
    e.receivedAt = receivedAtMs;
    e.currency = "";
    e.customerKey = "";
    e.firstTouchPlatform = "";
    e.warningCodes = List.of();
    e.warningPaths = List.of();
    return e;
  }

  static AcceptedEvent purchase(
      String merchant, String id, String value, long eventTimeMs, long receivedAtMs) {
    AcceptedEvent e = event(merchant, id, "purchase", eventTimeMs, receivedAtMs);
    e.value = value == null ? null : new BigDecimal(value);
    e.currency = "USD";
    return e;
  }

  static DeliveryResult delivery(
      AcceptedEvent e, String platform, String status, long updatedAtMs, long latencyMs) {
    DeliveryResult d = new DeliveryResult();
    d.merchantId = e.merchantId;
    d.eventId = e.eventId;
    d.eventName = e.eventName;
    d.eventDate = "2026-01-01";
    d.source = e.source;
    d.eventTime = e.eventTime;
    d.fields = e.fields;
    d.platform = platform;
    d.connectionId = "c-" + platform;
    d.status = status;
    d.error = "";
    d.latencyMs = latencyMs;
    d.receivedAt = e.receivedAt / 1000;
    d.updatedAt = updatedAtMs / 1000;
    d.version = updatedAtMs * 8;
    return d;
  }

  static Rejection rejection(
      String merchant, String endpoint, String code, long receivedAtMs, String... codePaths) {
    Rejection r = new Rejection();
    r.merchantId = merchant;
    r.endpoint = endpoint;
    r.code = code;
    r.receivedAt = receivedAtMs;
    r.details = new ArrayList<>();
    for (int i = 0; i < codePaths.length; i += 2) {
      r.details.add(new Rejection.Detail(codePaths[i], codePaths[i + 1]));
    }
    return r;
  }

  void send(AcceptedEvent... events) throws Exception {
    for (AcceptedEvent e : events) {
      send("events.accepted", e.merchantId, e);
    }
  }

  void send(DeliveryResult... results) throws Exception {
    for (DeliveryResult r : results) {
      send("deliveries.results", r.merchantId + ":" + r.eventId + ":" + r.platform, r);
    }
  }

  void send(Rejection... rejections) throws Exception {
    for (Rejection r : rejections) {
      send("events.rejected", r.merchantId, r);
    }
  }

  private void send(String topic, String key, Object value) throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                topic(topic), key.getBytes(StandardCharsets.UTF_8), Json.toBytes(value)))
        .get(10, TimeUnit.SECONDS);
  }

  /**
   * A table's rows of one merchant as readers see them: per key the last firing (argMax by
   * version), as "bucket|dim|…" → {column → value}.
   */
  Map<String, Map<String, String>> rows(
      String table, String merchant, List<String> measures, boolean hourly) {
    return rows(table, merchant, measures, hourly ? "_hourly" : "_minute");
  }

  /** As above, from the minute table's twin with {@code suffix} (_minute, _hourly, _daily). */
  Map<String, Map<String, String>> rows(
      String table, String merchant, List<String> measures, String suffix) {
    List<String> dims = Tables.dimensions(table);
    String from = table.replace("_minute", suffix);
    StringBuilder select = new StringBuilder("SELECT toUInt64(bucket) AS b");
    for (String d : dims) {
      select.append(", ").append(d);
    }
    for (String m : measures) {
      select.append(", toString(argMax(").append(m).append(", version)) AS ").append(m);
    }
    select.append(", count() AS firings");
    String sql =
        select
            + " FROM "
            + from
            + " WHERE merchant_id = ? GROUP BY b, "
            + String.join(", ", dims)
            + " ORDER BY b";
    Map<String, Map<String, String>> out = new HashMap<>();
    for (JsonNode row : clickHouse.query(ClickHouseSql.bind(sql, merchant))) {
      StringBuilder key = new StringBuilder(String.valueOf(row.get("b").asLong() * 1000));
      for (String d : dims) {
        key.append('|').append(row.get(d).asText());
      }
      Map<String, String> values = new HashMap<>();
      for (String m : measures) {
        values.put(m, row.get(m).asText());
      }
      out.put(key.toString(), values);
    }
    return out;
  }

  /** How many versions of one minute row are stored (before merges): a replaced row is one key. */
  long keys(String table, String merchant) {
    return clickHouse
        .query(
            ClickHouseSql.bind(
                "SELECT count() AS n FROM " + table + " FINAL WHERE merchant_id = ?", merchant))
        .get(0)
        .get("n")
        .asLong();
  }

  /** The "grain bucket version" of every build the hourly and daily tables hold rows of. */
  Set<String> heldBuilds() {
    List<String> selects = new ArrayList<>();
    for (String table : Tables.ALL) {
      for (String grain : List.of("hourly", "daily")) {
        selects.add(
            "SELECT '"
                + grain
                + "' AS grain, bucket, version FROM "
                + table.replace("_minute", "_" + grain));
      }
    }
    return builds(String.join(" UNION ALL ", selects));
  }

  /** The builds analytics_builds lists: readers rely on it listing every held one. */
  Set<String> listedBuilds() {
    return builds("SELECT grain, bucket, version FROM analytics_builds");
  }

  private Set<String> builds(String select) {
    Set<String> out = new TreeSet<>();
    for (var row :
        clickHouse.query(
            "SELECT grain, toUnixTimestamp(bucket) AS b, version FROM ("
                + select
                + ") GROUP BY grain, b, version")) {
      out.add(
          row.get("grain").asText()
              + " "
              + row.get("b").asText()
              + " "
              + row.get("version").asText());
    }
    return out;
  }

  @Override
  public void close() {
    producer.close();
    clickHouse.close();
  }
}
