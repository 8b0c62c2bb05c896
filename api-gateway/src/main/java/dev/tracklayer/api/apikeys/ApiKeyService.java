package dev.tracklayer.api.apikeys;

import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.errors.ApiException;
import dev.tracklayer.api.web.Ids;
import dev.tracklayer.api.web.Violations;
import dev.tracklayer.core.identity.Sha256;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Ingest keys. Only the SHA-256 of a key is stored (the ingest gateway looks keys up by it); the
 * secret is returned once. Revoking sets revoked_at; the ingest gateway's key cache expires within
 * 30 s, which is how revocation reaches it.
 */
@Service
public class ApiKeyService {
  private static final Logger LOG = LoggerFactory.getLogger(ApiKeyService.class);
  static final int MAX_NAME = 100;

  private final JdbcClient jdbc;

  public ApiKeyService(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<ApiKey> list(Caller caller) {
    return jdbc.sql(
            "SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_keys"
                + " WHERE merchant_id = :m ORDER BY created_at DESC, id")
        .param("m", caller.merchantId())
        .query(ApiKeyService::row)
        .list();
  }

  public CreatedApiKey create(Caller caller, NewApiKey body) {
    Violations v = new Violations();
    String name = body == null ? null : v.text("$.name", body.name(), MAX_NAME, false);
    v.throwIfAny();
    if (name == null || name.isEmpty()) {
      name = "API key";
    }
    String key = ApiKeyGenerator.newKey();
    String prefix = ApiKeyGenerator.prefix(key);
    UUID id = UUID.randomUUID();
    Instant created =
        jdbc.sql(
                "INSERT INTO api_keys (id, merchant_id, name, key_sha256, prefix)"
                    + " VALUES (:id, :m, :name, :hash, :prefix) RETURNING created_at")
            .param("id", id)
            .param("m", caller.merchantId())
            .param("name", name)
            .param("hash", Sha256.hex(key))
            .param("prefix", prefix)
            .query((rs, n) -> rs.getTimestamp(1).toInstant())
            .single();
    LOG.info("merchant {} created API key {} ({})", caller.merchantId(), id, prefix);
    return new CreatedApiKey(id, name, prefix, key, created);
  }

  /** Idempotent: revoking a revoked key keeps its first revocation time. */
  public RevokedApiKey revoke(Caller caller, String idText) {
    UUID id = Ids.uuid(idText, "API key");
    Instant revoked =
        jdbc.sql(
                "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now())"
                    + " WHERE id = :id AND merchant_id = :m RETURNING revoked_at")
            .param("id", id)
            .param("m", caller.merchantId())
            .query((rs, n) -> rs.getTimestamp(1).toInstant())
            .optional()
            .orElseThrow(() -> ApiException.notFound("API key"));
    LOG.info("merchant {} revoked API key {}", caller.merchantId(), id);
    return new RevokedApiKey(true, id, revoked);
  }

  private static ApiKey row(ResultSet rs, int n) throws SQLException {
    return new ApiKey(
        rs.getObject("id", UUID.class),
        rs.getString("name"),
        rs.getString("prefix"),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("last_used_at")),
        instant(rs.getTimestamp("revoked_at")));
  }

  static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
