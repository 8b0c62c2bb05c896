package dev.tracklayer.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** GET /v1/events/:id: the stored event, which identity fields it carried, and its deliveries. */
public record EventDetail(
    String eventId,
    String eventName,
    String source,
    Instant eventTime,
    Instant receivedAt,
    BigDecimal value,
    String currency,
    String orderId,
    String eventSourceUrl,
    String country,
    String replayOf,
    String apiKeyId,
    Map<String, Boolean> identity,
    @Schema(
            description =
                "What the ingest gateway noticed without refusing the event (docs/ingest.md,"
                    + " \"Quality signals\"); empty when nothing")
        List<Warning> warnings,
    JsonNode payload,
    List<Delivery> deliveries) {

  public EventDetail withDeliveries(List<Delivery> rows) {
    return new EventDetail(
        eventId,
        eventName,
        source,
        eventTime,
        receivedAt,
        value,
        currency,
        orderId,
        eventSourceUrl,
        country,
        replayOf,
        apiKeyId,
        identity,
        warnings,
        payload,
        rows);
  }

  /**
   * One warning of the event.
   *
   * @param code unknown_field, email_unusable, phone_unusable, purchase_without_value,
   *     browser_without_fbp or no_matchable_identifier
   * @param path the JSON path in the request body it is about, e.g. {@code $.user_data.email}
   */
  public record Warning(
      @Schema(
              description = "What was noticed",
              allowableValues = {
                "unknown_field",
                "email_unusable",
                "phone_unusable",
                "purchase_without_value",
                "browser_without_fbp",
                "no_matchable_identifier"
              })
          String code,
      @Schema(description = "JSON path in the request body, e.g. $.user_data.email") String path) {}

  /** The latest state of the delivery to one platform. */
  public record Delivery(
      String platform,
      String connectionId,
      String status,
      int attempts,
      Integer httpStatus,
      String error,
      long latencyMs,
      Instant queuedAt,
      Instant updatedAt) {}
}
