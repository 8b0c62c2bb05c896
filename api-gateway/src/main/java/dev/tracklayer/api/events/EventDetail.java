package dev.tracklayer.api.events;

import com.fasterxml.jackson.databind.JsonNode;
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
        payload,
        rows);
  }

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
