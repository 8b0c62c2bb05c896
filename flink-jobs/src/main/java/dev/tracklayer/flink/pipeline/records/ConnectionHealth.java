package dev.tracklayer.flink.pipeline.records;

import static dev.tracklayer.core.clickhouse.RowBinaryFormat.column;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tracklayer.core.clickhouse.RowBinaryFormat;

/**
 * A connection's delivery health as the API shows it: a row of ClickHouse {@code connection_health}
 * (a ReplacingMergeTree on (merchant_id, connection_id); the highest {@code version} wins).
 */
public class ConnectionHealth {
  @JsonProperty("merchant_id")
  public String merchantId;

  @JsonProperty("connection_id")
  public String connectionId;

  @JsonProperty("platform")
  public String platform;

  /** {@code closed}, {@code open} or {@code auth_error} ({@link ConnectionState}). */
  @JsonProperty("status")
  public String status;

  /** Paused since (epoch millis, as every time here); 0 when closed. */
  @JsonProperty("since")
  public long since;

  @JsonProperty("backlog")
  public long backlog;

  @JsonProperty("consecutive_failures")
  public int consecutiveFailures;

  @JsonProperty("last_error")
  public String lastError;

  @JsonProperty("next_attempt_at")
  public long nextAttemptAt;

  @JsonProperty("updated_at")
  public long updatedAt;

  @JsonProperty("version")
  public long version;

  public static final RowBinaryFormat<ConnectionHealth> CLICKHOUSE =
      new RowBinaryFormat<>(
          column("merchant_id", "String", r -> r.merchantId),
          column("connection_id", "String", r -> r.connectionId),
          column("platform", "String", r -> r.platform),
          column("status", "String", r -> r.status),
          column("since", "UInt64", r -> r.since),
          column("backlog", "UInt64", r -> r.backlog),
          column("consecutive_failures", "UInt32", r -> r.consecutiveFailures),
          column("last_error", "String", r -> r.lastError),
          column("next_attempt_at", "UInt64", r -> r.nextAttemptAt),
          column("updated_at", "UInt64", r -> r.updatedAt),
          column("version", "UInt64", r -> r.version));

  public ConnectionHealth() {}

  /** The state of a connection now; an absent state is a healthy connection. */
  public static ConnectionHealth of(
      String merchantId, String connectionId, String platform, ConnectionState s, long now) {
    ConnectionHealth h = new ConnectionHealth();
    h.merchantId = merchantId;
    h.connectionId = connectionId;
    h.platform = platform;
    h.status = s == null ? ConnectionState.CLOSED : s.status;
    h.since = s == null ? 0 : s.since;
    h.backlog = s == null ? 0 : s.backlog;
    h.consecutiveFailures = s == null ? 0 : s.consecutiveFailures;
    h.lastError = s == null || s.lastError == null ? "" : s.lastError;
    h.nextAttemptAt = s == null || s.backlog == 0 ? 0 : s.nextAttemptAt;
    h.updatedAt = now;
    // Two updates in one millisecond: the later one is written later on the same subtask.
    h.version = now * 1000 + (System.nanoTime() / 1000) % 1000;
    return h;
  }
}
