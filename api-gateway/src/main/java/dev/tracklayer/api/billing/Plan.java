package dev.tracklayer.api.billing;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One plan of the catalog, as the file states it and as {@code GET /v1/billing/plans} answers it
 * (the Stripe price id stays inside).
 */
public record Plan(
    String id,
    String name,
    @Schema(description = "price per billing period, in cents of `currency`")
        long monthlyPriceCents,
    @Schema(description = "accepted events included per billing period") long includedEvents,
    @Schema(
            description =
                "price of each 1,000 events past the included ones, in cents; null: a hard cap"
                    + " (events past it are refused with 429 quota_exceeded)",
            nullable = true)
        @JsonProperty("overage_cents_per_1000")
        Long overageCentsPer1000,
    @JsonIgnore String stripePriceId) {

  @Schema(description = "true when events past the allowance are refused instead of billed")
  @JsonProperty("hard_cap")
  public boolean hardCap() {
    return overageCentsPer1000 == null;
  }

  @JsonIgnore
  public boolean purchasable() {
    return stripePriceId != null && !stripePriceId.isBlank();
  }
}
