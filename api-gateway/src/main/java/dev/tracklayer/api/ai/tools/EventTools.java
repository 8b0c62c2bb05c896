package dev.tracklayer.api.ai.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.events.DeliveryStatuses;
import dev.tracklayer.api.events.EventDetail;
import dev.tracklayer.api.events.EventPage;
import dev.tracklayer.api.events.EventQuery;
import dev.tracklayer.api.events.EventService;
import dev.tracklayer.api.platforms.PlatformCatalog;
import dev.tracklayer.core.event.TrackEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * GET /v1/events and GET /v1/events/:id as tools, through {@link EventQuery} (so the same checks
 * and the same merchant-scoped reads). Pages are smaller than the dashboard's.
 */
@Component
public class EventTools implements ChatToolSet {
  static final int MAX_LIMIT = 50;
  static final int DEFAULT_LIMIT = 20;
  private static final String TIME_HELP =
      "ISO-8601 (2026-04-20T10:00:00Z), a date (a whole UTC day) or unix seconds";

  private final EventService events;

  public EventTools(EventService events) {
    this.events = events;
  }

  @Override
  public List<ChatTool> tools() {
    return List.of(
        new ChatTool(
            "list_events",
            "The merchant's events, newest first unless ordered otherwise, with each platform's"
                + " delivery status. Filters are optional and combine.",
            filters(ToolSchema.object()).build(),
            (caller, input) -> page(events.list(caller, query(input, null)))),
        new ChatTool(
            "search_events",
            "Find events by event id, order id or the customer's email (exact), with the same"
                + " optional filters as list_events.",
            filters(ToolSchema.object())
                .string("search", "an event id, order id or email", EventQuery.MAX_SEARCH)
                .required("search")
                .build(),
            (caller, input) ->
                page(events.list(caller, query(input, input.path("search").asText())))),
        new ChatTool(
            "get_event",
            "One event with its delivery to each platform: status, attempts, HTTP status, the"
                + " platform's error and latency.",
            ToolSchema.object()
                .string("event_id", "the event's event_id", 512)
                .required("event_id")
                .build(),
            (caller, input) -> {
              EventDetail e =
                  AnalyticsTools.block(events.detail(caller, input.path("event_id").asText()));
              return new ChatTool.Output(
                  EventView.of(e),
                  "event " + e.eventId() + ": " + e.deliveries().size() + " deliveries");
            }));
  }

  private static ToolSchema filters(ToolSchema schema) {
    return schema
        .integer("limit", "rows per page, " + DEFAULT_LIMIT + " when absent", 1, MAX_LIMIT)
        .integer("offset", "rows to skip", 0, EventQuery.MAX_OFFSET)
        .oneOf("platform", "only events with a delivery to this platform", PlatformCatalog.keys())
        .oneOf(
            "status",
            "only events with a delivery in this status (with platform: to that platform)",
            DeliveryStatuses.ALL)
        .string("event_name", "e.g. purchase, add_to_cart, page_view", 64)
        .oneOf("source", "where the event came from", new TreeSet<>(TrackEvent.SOURCES))
        .string("start", "events at or after this time: " + TIME_HELP, 40)
        .string("end", "events at or before this time: " + TIME_HELP, 40)
        .oneOf("order_by", "sort column", new TreeSet<>(EventQuery.ORDER_COLUMNS.keySet()))
        .oneOf("order_direction", "desc when absent", List.of("asc", "desc"));
  }

  private static EventQuery query(JsonNode in, String search) {
    return EventQuery.parse(
        in.has("limit") ? in.get("limit").asText() : Integer.toString(DEFAULT_LIMIT),
        text(in, "offset"),
        text(in, "platform"),
        text(in, "status"),
        text(in, "event_name"),
        text(in, "source"),
        text(in, "start"),
        text(in, "end"),
        search,
        text(in, "order_by"),
        text(in, "order_direction"));
  }

  private static String text(JsonNode in, String name) {
    JsonNode v = in.get(name);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static ChatTool.Output page(reactor.core.publisher.Mono<EventPage> answer) {
    EventPage page = AnalyticsTools.block(answer);
    return new ChatTool.Output(
        page,
        page.items().size() + " of " + page.total() + " events (offset " + page.offset() + ")");
  }

  /**
   * An event for the model: what the dashboard shows minus the stored payload, which carries the
   * customer's raw identity fields; the {@code identity} flags say which were present.
   */
  record EventView(
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
      Map<String, Boolean> identity,
      List<EventDetail.Warning> warnings,
      List<EventDetail.Delivery> deliveries) {
    static EventView of(EventDetail e) {
      return new EventView(
          e.eventId(),
          e.eventName(),
          e.source(),
          e.eventTime(),
          e.receivedAt(),
          e.value(),
          e.currency(),
          e.orderId(),
          e.eventSourceUrl(),
          e.country(),
          e.replayOf(),
          e.identity(),
          e.warnings(),
          e.deliveries());
    }
  }
}
