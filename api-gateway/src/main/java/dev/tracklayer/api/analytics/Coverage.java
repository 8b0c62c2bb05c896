package dev.tracklayer.api.analytics;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** GET /v1/analytics/coverage: delivered counts of the top event names on every platform. */
public record Coverage(
    @Schema(example = "7d") String range,
    Instant start,
    Instant end,
    @Schema(description = "The top 32 event names by accepted events, most first")
        List<String> eventNames,
    @Schema(description = "The 12 platforms, in catalog order") List<PlatformColumn> platforms,
    @Schema(description = "matrix[i][j]: DELIVERED deliveries of event_names[i] to platforms[j]")
        List<List<Long>> matrix) {

  public record PlatformColumn(
      String platform,
      @Schema(description = "The merchant has a connection to it (in any status)")
          boolean connected) {}
}
