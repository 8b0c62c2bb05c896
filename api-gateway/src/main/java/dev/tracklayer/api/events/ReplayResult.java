package dev.tracklayer.api.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * Answer of replay, forward and retry-failed: the new event's id ({@code <id>-replay-<n>}); for
 * forward and retry-failed also the platforms it is limited to.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplayResult(
    boolean ok, Instant replayedAt, String eventId, String replayOf, List<String> platforms) {}
