package dev.tracklayer.flink.pipeline;

import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.clickhouse.ClickHouseMigrations;
import dev.tracklayer.core.clickhouse.ClickHouseSettings;
import dev.tracklayer.core.clickhouse.ClickHouseSql;
import dev.tracklayer.core.crypto.CredentialCipher;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.event.UserData;
import dev.tracklayer.core.testing.ClickHouseTestServer;
import dev.tracklayer.core.testing.FakePlatforms;
import dev.tracklayer.core.testing.KafkaTestBroker;
import dev.tracklayer.core.testing.PostgresTestServer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Real servers for pipeline tests: Kafka, PostgreSQL (merchants, connections, rules), ClickHouse (a
 * database of its own) and the fake platforms; settings that point the job at all of them.
 */
final class PipelineFixture implements AutoCloseable {
  final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
  final KafkaTestBroker kafka = KafkaTestBroker.shared();
  final String postgresUrl = PostgresTestServer.shared().createMigratedDatabase();
  final FakePlatforms platforms = FakePlatforms.start();
  final String credentialsKey;
  final CredentialCipher cipher;
  final ClickHouseDatabase clickHouse;
  final Path checkpoints;
  final PipelineSettings settings;
  private final Map<String, String> env = new HashMap<>();
  private final KafkaProducer<byte[], byte[]> producer;

  PipelineFixture() throws Exception {
    this(Map.of());
  }

  /** With {@code overrides} on top of the test settings (e.g. a shorter retry horizon). */
  PipelineFixture(Map<String, String> overrides) throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    credentialsKey = Base64.getEncoder().encodeToString(key);
    cipher = new CredentialCipher(credentialsKey);
    String database = prefix.replace(".", "") + "_pipeline";
    ClickHouseSettings ch =
        new ClickHouseSettings(ClickHouseTestServer.shared().url(), database, null, null);
    clickHouse = new ClickHouseDatabase(ch, Json.mapper());
    ClickHouseMigrations.apply(clickHouse);
    kafka.createTopics(
        2,
        topic("events.raw"),
        topic("events.dlq"),
        topic("deliveries.results"),
        topic("events.rejected"),
        topic("deliveries.dlq"));
    kafka.createTopics(4, topic("events.accepted"));
    kafka.createTopics(1, topic("config.changes"), topic("deliveries.connections"));
    checkpoints = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "chk-");

    env.put("TRACKLAYER_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
    env.put("TRACKLAYER_TOPIC_EVENTS", topic("events.raw"));
    env.put("TRACKLAYER_TOPIC_EVENTS_DLQ", topic("events.dlq"));
    env.put("TRACKLAYER_TOPIC_EVENTS_ACCEPTED", topic("events.accepted"));
    env.put("TRACKLAYER_TOPIC_EVENTS_REJECTED", topic("events.rejected"));
    env.put("TRACKLAYER_TOPIC_DELIVERY_RESULTS", topic("deliveries.results"));
    env.put("TRACKLAYER_TOPIC_DELIVERIES_DLQ", topic("deliveries.dlq"));
    env.put("TRACKLAYER_TOPIC_CONFIG", topic("config.changes"));
    env.put("TRACKLAYER_TOPIC_DELIVERY_CONNECTIONS", topic("deliveries.connections"));
    env.put("TRACKLAYER_PIPELINE_GROUP", prefix + "pipeline");
    env.put("TRACKLAYER_PIPELINE_START_FROM", "earliest");
    env.put("TRACKLAYER_POSTGRES_URL", postgresUrl);
    env.put("TRACKLAYER_POSTGRES_USER", "postgres");
    env.put("TRACKLAYER_POSTGRES_PASSWORD", "");
    env.put("TRACKLAYER_CLICKHOUSE_URL", ch.url());
    env.put("TRACKLAYER_CLICKHOUSE_DATABASE", database);
    env.put("TRACKLAYER_CREDENTIALS_KEY", credentialsKey);
    env.put("TRACKLAYER_FLINK_CHECKPOINT_DIR", checkpoints.toUri().toString());
    // Frequent checkpoints keep the recovery test short; the benchmark asks for production's.
    env.put("TRACKLAYER_FLINK_CHECKPOINT_MS", System.getProperty("pipeline.checkpointMs", "500"));
    env.put("TRACKLAYER_DELIVERY_LINGER_MS", "50");
    env.put("TRACKLAYER_DELIVERY_BACKOFF_MS", "100");
    env.put("TRACKLAYER_DELIVERY_MAX_BACKOFF_MS", "1000");
    env.putAll(platforms.environment());
    env.putAll(overrides);
    settings = PipelineSettings.fromMap(env);

    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    p.put("acks", "all");
    p.put("linger.ms", "5");
    producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  String topic(String name) {
    return prefix + name;
  }

  /** The test settings with {@code overrides}, e.g. a second job's consumer group. */
  PipelineSettings settingsWith(Map<String, String> overrides) {
    Map<String, String> copy = new HashMap<>(env);
    copy.putAll(overrides);
    return PipelineSettings.fromMap(copy);
  }

  /** The variables the settings were read from, as a job's environment. */
  Map<String, String> environment() {
    return Map.copyOf(env);
  }

  /**
   * A merchant with connections (platform → credentials) and optional rules ({conditions JSON,
   * platforms array literal} and optionally "true" for require_consent), stored in PostgreSQL and,
   * as the API does after every change, published as a snapshot to the config topic.
   */
  String merchant(Map<String, Map<String, String>> connections, List<String[]> rules)
      throws Exception {
    return merchant(connections, rules, "allow");
  }

  /** The same, with the merchant's consent_when_unstated ("allow" or "deny"). */
  String merchant(
      Map<String, Map<String, String>> connections,
      List<String[]> rules,
      String consentWhenUnstated)
      throws Exception {
    String merchantId = UUID.randomUUID().toString();
    try (Connection c = DriverManager.getConnection(postgresUrl, "postgres", "")) {
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO merchants (id, name, consent_when_unstated)"
                  + " VALUES (?::uuid, 'test shop', ?)")) {
        s.setString(1, merchantId);
        s.setString(2, consentWhenUnstated);
        s.executeUpdate();
      }
      for (var entry : connections.entrySet()) {
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO platform_connections (merchant_id, platform, name, credentials)"
                    + " VALUES (?::uuid, ?, ?, ?)")) {
          s.setString(1, merchantId);
          s.setString(2, entry.getKey());
          s.setString(3, entry.getKey());
          s.setBytes(4, cipher.encrypt(Json.toJson(entry.getValue()), merchantId));
          s.executeUpdate();
        }
      }
      for (String[] rule : rules) {
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO routing_rules (merchant_id, name, conditions, platforms,"
                    + " require_consent) VALUES (?::uuid, 'rule', ?::jsonb, ?::text[], ?)")) {
          s.setString(1, merchantId);
          s.setString(2, rule[0]);
          s.setString(3, rule[1]);
          s.setBoolean(4, rule.length > 2 && Boolean.parseBoolean(rule[2]));
          s.executeUpdate();
        }
      }
    }
    publishConfig(merchantId);
    return merchantId;
  }

  /** The merchant's configuration as PostgreSQL has it, on the config topic. */
  void publishConfig(String merchantId) throws Exception {
    try (Connection c = DriverManager.getConnection(postgresUrl, "postgres", "");
        PreparedStatement s =
            c.prepareStatement(
                dev.tracklayer.flink.pipeline.sources.PostgresConfigLoader.SQL
                    + " WHERE m.id = ?::uuid")) {
      s.setString(1, merchantId);
      try (var rs = s.executeQuery()) {
        rs.next();
        producer
            .send(
                new ProducerRecord<>(
                    topic("config.changes"),
                    merchantId.getBytes(StandardCharsets.UTF_8),
                    rs.getString("config").getBytes(StandardCharsets.UTF_8)))
            .get(10, TimeUnit.SECONDS);
      }
    }
  }

  static TrackEvent event(String merchantId, String eventId, String name) {
    TrackEvent e = new TrackEvent();
    e.merchantId = merchantId;
    e.eventId = eventId;
    e.eventName = name;
    e.eventTime = System.currentTimeMillis() / 1000 - 5;
    e.receivedAt = System.currentTimeMillis();
    e.source = "server";
    e.eventSourceUrl = "https://shop.example.com/checkout";
    e.value = new BigDecimal("129.99");
    e.currency = "USD";
    e.orderId = "order-" + eventId;
    e.userData = new UserData();
    e.userData.email = "John_Smith@gmail.com";
    e.userData.phone = "(650)555-1212";
    e.userData.country = "us";
    e.userData.clientIp = "203.0.113.7";
    e.userData.userAgent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0";
    return e;
  }

  void send(TrackEvent... events) throws Exception {
    for (TrackEvent e : events) {
      producer
          .send(
              new ProducerRecord<>(
                  topic("events.raw"),
                  (e.merchantId + ":" + e.eventId).getBytes(StandardCharsets.UTF_8),
                  Json.toBytes(e)))
          .get(10, TimeUnit.SECONDS);
    }
  }

  /** Sends with {@code timestamp} as the records' time, as if the gateway had written them then. */
  void sendAt(long timestamp, TrackEvent... events) throws Exception {
    for (TrackEvent e : events) {
      producer
          .send(
              new ProducerRecord<>(
                  topic("events.raw"),
                  null,
                  timestamp,
                  (e.merchantId + ":" + e.eventId).getBytes(StandardCharsets.UTF_8),
                  Json.toBytes(e)))
          .get(10, TimeUnit.SECONDS);
    }
  }

  /** Sends without waiting for each acknowledgement; {@link #flush} waits for all. */
  void sendAsync(TrackEvent... events) {
    for (TrackEvent e : events) {
      producer.send(
          new ProducerRecord<>(
              topic("events.raw"),
              (e.merchantId + ":" + e.eventId).getBytes(StandardCharsets.UTF_8),
              Json.toBytes(e)));
    }
  }

  void flush() {
    producer.flush();
  }

  void sendRaw(byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(topic("events.raw"), value)).get(10, TimeUnit.SECONDS);
  }

  /** The latest state of each of an event's deliveries: platform → row. */
  Map<String, com.fasterxml.jackson.databind.JsonNode> deliveries(
      String merchantId, String eventId) {
    Map<String, com.fasterxml.jackson.databind.JsonNode> out = new HashMap<>();
    for (var row :
        clickHouse.query(
            ClickHouseSql.bind(
                "SELECT platform, status, attempts, http_status, error, latency_ms FROM deliveries"
                    + " FINAL WHERE merchant_id = ? AND event_id = ?",
                merchantId,
                eventId))) {
      out.put(row.get("platform").asText(), row);
    }
    return out;
  }

  /**
   * Every state an event's delivery to a platform went through, oldest first, from the
   * deliveries.results topic (ClickHouse merges superseded states away; the topic keeps them).
   */
  List<String> history(String merchantId, String eventId, String platform) throws Exception {
    // Two sink subtasks may interleave one delivery's states on the topic: order by the time in
    // the version (DeliveryVersions ranks a final state above every other by counting down).
    java.util.TreeMap<Long, String> byTime = new java.util.TreeMap<>();
    for (String json : readTopic("deliveries.results", Integer.MAX_VALUE, 3_000)) {
      var r = Json.readTree(json);
      if (merchantId.equals(r.get("merchant_id").asText())
          && eventId.equals(r.get("event_id").asText())
          && platform.equals(r.get("platform").asText())) {
        long version = r.get("version").asLong();
        byTime.put(version >= 1L << 61 ? (1L << 62) - version : version, r.get("status").asText());
      }
    }
    return new ArrayList<>(byTime.values());
  }

  /** The events row's warnings as "code path" strings, in order; empty before the row exists. */
  List<String> eventWarnings(String merchantId, String eventId) {
    List<String> out = new ArrayList<>();
    for (var row :
        clickHouse.query(
            ClickHouseSql.bind(
                "SELECT warning_codes, warning_paths FROM events FINAL"
                    + " WHERE merchant_id = ? AND event_id = ?",
                merchantId,
                eventId))) {
      for (int i = 0; i < row.get("warning_codes").size(); i++) {
        out.add(
            row.get("warning_codes").get(i).asText()
                + " "
                + row.get("warning_paths").get(i).asText());
      }
    }
    return out;
  }

  long eventRows(String merchantId) {
    return clickHouse
        .query(
            ClickHouseSql.bind(
                "SELECT count() AS n FROM events FINAL WHERE merchant_id = ?", merchantId))
        .get(0)
        .get("n")
        .asLong();
  }

  List<String> readTopic(String name, int atLeast, long timeoutMs) {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    p.put("group.id", "reader-" + UUID.randomUUID());
    p.put("auto.offset.reset", "earliest");
    List<String> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic(name)));
      long deadline = System.currentTimeMillis() + timeoutMs;
      while (out.size() < atLeast && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(java.time.Duration.ofMillis(200))) {
          out.add(new String(r.value(), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    producer.close();
    clickHouse.close();
    platforms.close();
  }
}
