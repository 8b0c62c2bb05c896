package dev.tracklayer.api.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tracklayer.api.kafka.KafkaRecords;
import dev.tracklayer.core.config.ConnectionConfig;
import dev.tracklayer.core.config.MerchantConfig;
import dev.tracklayer.core.config.RuleConfig;
import dev.tracklayer.core.event.Json;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Publishes a merchant's whole routing configuration to {@code config.changes} (compacted, keyed by
 * merchant id) so the pipeline's broadcast state follows every change.
 *
 * <p>Called inside the transaction that made the change, before it commits: the snapshot then
 * includes the change, the version row lock orders concurrent publishers of one merchant, and a
 * Kafka failure rolls the change back instead of leaving the pipeline silently behind the database.
 */
@Service
public class ConfigPublisher {
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final KafkaRecords kafka;
  private final ObjectMapper json = Json.mapper();

  public ConfigPublisher(JdbcClient jdbc, KafkaRecords kafka) {
    this.jdbc = jdbc;
    this.kafka = kafka;
  }

  /** Blocking; must run in the transaction of the change. */
  public MerchantConfig publish(UUID merchantId) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("publish must run inside the change's transaction");
    }
    long version = nextVersion(merchantId);
    MerchantConfig snapshot = snapshot(merchantId, version);
    kafka.send(kafka.properties().configTopic(), merchantId.toString(), Json.toBytes(snapshot));
    return snapshot;
  }

  /** Wall-clock millis when they move forward, else one more than the last version. */
  private long nextVersion(UUID merchantId) {
    return jdbc.sql(
            "INSERT INTO merchant_config_versions (merchant_id, version)"
                + " VALUES (:m, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)"
                + " ON CONFLICT (merchant_id) DO UPDATE SET version = GREATEST("
                + " merchant_config_versions.version + 1, EXCLUDED.version)"
                + " RETURNING version")
        .param("m", merchantId)
        .query(Long.class)
        .single();
  }

  public MerchantConfig snapshot(UUID merchantId, long version) {
    List<ConnectionConfig> connections =
        jdbc.sql(
                "SELECT id, platform, name, status, credentials, settings::text"
                    + " FROM platform_connections WHERE merchant_id = :m ORDER BY created_at, id")
            .param("m", merchantId)
            .query(
                (rs, n) ->
                    new ConnectionConfig(
                        rs.getString("id"),
                        rs.getString("platform"),
                        rs.getString("name"),
                        rs.getString("status"),
                        Base64.getEncoder().encodeToString(rs.getBytes("credentials")),
                        readMap(rs.getString("settings"))))
            .list();
    List<RuleConfig> rules =
        jdbc.sql(
                "SELECT id, name, enabled, conditions::text, platforms, require_consent FROM"
                    + " routing_rules WHERE merchant_id = :m ORDER BY position, created_at, id")
            .param("m", merchantId)
            .query(
                (rs, n) -> {
                  RuleConfig rule = new RuleConfig();
                  rule.id = rs.getString("id");
                  rule.name = rs.getString("name");
                  rule.enabled = rs.getBoolean("enabled");
                  applyConditions(rule, rs.getString("conditions"));
                  rule.platforms = textArray(rs.getArray("platforms"));
                  rule.requireConsent = rs.getBoolean("require_consent");
                  return rule;
                })
            .list();
    MerchantConfig config = new MerchantConfig(merchantId.toString(), version, connections, rules);
    config.consentWhenUnstated =
        jdbc.sql("SELECT consent_when_unstated FROM merchants WHERE id = :m")
            .param("m", merchantId)
            .query(String.class)
            .optional()
            .orElse(MerchantConfig.ALLOW);
    return config;
  }

  private Map<String, String> readMap(String text) {
    try {
      return json.readValue(text, STRING_MAP);
    } catch (Exception e) {
      throw new IllegalStateException("settings of a connection are not a string map", e);
    }
  }

  private void applyConditions(RuleConfig rule, String text) {
    JsonNode c;
    try {
      c = json.readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException("conditions of a rule are not JSON", e);
    }
    rule.eventNames = strings(c.get("event_names"));
    rule.sources = strings(c.get("sources"));
    rule.countries = strings(c.get("countries"));
    JsonNode min = c.get("min_value");
    rule.minValue = min == null || min.isNull() ? null : new BigDecimal(min.asText());
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.forEach(v -> out.add(v.asText()));
    }
    return out;
  }

  static List<String> textArray(Array array) throws SQLException {
    if (array == null) {
      return new ArrayList<>();
    }
    return new ArrayList<>(List.of((String[]) array.getArray()));
  }
}
