package dev.tracklayer.api.analytics;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** GET /v1/analytics/funnel: page_view through purchase. */
public record Funnel(
    @Schema(example = "30d") String range,
    Instant start,
    Instant end,
    @Schema(description = "customer when asked with ?by=customer, else null") String by,
    List<Stage> stages) {

  public record Stage(
      @Schema(example = "add_to_cart") String stage,
      @Schema(description = "Accepted unique events of this name") long count,
      @Schema(description = "previous stage's count minus this one's; null on the first")
          Long dropOff,
      @Schema(description = "drop_off as % of the previous stage; null on the first or after 0")
          Double dropOffRate,
      @Schema(
              description =
                  "With ?by=customer: unique customers who reached this stage through every"
                      + " earlier one, in order, within the range")
          Long customers) {}
}
