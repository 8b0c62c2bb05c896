package dev.tracklayer.api.platforms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.clickhouse.ClickHouseSql;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Each connection's delivery health as the pipeline last published it to ClickHouse {@code
 * connection_health} (docs/pipeline.md, "Circuit breaker"): whether deliveries are paused, since
 * when, and how many wait. A connection the pipeline never had trouble with has no row.
 */
@Component
public class DeliveryHealth {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryHealth.class);

  /** The breaker's state: {@code open} (the platform kept failing) or {@code auth_error}. */
  public record State(
      String status,
      Instant pausedSince,
      long backlog,
      int consecutiveFailures,
      String lastError,
      Instant nextAttemptAt) {
    static final State HEALTHY = new State("closed", null, 0, 0, null, null);

    boolean authError() {
      return "auth_error".equals(status);
    }
  }

  private final ClickHouseDatabase clickhouse;

  public DeliveryHealth(ClickHouseDatabase clickhouse) {
    this.clickhouse = clickhouse;
  }

  /**
   * Blocking. Connection id → state, for one merchant. Without ClickHouse the connections are still
   * listed: the map is empty and the failure is logged.
   */
  public Map<String, State> of(String merchantId) {
    Map<String, State> out = new HashMap<>();
    try {
      for (JsonNode r :
          clickhouse.query(
              ClickHouseSql.bind(
                  "SELECT connection_id, argMax(status, version) AS s, argMax(since, version) AS t,"
                      + " argMax(backlog, version) AS b,"
                      + " argMax(consecutive_failures, version) AS f,"
                      + " argMax(last_error, version) AS e, argMax(next_attempt_at, version) AS n"
                      + " FROM connection_health WHERE merchant_id = ? GROUP BY connection_id",
                  merchantId))) {
        String status = r.get("s").asText();
        boolean paused = !"closed".equals(status);
        long next = r.get("n").asLong();
        out.put(
            r.get("connection_id").asText(),
            new State(
                status,
                paused && r.get("t").asLong() > 0
                    ? Instant.ofEpochMilli(r.get("t").asLong())
                    : null,
                r.get("b").asLong(),
                r.get("f").asInt(),
                r.get("e").asText().isEmpty() ? null : r.get("e").asText(),
                next > 0 ? Instant.ofEpochMilli(next) : null));
      }
    } catch (RuntimeException e) {
      LOG.warn("connection health unavailable: {}", e.getMessage());
    }
    return out;
  }
}
