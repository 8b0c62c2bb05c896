package dev.tracklayer.api.platforms;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.config.ConfigPublisher;
import dev.tracklayer.api.errors.ApiException;
import dev.tracklayer.api.web.Ids;
import dev.tracklayer.core.crypto.CredentialCipher;
import dev.tracklayer.core.event.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Platform connections. Credentials are sealed with AES-GCM (merchant id as associated data) before
 * they reach PostgreSQL; what is kept readable is the mask.
 */
@Service
public class PlatformService {
  private static final Logger LOG = LoggerFactory.getLogger(PlatformService.class);
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, platform, name, status, credentials_mask::text AS mask, settings::text AS settings,"
          + " last_tested_at, last_test_result::text AS last_test_result, created_at, updated_at";

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final CredentialCipher cipher;
  private final ConfigPublisher config;
  private final WebhooksProperties webhooks;
  private final DeliveryHealth health;

  public PlatformService(
      JdbcClient jdbc,
      TransactionTemplate tx,
      CredentialCipher cipher,
      ConfigPublisher config,
      WebhooksProperties webhooks,
      DeliveryHealth health) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.cipher = cipher;
    this.config = config;
    this.webhooks = webhooks;
    this.health = health;
  }

  /** Blocking. The merchant's connections, each with its delivery health. */
  public List<Platform> list(Caller caller) {
    List<Platform> rows =
        jdbc.sql(
                "SELECT "
                    + COLUMNS
                    + " FROM platform_connections WHERE merchant_id = :m ORDER BY created_at, id")
            .param("m", caller.merchantId())
            .query(PlatformService::row)
            .list();
    if (rows.isEmpty()) {
      return rows;
    }
    Map<String, DeliveryHealth.State> states = health.of(caller.merchantId().toString());
    return rows.stream()
        .map(
            p -> p.withHealth(states.getOrDefault(p.id().toString(), DeliveryHealth.State.HEALTHY)))
        .toList();
  }

  public Platform get(Caller caller, UUID id) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM platform_connections WHERE id = :id AND merchant_id = :m")
        .param("id", id)
        .param("m", caller.merchantId())
        .query(PlatformService::row)
        .optional()
        .orElseThrow(() -> ApiException.notFound("platform"));
  }

  public Platform create(Caller caller, NewPlatform body) {
    if (body == null) {
      throw ApiException.badRequest("missing_body", "a JSON body is required");
    }
    PlatformRequests.Valid valid = PlatformRequests.validate(body, webhooks.allowPrivateTargets());
    String merchant = caller.merchant();
    byte[] sealed = cipher.encrypt(Json.toJson(valid.credentials()), merchant);
    UUID id = UUID.randomUUID();
    try {
      tx.executeWithoutResult(
          status -> {
            jdbc.sql(
                    "INSERT INTO platform_connections"
                        + " (id, merchant_id, platform, name, credentials, credentials_mask,"
                        + " settings) VALUES (:id, :m, :platform, :name, :credentials,"
                        + " :mask::jsonb, :settings::jsonb)")
                .param("id", id)
                .param("m", caller.merchantId())
                .param("platform", valid.platform())
                .param("name", valid.name())
                .param("credentials", sealed)
                .param("mask", Json.toJson(CredentialMask.mask(valid.credentials())))
                .param("settings", Json.toJson(valid.settings()))
                .update();
            config.publish(caller.merchantId());
          });
    } catch (DuplicateKeyException e) {
      throw ApiException.conflict(
          "platform_already_connected",
          valid.platform() + " is already connected; disconnect it before connecting it again");
    }
    LOG.info("merchant {} connected {} ({})", merchant, valid.platform(), id);
    return get(caller, id);
  }

  public Map<String, Object> delete(Caller caller, String idText) {
    UUID id = Ids.uuid(idText, "platform");
    tx.executeWithoutResult(
        status -> {
          int deleted =
              jdbc.sql("DELETE FROM platform_connections WHERE id = :id AND merchant_id = :m")
                  .param("id", id)
                  .param("m", caller.merchantId())
                  .update();
          if (deleted == 0) {
            throw ApiException.notFound("platform");
          }
          config.publish(caller.merchantId());
        });
    LOG.info("merchant {} disconnected platform {}", caller.merchantId(), id);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("ok", true);
    answer.put("id", id);
    return answer;
  }

  /** Platform keys with an active connection, for forward's "connected" check. */
  public Set<String> activePlatforms(UUID merchantId) {
    return new TreeSet<>(
        jdbc.sql(
                "SELECT platform FROM platform_connections"
                    + " WHERE merchant_id = :m AND status = 'active'")
            .param("m", merchantId)
            .query(String.class)
            .list());
  }

  /** The decrypted credentials of one connection, for the test call only. */
  Connection connection(Caller caller, UUID id) {
    return jdbc.sql(
            "SELECT platform, credentials, settings::text FROM platform_connections"
                + " WHERE id = :id AND merchant_id = :m")
        .param("id", id)
        .param("m", caller.merchantId())
        .query(
            (rs, n) ->
                new Connection(
                    id,
                    rs.getString(1),
                    readMap(cipher.decrypt(rs.getBytes(2), caller.merchant())),
                    readMap(rs.getString(3))))
        .optional()
        .orElseThrow(() -> ApiException.notFound("platform"));
  }

  void recordTest(Caller caller, UUID id, Instant at, String resultJson) {
    jdbc.sql(
            "UPDATE platform_connections SET last_tested_at = :at,"
                + " last_test_result = :result::jsonb WHERE id = :id AND merchant_id = :m")
        .param("at", Timestamp.from(at))
        .param("result", resultJson)
        .param("id", id)
        .param("m", caller.merchantId())
        .update();
  }

  record Connection(
      UUID id, String platform, Map<String, String> credentials, Map<String, String> settings) {
    @Override
    public String toString() {
      return "Connection{id=" + id + ", platform=" + platform + "}";
    }
  }

  private static Platform row(ResultSet rs, int n) throws SQLException {
    String result = rs.getString("last_test_result");
    return new Platform(
        rs.getObject("id", UUID.class),
        rs.getString("platform"),
        rs.getString("name"),
        rs.getString("status"),
        readMap(rs.getString("mask")),
        readMap(rs.getString("settings")),
        instant(rs.getTimestamp("last_tested_at")),
        result == null ? null : readTree(result),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("updated_at")),
        null,
        0,
        null,
        null);
  }

  private static Map<String, String> readMap(String text) {
    try {
      return Json.mapper().readValue(text, STRING_MAP);
    } catch (Exception e) {
      throw new IllegalStateException("a stored map is not a JSON object of strings");
    }
  }

  private static JsonNode readTree(String text) {
    try {
      return Json.readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException("a stored test result is not JSON");
    }
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
