package dev.tracklayer.ingest.keys;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** api_keys as the gateway reads them (the api-gateway owns the table). Blocking JDBC. */
@Repository
public class ApiKeyRepository {
  private final JdbcTemplate jdbc;

  public ApiKeyRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The unrevoked key with this SHA-256 (lower-case hex), if any. */
  public Optional<ApiKey> findActiveBySha256(String sha256Hex) {
    List<ApiKey> rows =
        jdbc.query(
            "SELECT k.id, k.merchant_id, m.status FROM api_keys k"
                + " JOIN merchants m ON m.id = k.merchant_id"
                + " WHERE k.key_sha256 = ? AND k.revoked_at IS NULL",
            (rs, i) ->
                new ApiKey(
                    rs.getString("id"),
                    rs.getString("merchant_id"),
                    "active".equals(rs.getString("status"))),
            sha256Hex);
    return rows.stream().findFirst();
  }

  /** Moves last_used_at forward (never back: another replica may have written a later time). */
  public void recordLastUsed(Map<String, Instant> lastUsedByKeyId) {
    List<Object[]> args = new ArrayList<>(lastUsedByKeyId.size());
    lastUsedByKeyId.forEach(
        (id, at) -> {
          Timestamp ts = Timestamp.from(at);
          args.add(new Object[] {ts, UUID.fromString(id), ts});
        });
    jdbc.batchUpdate(
        "UPDATE api_keys SET last_used_at = ? WHERE id = ?"
            + " AND (last_used_at IS NULL OR last_used_at < ?)",
        args);
  }
}
