package dev.tracklayer.api.ai.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.analytics.AnalyticsRange;
import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.platforms.PlatformCatalog;
import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.clickhouse.ClickHouseSql;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Deliveries whose current state is FAILED or ERROR, grouped by platform and reason (the platform's
 * error message), over the events received in a range. A delivery's state is its highest version,
 * so a settled delivery counts once as what it settled as (docs/contracts.md).
 */
@Component
public class DeliveryFailuresTool implements ChatToolSet {
  static final int MAX_GROUPS = 50;

  private final ClickHouseDatabase clickhouse;

  public DeliveryFailuresTool(ClickHouseDatabase clickhouse) {
    this.clickhouse = clickhouse;
  }

  /** One group: how many deliveries to a platform ended in this status for this reason. */
  public record FailureGroup(
      String platform,
      String status,
      String reason,
      Integer httpStatus,
      long deliveries,
      Instant lastSeen) {}

  public record Failures(String range, List<FailureGroup> groups) {}

  @Override
  public List<ChatTool> tools() {
    return List.of(
        new ChatTool(
            "delivery_failures",
            "Deliveries now FAILED or ERROR, grouped by platform, status and reason, most"
                + " frequent first (at most "
                + MAX_GROUPS
                + " groups), for events received in the range.",
            ToolSchema.object()
                .oneOf("range", AnalyticsTools.RANGE_HELP, AnalyticsRange.LABELS)
                .oneOf("platform", "only this platform", PlatformCatalog.keys())
                .build(),
            this::run));
  }

  private ChatTool.Output run(Caller caller, JsonNode input) {
    AnalyticsRange range = AnalyticsTools.range(input);
    String platform = input.path("platform").asText("");
    Failures out = read(caller.merchant(), range, platform, Instant.now());
    long total = out.groups().stream().mapToLong(FailureGroup::deliveries).sum();
    return new ChatTool.Output(
        out, total + " failed deliveries in " + out.groups().size() + " groups");
  }

  /** Blocking. {@code platform} empty for every platform. */
  public Failures read(String merchantId, AnalyticsRange range, String platform, Instant now) {
    Instant from = now.minus(range.length());
    List<Object> args = new ArrayList<>(List.of(merchantId, from));
    if (!platform.isEmpty()) {
      args.add(platform);
    }
    args.add(List.of("FAILED", "ERROR"));
    args.add(MAX_GROUPS);
    String sql =
        ClickHouseSql.bind(
            "SELECT platform, last_status, last_error, last_http, count() AS n,"
                + " toUnixTimestamp(max(last_update)) AS last_ts FROM ("
                + "SELECT event_id, platform, argMax(status, version) AS last_status,"
                + " argMax(error, version) AS last_error,"
                + " argMax(http_status, version) AS last_http,"
                + " max(updated_at) AS last_update FROM deliveries"
                + " WHERE merchant_id = ? AND received_at >= ?"
                + (platform.isEmpty() ? "" : " AND platform = ?")
                + " GROUP BY event_id, platform)"
                + " WHERE last_status IN ?"
                + " GROUP BY platform, last_status, last_error, last_http"
                + " ORDER BY n DESC, platform, last_status, last_error LIMIT ?",
            args.toArray());
    List<FailureGroup> groups = new ArrayList<>();
    for (JsonNode r : clickhouse.query(sql)) {
      int http = r.get("last_http").asInt();
      String error = r.get("last_error").asText();
      groups.add(
          new FailureGroup(
              r.get("platform").asText(),
              r.get("last_status").asText(),
              error.isEmpty() ? "(no message)" : error,
              http == 0 ? null : http,
              r.get("n").asLong(),
              Instant.ofEpochSecond(r.get("last_ts").asLong())));
    }
    return new Failures(range.label(), groups);
  }
}
