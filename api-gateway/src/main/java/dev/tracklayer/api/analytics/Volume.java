package dev.tracklayer.api.analytics;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** GET /v1/analytics/volume: one entry per day of the window, zero-filled. */
public record Volume(
    @Schema(example = "7d") String range,
    Instant start,
    Instant end,
    @Schema(description = "The account's time zone, in which days are cut", example = "UTC")
        String timezone,
    List<Day> days) {

  public record Day(
      @Schema(description = "The day in the account's time zone", example = "2026-12-01")
          LocalDate date,
      @Schema(description = "Accepted unique events") long accepted,
      @Schema(description = "Deliveries that reached DELIVERED") long delivered,
      @Schema(description = "Deliveries that ended FAILED or ERROR") long failed,
      @Schema(description = "Deliveries SKIPPED") long skipped) {}
}
