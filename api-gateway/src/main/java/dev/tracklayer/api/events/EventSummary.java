package dev.tracklayer.api.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** One row of GET /v1/events, with the latest status of each of its deliveries. */
public record EventSummary(
    String eventId,
    String eventName,
    String source,
    Instant eventTime,
    Instant receivedAt,
    BigDecimal value,
    String currency,
    String orderId,
    String country,
    String replayOf,
    List<PlatformStatus> deliveries) {

  public EventSummary withDeliveries(List<PlatformStatus> statuses) {
    return new EventSummary(
        eventId,
        eventName,
        source,
        eventTime,
        receivedAt,
        value,
        currency,
        orderId,
        country,
        replayOf,
        statuses);
  }

  public record PlatformStatus(String platform, String status) {}
}
