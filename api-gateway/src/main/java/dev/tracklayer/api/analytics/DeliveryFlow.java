package dev.tracklayer.api.analytics;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * GET /v1/analytics/delivery: where the merchant's events went, from the ingest gateway's answer to
 * each platform's final states, with the top reasons of the deliveries that did not get through.
 */
public record DeliveryFlow(
    @Schema(example = "7d") String range,
    Instant start,
    Instant end,
    @Schema(description = "The ingest side, for the whole merchant") Ingest ingest,
    @Schema(description = "The 12 platforms, in catalog order") List<PlatformFlow> platforms) {

  public record Ingest(
      @Schema(description = "accepted + refused") long received,
      @Schema(description = "Accepted unique events in the window") long accepted,
      @Schema(
              description =
                  "Refused with a 400: the rejection details of the window (one per field error,"
                      + " so an upper bound of the refused requests)")
          long refused) {}

  public record PlatformFlow(
      @Schema(example = "meta") String platform,
      @Schema(description = "The merchant has a connection to it (in any status)")
          boolean connected,
      @Schema(description = "delivered + failed + error + skipped + waiting") long routed,
      @Schema(description = "Deliveries that settled DELIVERED in the window") long delivered,
      @Schema(description = "Settled FAILED: the platform refused them for good") long failed,
      @Schema(description = "Settled ERROR: retries ran out, too old, or an internal fault")
          long error,
      @Schema(description = "Settled SKIPPED: not sent, with a reason") long skipped,
      @Schema(
              description =
                  "Deliveries of events dated in the window's days that are QUEUED or RETRY now")
          long waiting,
      @Schema(
              description =
                  "Up to 5 reasons per status (FAILED, ERROR, SKIPPED), most first, each with one"
                      + " event id")
          List<Reason> reasons) {}

  public record Reason(
      @Schema(allowableValues = {"FAILED", "ERROR", "SKIPPED"}) String status,
      @Schema(
              description = "The platform's message or the skip reason; null when none was given",
              example = "Invalid parameter")
          String reason,
      long count,
      @Schema(description = "One event_id it happened to (the largest)") String exampleEventId) {}
}
