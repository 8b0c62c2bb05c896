package dev.tracklayer.api.events;

import java.util.List;

/** GET /v1/events: a page and the number of events that match the filters. */
public record EventPage(List<EventSummary> items, long total, int limit, int offset) {}
