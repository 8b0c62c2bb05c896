package dev.tracklayer.api.analytics;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** GET /v1/analytics/quality: match quality, per-field completeness and the top issues. */
public record Quality(
    @Schema(example = "7d") String range,
    Instant start,
    Instant end,
    @Schema(description = "Accepted unique events in the window") long events,
    @Schema(description = "Match Quality Score 0-10 of the accepted events; null without any")
        Double matchQuality,
    @Schema(description = "Per platform, from its delivery attempts (DELIVERED, FAILED, ERROR)")
        List<PlatformQuality> platforms,
    @Schema(description = "% of accepted events carrying each user_data field")
        List<FieldCompleteness> completeness,
    @Schema(description = "The 10 most frequent issues, most first") List<Issue> issues) {

  public record PlatformQuality(
      String platform,
      @Schema(description = "0-10; null without attempts") Double score,
      long deliveries) {}

  public record FieldCompleteness(
      @Schema(example = "email") String field,
      long events,
      @Schema(example = "87.5") double percent) {}

  public record Issue(
      @Schema(example = "missing_field") String code,
      @Schema(example = "$.user_data.email") String path,
      @Schema(
              description = "rejected (a refused request) or warning (an accepted event)",
              allowableValues = {"rejected", "warning"})
          String origin,
      long count,
      @Schema(description = "% of accepted events plus rejection details") double share,
      @Schema(description = "One event_id it was seen on; null if none was known")
          String exampleEventId) {}
}
