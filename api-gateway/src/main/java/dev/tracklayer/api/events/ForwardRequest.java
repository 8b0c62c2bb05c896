package dev.tracklayer.api.events;

import java.util.List;

/** POST /v1/events/:id/forward body: the platforms to send the copy to. */
public record ForwardRequest(List<String> platforms) {}
