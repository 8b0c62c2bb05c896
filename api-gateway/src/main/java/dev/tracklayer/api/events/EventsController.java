package dev.tracklayer.api.events;

import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.web.Blocking;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Events as stored in ClickHouse, and copies of them sent through the pipeline again. */
@RestController
@Tag(
    name = "Events",
    description = "Events the pipeline stored, their deliveries, and sending them again")
@RequestMapping("/v1/events")
public class EventsController {
  private final EventService events;
  private final ReplayService replays;

  public EventsController(EventService events, ReplayService replays) {
    this.events = events;
    this.replays = replays;
  }

  @Operation(
      summary = "List events",
      description = "Filters are optional; limit defaults to 50 and is capped at 200.")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "400", description = "invalid_query")
  @GetMapping
  public Mono<EventPage> list(
      Caller caller,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String offset,
      @RequestParam(required = false) String platform,
      @RequestParam(required = false) String status,
      @RequestParam(name = "event_name", required = false) String eventName,
      @RequestParam(required = false) String source,
      @RequestParam(required = false) String start,
      @RequestParam(required = false) String end,
      @RequestParam(required = false) String search,
      @RequestParam(required = false) String orderBy,
      @RequestParam(required = false) String orderDirection) {
    EventQuery query =
        EventQuery.parse(
            limit,
            offset,
            platform,
            status,
            eventName,
            source,
            start,
            end,
            search,
            orderBy,
            orderDirection);
    return events.list(caller, query);
  }

  @Operation(summary = "Get one event with its deliveries")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "not_found: no such event of this merchant")
  @GetMapping("/{id}")
  public Mono<EventDetail> get(Caller caller, @PathVariable String id) {
    return events.detail(caller, id);
  }

  @Operation(
      summary = "Replay an event through the pipeline",
      description =
          "A copy with event_id `<id>-replay-<n>` goes to every platform the rules select.")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "not_found: no such event of this merchant")
  @ApiResponse(responseCode = "409", description = "event_id_too_long or not_replayable")
  @ApiResponse(
      responseCode = "503",
      description = "unavailable: Kafka did not acknowledge the copy (Retry-After)")
  @PostMapping("/{id}/replay")
  public Mono<ReplayResult> replay(Caller caller, @PathVariable String id) {
    return Blocking.call(() -> replays.replay(caller, id));
  }

  @Operation(summary = "Send an event again to chosen platforms")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "400", description = "validation_failed or platform_not_connected")
  @ApiResponse(responseCode = "404", description = "not_found: no such event of this merchant")
  @ApiResponse(
      responseCode = "503",
      description = "unavailable: Kafka did not acknowledge the copy (Retry-After)")
  @PostMapping("/{id}/forward")
  public Mono<ReplayResult> forward(
      Caller caller, @PathVariable String id, @RequestBody ForwardRequest body) {
    return Blocking.call(() -> replays.forward(caller, id, body));
  }

  @Operation(
      summary = "Retry an event's failed deliveries",
      description = "Sends a copy to the platforms whose delivery is FAILED, ERROR or RETRY.")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "not_found: no such event of this merchant")
  @ApiResponse(responseCode = "409", description = "nothing_to_retry")
  @ApiResponse(
      responseCode = "503",
      description = "unavailable: Kafka did not acknowledge the copy (Retry-After)")
  @PostMapping("/{id}/retry-failed")
  public Mono<ReplayResult> retryFailed(Caller caller, @PathVariable String id) {
    return Blocking.call(() -> replays.retryFailed(caller, id));
  }
}
