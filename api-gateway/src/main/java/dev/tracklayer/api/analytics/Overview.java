package dev.tracklayer.api.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** GET /v1/analytics/overview: the KPIs of the window and their change against the one before. */
public record Overview(
    @Schema(example = "7d") String range,
    @Schema(description = "First instant counted (on the hour when hourly rollups serve it)")
        Instant start,
    @Schema(description = "First instant not counted: the end of the current minute") Instant end,
    @JsonProperty("events_24h")
        @Schema(description = "Accepted unique events of the last 24 h, whatever the range")
        long events24h,
    @Schema(description = "Accepted unique events in the window") long events,
    @Schema(
            description =
                "% of DELIVERED among DELIVERED, FAILED and ERROR deliveries (SKIPPED is not an"
                    + " attempt); null without any",
            example = "99.2")
        Double deliveryRate,
    @Schema(
            description =
                "0-100: 50 % delivery rate, 25 % p95 latency (1 s or less full, 0 at 30 s), 25 %"
                    + " match quality; null without deliveries",
            example = "94")
        Integer healthScore,
    @Schema(description = "Active platform connections") int activePlatforms,
    @Schema(description = "Purchase revenue in revenue_currency", example = "284910.5")
        BigDecimal revenueTracked,
    @Schema(
            description = "The currency with the most purchase revenue in the window; null if none",
            example = "USD")
        String revenueCurrency,
    @Schema(description = "Purchase revenue per currency")
        Map<String, BigDecimal> revenueByCurrency,
    @Schema(description = "Mean latency of delivery attempts; null without any") Long avgLatencyMs,
    @Schema(description = "95th percentile latency, from the rollup histogram") Long p95LatencyMs,
    @Schema(description = "Overall Match Quality Score 0-10 of the accepted events")
        Double matchQuality,
    Deltas deltas) {

  /** % change of each KPI against the previous period of equal length; null when that was 0. */
  public record Deltas(
      @JsonProperty("events_24h") Double events24h,
      Double events,
      Double deliveryRate,
      Double healthScore,
      Double revenueTracked,
      Double avgLatencyMs,
      Double p95LatencyMs,
      Double matchQuality) {}
}
