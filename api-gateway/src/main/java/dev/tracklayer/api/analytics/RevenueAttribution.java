package dev.tracklayer.api.analytics;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** GET /v1/analytics/revenue-attribution: purchases by their customer's first-touch platform. */
public record RevenueAttribution(
    @Schema(example = "30d") String range,
    Instant start,
    Instant end,
    @Schema(description = "Platforms with purchases, most orders first; direct: no first touch")
        List<PlatformRevenue> platforms,
    Totals totals) {

  public record PlatformRevenue(
      @Schema(example = "meta") String platform,
      long orders,
      @Schema(description = "Revenue per currency") Map<String, BigDecimal> revenue) {}

  public record Totals(long orders, Map<String, BigDecimal> revenue) {}
}
